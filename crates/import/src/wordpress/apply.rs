//! Writing a plan into the database, in one transaction: all of it or nothing.
//!
//! Each item is found again by its origin. Unchanged since the last import (same
//! fingerprint): left alone, even if the team has edited it since. Changed: a new version,
//! recorded in the audit log as « import ». Every write also goes to the change log, so
//! every running instance re-indexes what was imported.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use diesel::Connection;
use passerelle_documents::{clean_file_name, identify, DocumentStorage};
use passerelle_store::editorial::{
    self, create_theme, editorial_themes, Editable, Events, Members, Publications, Transition,
};
use passerelle_store::{
    add_attachment, find_origin, list_territories, member_names, remember_origin, Actor,
    DbConnection, ImportedOrigin, NewAttachment, StoreError,
};
use passerelle_types::{
    slugify, EditorialStatus, EventOrganizationInput, EventRole, MemberInput, TerritoryLevel,
};
use uuid::Uuid;

use super::mapping::{plan, Communes, Plan, Planned};
use super::wxr::Export;
use crate::error::ImportError;
use crate::report::{Fate, Report};

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Say what would happen, write nothing.
    pub dry_run: bool,
    /// A local copy of the site's `wp-content/uploads`: files found there are stored as
    /// documents; the others stay links to the original site. Nothing is downloaded.
    pub uploads: Option<PathBuf>,
}

/// The audit log's action for what an import writes.
const ACTION: &str = "import";

/// Imports an export into the database. On any error nothing is written, and the
/// documents stored on the way are removed.
pub fn import(
    conn: &mut DbConnection,
    storage: &dyn DocumentStorage,
    export: &Export,
    options: &Options,
) -> Result<Report, ImportError> {
    let actor = Actor {
        id: None,
        email: "import WordPress".to_owned(),
    };
    let mut stored: Vec<String> = Vec::new();
    let outcome = conn.transaction(|conn| {
        let mut run = Run {
            conn,
            storage,
            actor: &actor,
            options,
            stored: &mut stored,
        };
        let report = run.all(export)?;
        if options.dry_run {
            // Everything was checked by the database itself; none of it stays.
            Err(ImportError::DryRun(Box::new(report)))
        } else {
            Ok(report)
        }
    });
    match outcome {
        Ok(report) => Ok(report),
        Err(ImportError::DryRun(report)) => Ok(*report),
        Err(error) => {
            for key in &stored {
                let _ = storage.delete(key);
            }
            Err(error)
        }
    }
}

struct Run<'a> {
    conn: &'a mut DbConnection,
    storage: &'a dyn DocumentStorage,
    actor: &'a Actor,
    options: &'a Options,
    stored: &'a mut Vec<String>,
}

impl Run<'_> {
    fn all(&mut self, export: &Export) -> Result<Report, ImportError> {
        let territories = list_territories(self.conn)?;
        let communes = Communes::new(
            territories
                .iter()
                .filter(|t| t.level == TerritoryLevel::Commune)
                .map(|t| (t.id.as_str(), t.name.as_str(), t.parent_id.as_deref())),
        );
        let plan = plan(export, &communes);
        let mut report = Report::new(&plan, self.options.dry_run);
        self.themes(&plan, &mut report)?;
        let mut members: HashMap<String, String> = HashMap::new();
        let mut by_name: HashMap<String, String> = member_names(self.conn)?
            .into_iter()
            .map(|(id, name)| (slugify(&name), id))
            .collect();
        for planned in &plan.members {
            let (id, fate) = self.member(planned, &mut by_name)?;
            report.members.count(&fate);
            members.insert(planned.origin.clone(), id);
        }
        for planned in &plan.publications {
            let mut planned = planned.clone();
            let files = self.uploads(&planned.uploads, &mut report);
            let (id, fate) = self.item::<Publications>(&planned)?;
            if matches!(fate, Fate::Created | Fate::Updated) {
                self.attach(&id, &planned.origin, files, &mut report)?;
                self.status::<Publications>(&id, planned.publish, &planned.label)?;
            }
            report.publications.count(&fate);
            planned.uploads.clear();
        }
        for planned in &plan.events {
            let mut planned = planned.clone();
            planned.input.organizations = planned
                .organizers
                .iter()
                .filter_map(|origin| members.get(origin))
                .filter_map(|id| id.parse().ok())
                .map(|member_id| EventOrganizationInput {
                    member_id,
                    role: EventRole::Organisateur,
                })
                .collect();
            // Events have no documents of their own: their files stay links.
            report.links_kept += planned.uploads.len();
            let (id, fate) = self.item::<Events>(&planned)?;
            if matches!(fate, Fate::Created | Fate::Updated) {
                self.status::<Events>(&id, planned.publish, &planned.label)?;
            }
            report.events.count(&fate);
        }
        Ok(report)
    }

    /// Categories become themes; a theme that already has the slug is kept as it is.
    fn themes(&mut self, plan: &Plan, report: &mut Report) -> Result<(), ImportError> {
        let existing: Vec<String> = editorial_themes(self.conn)?
            .into_iter()
            .map(|t| t.slug)
            .collect();
        for theme in &plan.themes {
            if theme.slug.as_ref().is_some_and(|s| existing.contains(s)) {
                continue;
            }
            create_theme(self.conn, self.actor, theme)
                .map_err(|e| invalid(e, &format!("catégorie « {} »", theme.label)))?;
            report.themes_created += 1;
        }
        Ok(())
    }

    /// An organiser: the member it made before, else a member of the same name (never
    /// changed by the import: it belongs to the team), else a new one.
    fn member(
        &mut self,
        planned: &Planned<MemberInput>,
        by_name: &mut HashMap<String, String>,
    ) -> Result<(String, Fate), ImportError> {
        let name = slugify(&planned.input.name);
        match find_origin(self.conn, &planned.origin)? {
            Some(known) if known.fingerprint == MATCHED_BY_NAME => {
                return Ok((known.entity_id, Fate::Matched))
            }
            Some(_) => {}
            None => {
                if let Some(id) = by_name.get(&name) {
                    remember(self.conn, &planned.origin, "member", id, MATCHED_BY_NAME)?;
                    return Ok((id.clone(), Fate::Matched));
                }
            }
        }
        let (id, fate) = self.item::<Members>(planned)?;
        if matches!(fate, Fate::Created | Fate::Updated) {
            self.status::<Members>(&id, planned.publish, &planned.label)?;
        }
        by_name.insert(name, id.clone());
        Ok((id, fate))
    }

    /// Creates, updates or leaves one item (its editorial state is set by the caller, once
    /// its documents are in).
    fn item<K: Editable>(
        &mut self,
        planned: &Planned<K::Input>,
    ) -> Result<(String, Fate), ImportError>
    where
        K::Input: HasSlug,
    {
        let entity = K::TYPE.as_str();
        let previous = find_origin(self.conn, &planned.origin)?;
        let existing = match &previous {
            Some(origin) => match editorial::content::<K>(self.conn, &origin.entity_id) {
                Ok(found) => Some(found),
                Err(StoreError::NotFound(_)) => None,
                Err(e) => return Err(e.into()),
            },
            None => None,
        };
        let label = &planned.label;
        let (id, fate) = match existing {
            Some((state, _))
                if previous
                    .as_ref()
                    .is_some_and(|p| p.fingerprint == planned.fingerprint) =>
            {
                (state.id.hyphenated().to_string(), Fate::Unchanged)
            }
            Some((state, _)) if state.deleted_at.is_some() => {
                (state.id.hyphenated().to_string(), Fate::InBin)
            }
            Some((state, _)) => {
                let id = state.id.hyphenated().to_string();
                let mut input = planned.input.clone();
                // A published item keeps its slug: links to it must not break.
                input.set_slug(Some(state.slug.clone()));
                editorial::update_as::<K>(self.conn, self.actor, &id, state.version, input, ACTION)
                    .map_err(|e| invalid(e, label))?;
                (id, Fate::Updated)
            }
            None => {
                let mut input = planned.input.clone();
                let wanted = input.slug().unwrap_or_default();
                input.set_slug(Some(editorial::free_slug::<K>(self.conn, &wanted, None)?));
                let view = editorial::create_as::<K>(self.conn, self.actor, input, ACTION)
                    .map_err(|e| invalid(e, label))?;
                (
                    K::version_of(&view).1.hyphenated().to_string(),
                    Fate::Created,
                )
            }
        };
        remember(
            self.conn,
            &planned.origin,
            entity,
            &id,
            &planned.fingerprint,
        )?;
        Ok((id, fate))
    }

    fn status<K: Editable>(
        &mut self,
        id: &str,
        publish: bool,
        label: &str,
    ) -> Result<(), ImportError> {
        let (state, _) = editorial::content::<K>(self.conn, id)?;
        let published = state.status == EditorialStatus::Published;
        if publish != published {
            let transition = if publish {
                Transition::Publish
            } else {
                Transition::Unpublish
            };
            editorial::transition::<K>(self.conn, self.actor, id, None, transition)
                .map_err(|e| invalid(e, label))?;
        }
        Ok(())
    }

    /// The uploaded files a text refers to that the local copy of the uploads folder has;
    /// the others stay links to the original site.
    fn uploads(&self, urls: &[String], report: &mut Report) -> Vec<(String, PathBuf)> {
        let Some(root) = &self.options.uploads else {
            report.links_kept += urls.len();
            return Vec::new();
        };
        let mut found = Vec::new();
        for url in urls {
            match local_file(root, url) {
                Some(path) => found.push((url.clone(), path)),
                None => {
                    report.links_kept += 1;
                    report.warnings.push(format!(
                        "Fichier absent du dossier des téléversements, gardé en lien : {url}"
                    ));
                }
            }
        }
        found
    }

    /// Stores each found file as a document of the publication (once: a file imported
    /// before is not stored again) and points the body's links to it.
    fn attach(
        &mut self,
        publication_id: &str,
        item_origin: &str,
        files: Vec<(String, PathBuf)>,
        report: &mut Report,
    ) -> Result<(), ImportError> {
        if files.is_empty() {
            return Ok(());
        }
        let mut replacements: Vec<(String, String)> = Vec::new();
        for (url, path) in files {
            let origin = format!("{item_origin}#{url}");
            if let Some(known) = find_origin(self.conn, &origin)? {
                replacements.push((url, format!("/api/v1/documents/{}", known.entity_id)));
                continue;
            }
            let bytes = std::fs::read(&path)
                .map_err(|e| ImportError::Storage(format!("{} : {e}", path.display())))?;
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("document")
                .to_owned();
            let kind = match identify(&bytes, &name) {
                Ok(kind) => kind,
                Err(refused) => {
                    report.links_kept += 1;
                    report.warnings.push(format!(
                        "{} refusé ({refused}) : gardé en lien.",
                        path.display()
                    ));
                    continue;
                }
            };
            let key = Uuid::new_v4().simple().to_string();
            if !self.options.dry_run {
                self.storage
                    .put(&key, &bytes)
                    .map_err(|e| ImportError::Storage(e.to_string()))?;
                self.stored.push(key.clone());
            }
            let attachment = add_attachment(
                self.conn,
                self.actor,
                NewAttachment {
                    publication_id,
                    file_name: &clean_file_name(&name, kind),
                    media_type: kind.media_type,
                    size_bytes: bytes.len() as u64,
                    storage_key: &key,
                },
            )?;
            let id = attachment.id.hyphenated().to_string();
            remember(self.conn, &origin, "attachment", &id, "")?;
            report.documents_stored += 1;
            replacements.push((url, attachment.url));
        }
        // The body now points at the documents: one more version, still « import ».
        let (state, mut content) = editorial::content::<Publications>(self.conn, publication_id)?;
        let mut body = content.body.clone();
        for (from, to) in &replacements {
            body = body.replace(from, to);
        }
        if body != content.body {
            content.body = body;
            editorial::update_as::<Publications>(
                self.conn,
                self.actor,
                publication_id,
                state.version,
                content,
                ACTION,
            )?;
        }
        Ok(())
    }
}

/// The fingerprint of an organiser matched to a member the team already had.
const MATCHED_BY_NAME: &str = "même nom";

fn remember(
    conn: &mut DbConnection,
    origin: &str,
    entity: &str,
    id: &str,
    fingerprint: &str,
) -> Result<(), ImportError> {
    remember_origin(
        conn,
        origin,
        &ImportedOrigin {
            entity: entity.to_owned(),
            entity_id: id.to_owned(),
            fingerprint: fingerprint.to_owned(),
        },
    )?;
    Ok(())
}

fn invalid(error: StoreError, label: &str) -> ImportError {
    match error {
        StoreError::Invalid(errors) => ImportError::Invalid {
            item: label.to_owned(),
            errors,
        },
        other => ImportError::Store(other),
    }
}

/// The file of an upload address in a local copy of `wp-content/uploads`; never outside it.
fn local_file(root: &Path, url: &str) -> Option<PathBuf> {
    let (_, relative) = url.split_once("/wp-content/uploads/")?;
    let relative = relative.split(['?', '#']).next()?;
    let relative = percent_encoding::percent_decode_str(relative)
        .decode_utf8()
        .ok()?;
    let mut path = root.to_path_buf();
    for part in relative.split('/') {
        if part.is_empty() || part == "." || part == ".." || part.contains('\\') {
            return None;
        }
        path.push(part);
    }
    path.is_file().then_some(path)
}

/// The slug of an input, which imports choose themselves.
pub trait HasSlug {
    fn slug(&self) -> Option<String>;
    fn set_slug(&mut self, slug: Option<String>);
}

macro_rules! has_slug {
    ($($input:ty),*) => {$(
        impl HasSlug for $input {
            fn slug(&self) -> Option<String> {
                self.slug.clone()
            }
            fn set_slug(&mut self, slug: Option<String>) {
                self.slug = slug;
            }
        }
    )*};
}
has_slug!(
    passerelle_types::PublicationInput,
    passerelle_types::EventInput,
    passerelle_types::MemberInput
);
