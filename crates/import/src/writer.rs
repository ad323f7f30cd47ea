//! Writing imported items, the same way for every source: one transaction for the whole
//! import (all of it or nothing; rolled back after a dry run), each item found again by
//! its origin, left alone when its source has not changed since the last import (even if
//! the team has edited it since), else written as a new version recorded in the audit log
//! as « import ». Every write goes through the store's editorial functions, so the change
//! log tells every running instance to re-index it.

use diesel::Connection;
use passerelle_store::editorial::{self, Editable, Transition};
use passerelle_store::{
    find_origin, remember_origin, Actor, DbConnection, ImportedOrigin, StoreError,
};
use passerelle_types::{EditorialInput, EditorialStatus, EditorialView};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::ImportError;
use crate::report::{Fate, Report};

/// The audit log's action for what an import writes.
pub const IMPORT: &str = "import";

/// One item to import, named by where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned<T> {
    /// `https://centre.example/?p=42`, `membres:nom@commune-30189`: the same source item in
    /// a later import has the same origin.
    pub origin: String,
    /// `article 42 « Titre »`, `ligne 12 « Nom »`: how messages name it.
    pub label: String,
    pub input: T,
    /// Published at the source: published here too. Anything else stays a draft.
    pub publish: bool,
    /// Hash of the input, the state and what else the source says of the item: a later
    /// import with the same fingerprint changes nothing.
    pub fingerprint: String,
}

impl<T: Serialize> Planned<T> {
    /// `also`: what else decides whether the item changed (its files, its organisers…).
    pub fn new(
        origin: String,
        label: String,
        input: T,
        publish: bool,
        also: &impl Serialize,
    ) -> Self {
        let json = serde_json::json!([input, publish, also]);
        let fingerprint = Sha256::digest(json.to_string().as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Planned {
            origin,
            label,
            input,
            publish,
            fingerprint,
        }
    }
}

/// Runs a whole import in one transaction. A dry run does everything — the database checks
/// it all — then rolls it back; an error rolls it back too.
pub fn in_one_transaction(
    conn: &mut DbConnection,
    dry_run: bool,
    work: impl FnOnce(&mut DbConnection) -> Result<Report, ImportError>,
) -> Result<Report, ImportError> {
    let outcome = conn.transaction(|conn| {
        let report = work(conn)?;
        if dry_run {
            Err(ImportError::DryRun(Box::new(report)))
        } else {
            Ok(report)
        }
    });
    match outcome {
        Ok(report) => Ok(report),
        Err(ImportError::DryRun(report)) => Ok(*report),
        Err(error) => Err(error),
    }
}

/// How far a long import has gone: told in the log (which `passerelle import` prints)
/// every few hundred items, and at the end.
#[derive(Debug, Default)]
pub struct Progress {
    total: usize,
    done: usize,
}

impl Progress {
    /// Told every this many items.
    const EVERY: usize = 200;

    pub fn of(total: usize) -> Self {
        Progress { total, done: 0 }
    }

    /// One more source item done, whatever became of it.
    pub fn step(&mut self) {
        self.done += 1;
        if self.done.is_multiple_of(Self::EVERY) || self.done == self.total {
            tracing::info!(
                fait = self.done,
                total = self.total,
                "import : {} élément(s) sur {}",
                self.done,
                self.total
            );
        }
    }
}

/// Writes items on a connection, in the name of an importer.
pub struct Writer<'a> {
    pub conn: &'a mut DbConnection,
    pub actor: Actor,
    pub progress: Progress,
}

impl Writer<'_> {
    /// Creates, updates or leaves one item. Its editorial state is set apart
    /// ([`Writer::status`]), once what it needs is written (its documents).
    pub fn item<K: Editable>(
        &mut self,
        planned: &Planned<K::Input>,
    ) -> Result<(String, Fate), ImportError> {
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
        let unchanged = previous.is_some_and(|p| p.fingerprint == planned.fingerprint);
        let (id, fate) = match existing {
            Some((state, _)) if unchanged => (state.id.hyphenated().to_string(), Fate::Unchanged),
            Some((state, _)) if state.deleted_at.is_some() => {
                (state.id.hyphenated().to_string(), Fate::InBin)
            }
            Some((state, _)) => {
                let id = state.id.hyphenated().to_string();
                let mut input = planned.input.clone();
                // The item keeps its slug: links to it must not break.
                input.set_slug(Some(state.slug.clone()));
                editorial::update_as::<K>(
                    self.conn,
                    &self.actor,
                    &id,
                    state.version,
                    input,
                    IMPORT,
                )
                .map_err(|e| invalid(e, label))?;
                (id, Fate::Updated)
            }
            None => {
                let mut input = planned.input.clone();
                // The source's slug where it has one, else one from the title.
                let wanted = input.slug().unwrap_or(input.title()).to_owned();
                input.set_slug(Some(editorial::free_slug::<K>(self.conn, &wanted, None)?));
                let view = editorial::create_as::<K>(self.conn, &self.actor, input, IMPORT)
                    .map_err(|e| invalid(e, label))?;
                (view.id().hyphenated().to_string(), Fate::Created)
            }
        };
        self.remember(&planned.origin, K::TYPE.as_str(), &id, &planned.fingerprint)?;
        Ok((id, fate))
    }

    /// Publishes or unpublishes an item as its source says.
    pub fn status<K: Editable>(
        &mut self,
        id: &str,
        publish: bool,
        label: &str,
    ) -> Result<(), ImportError> {
        let (state, _) = editorial::content::<K>(self.conn, id)?;
        if publish != (state.status == EditorialStatus::Published) {
            let transition = if publish {
                Transition::Publish
            } else {
                Transition::Unpublish
            };
            editorial::transition::<K>(self.conn, &self.actor, id, None, transition)
                .map_err(|e| invalid(e, label))?;
        }
        Ok(())
    }

    /// Records what an origin became.
    pub fn remember(
        &mut self,
        origin: &str,
        entity: &str,
        id: &str,
        fingerprint: &str,
    ) -> Result<(), ImportError> {
        remember_origin(
            self.conn,
            origin,
            &ImportedOrigin {
                entity: entity.to_owned(),
                entity_id: id.to_owned(),
                fingerprint: fingerprint.to_owned(),
            },
        )?;
        Ok(())
    }
}

/// A store refusal, naming the source item it came from.
pub fn invalid(error: StoreError, label: &str) -> ImportError {
    match error {
        StoreError::Invalid(errors) => ImportError::Invalid {
            item: label.to_owned(),
            errors,
        },
        other => ImportError::Store(other),
    }
}
