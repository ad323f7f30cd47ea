//! Writing what an export becomes, through the shared [`Writer`]: themes first, then the
//! organisers, the publications with their documents, and the events.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use passerelle_documents::{clean_file_name, identify, DocumentStorage};
use passerelle_store::editorial::{
    self, create_theme, editorial_themes, Events, Members, Publications,
};
use passerelle_store::{
    add_attachment, find_origin, list_territories, member_names, Actor, DbConnection, NewAttachment,
};
use passerelle_types::{slugify, EventOrganizationInput, EventRole, MemberInput};
use uuid::Uuid;

use super::mapping::{plan, Plan, PlannedPost};
use super::wxr::Export;
use crate::error::ImportError;
use crate::report::{Fate, Report};
use crate::territories::Territories;
use crate::writer::{in_one_transaction, invalid, Progress, Writer, IMPORT};

/// How to import.
#[derive(Debug, Clone)]
pub struct Options {
    /// Say what would happen, write nothing.
    pub dry_run: bool,
    /// A local copy of the site's `wp-content/uploads`: files found there are stored as
    /// documents; the others stay links to the original site. Nothing is downloaded.
    pub uploads: Option<PathBuf>,
    /// The largest document stored, as for an editor's upload; a larger file stays a link.
    pub max_document_bytes: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            dry_run: false,
            uploads: None,
            max_document_bytes: 20 * 1024 * 1024,
        }
    }
}

/// The fingerprint of an organiser matched to a member the team already had.
const MATCHED_BY_NAME: &str = "même nom";

/// Imports an export into the database. On any error nothing is written, and the
/// documents stored on the way are removed.
pub fn import(
    conn: &mut DbConnection,
    storage: &dyn DocumentStorage,
    export: &Export,
    options: &Options,
) -> Result<Report, ImportError> {
    let mut stored: Vec<String> = Vec::new();
    let outcome = in_one_transaction(conn, options.dry_run, |conn| {
        Run {
            writer: Writer {
                conn,
                actor: Actor {
                    id: None,
                    email: "import WordPress".to_owned(),
                },
                progress: Progress::default(),
            },
            storage,
            options,
            stored: &mut stored,
        }
        .all(export)
    });
    if outcome.is_err() {
        // Not recorded: the files must not stay behind.
        for key in &stored {
            let _ = storage.delete(key);
        }
    }
    outcome
}

struct Run<'a> {
    writer: Writer<'a>,
    storage: &'a dyn DocumentStorage,
    options: &'a Options,
    stored: &'a mut Vec<String>,
}

impl Run<'_> {
    fn all(&mut self, export: &Export) -> Result<Report, ImportError> {
        let territories = Territories::new(&list_territories(self.writer.conn)?);
        let plan = plan(export, &territories);
        self.writer.progress =
            Progress::of(plan.members.len() + plan.publications.len() + plan.events.len());
        let mut report = Report::new(format!("du site {}", plan.site), self.options.dry_run);
        report.members_label = "Membres du réseau (organisateurs)".to_owned();
        report.skipped = plan.skipped.clone();
        report.comments = plan.comments;
        report.unknown_shortcodes = plan.unknown_shortcodes.clone();
        report.warnings = plan.warnings.clone();
        self.themes(&plan, &mut report)?;
        let mut members: HashMap<String, String> = HashMap::new();
        let mut by_name: HashMap<String, String> = member_names(self.writer.conn)?
            .into_iter()
            .map(|(id, name)| (slugify(&name), id))
            .collect();
        for planned in &plan.members {
            let (id, fate) = self.member(planned, &mut by_name)?;
            report.members.count(&fate);
            members.insert(planned.item.origin.clone(), id);
            self.writer.progress.step();
        }
        for planned in &plan.publications {
            let files = self.uploads(&planned.uploads, &mut report);
            let mut item = planned.item.clone();
            // Files found locally change what the post becomes: imported once without a
            // copy of the uploads and again with one, it gets its documents.
            if !files.is_empty() {
                item.fingerprint = format!("{}+{}", item.fingerprint, files.len());
            }
            let item = &item;
            let (id, fate) = self.writer.item::<Publications>(item)?;
            if matches!(fate, Fate::Created | Fate::Updated) {
                self.attach(&id, &item.origin, files, &mut report)?;
                self.writer
                    .status::<Publications>(&id, item.publish, &item.label)?;
            }
            report.publications.count(&fate);
            self.writer.progress.step();
        }
        for planned in &plan.events {
            let mut item = planned.item.clone();
            item.input.organizations = planned
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
            let (id, fate) = self.writer.item::<Events>(&item)?;
            if matches!(fate, Fate::Created | Fate::Updated) {
                self.writer
                    .status::<Events>(&id, item.publish, &item.label)?;
            }
            report.events.count(&fate);
            self.writer.progress.step();
        }
        Ok(report)
    }

    /// Categories become themes; a theme that already has the slug is kept as it is.
    fn themes(&mut self, plan: &Plan, report: &mut Report) -> Result<(), ImportError> {
        let existing: Vec<String> = editorial_themes(self.writer.conn)?
            .into_iter()
            .map(|t| t.slug)
            .collect();
        for theme in &plan.themes {
            if theme.slug.as_ref().is_some_and(|s| existing.contains(s)) {
                continue;
            }
            create_theme(self.writer.conn, &self.writer.actor, theme)
                .map_err(|e| invalid(e, &format!("catégorie « {} »", theme.label)))?;
            report.themes_created += 1;
        }
        Ok(())
    }

    /// An organiser: the member it made before, else a member of the same name (never
    /// changed by the import: it belongs to the team), else a new one.
    fn member(
        &mut self,
        planned: &PlannedPost<MemberInput>,
        by_name: &mut HashMap<String, String>,
    ) -> Result<(String, Fate), ImportError> {
        let item = &planned.item;
        let name = slugify(&item.input.name);
        match find_origin(self.writer.conn, &item.origin)? {
            Some(known) if known.fingerprint == MATCHED_BY_NAME => {
                return Ok((known.entity_id, Fate::Matched))
            }
            Some(_) => {}
            None => {
                if let Some(id) = by_name.get(&name) {
                    self.writer
                        .remember(&item.origin, "member", id, MATCHED_BY_NAME)?;
                    return Ok((id.clone(), Fate::Matched));
                }
            }
        }
        let (id, fate) = self.writer.item::<Members>(item)?;
        if matches!(fate, Fate::Created | Fate::Updated) {
            self.writer
                .status::<Members>(&id, item.publish, &item.label)?;
        }
        by_name.insert(name, id.clone());
        Ok((id, fate))
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
            if let Some(known) = find_origin(self.writer.conn, &origin)? {
                replacements.push((url, format!("/api/v1/documents/{}", known.entity_id)));
                continue;
            }
            let size = std::fs::metadata(&path).map_or(0, |m| m.len());
            if size > self.options.max_document_bytes {
                report.links_kept += 1;
                report.warnings.push(format!(
                    "{} dépasse la taille permise ({} Mo) : gardé en lien.",
                    path.display(),
                    self.options.max_document_bytes / (1024 * 1024)
                ));
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
                self.writer.conn,
                &self.writer.actor,
                NewAttachment {
                    publication_id,
                    file_name: &clean_file_name(&name, kind),
                    media_type: kind.media_type,
                    size_bytes: bytes.len() as u64,
                    storage_key: &key,
                },
            )?;
            let id = attachment.id.hyphenated().to_string();
            self.writer.remember(&origin, "attachment", &id, "")?;
            report.documents_stored += 1;
            replacements.push((url, attachment.url));
        }
        // The body now points at the documents: one more version, still « import ».
        let (state, mut content) =
            editorial::content::<Publications>(self.writer.conn, publication_id)?;
        let body = replacements
            .iter()
            .fold(content.body.clone(), |body, (from, to)| {
                body.replace(from, to)
            });
        if body != content.body {
            content.body = body;
            editorial::update_as::<Publications>(
                self.writer.conn,
                &self.writer.actor,
                publication_id,
                state.version,
                content,
                IMPORT,
            )?;
        }
        Ok(())
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
