//! The backup archive: everything a site holds, as a tar file a person can open and read,
//! restored whole into an empty database on either backend.
//!
//! Contents, in this order:
//! - `manifest.json`: format and version, how many lines each file has, and the SHA-256 of
//!   every other file (checked before anything is restored);
//! - `themes.jsonl`, `territories.jsonl`, `members.jsonl`, `events.jsonl`,
//!   `publications.jsonl`: one JSON object a line; items as the editorial API shows them
//!   (state and content, drafts and the bin included);
//! - `attachments.jsonl` and `documents/KEY`: the documents' records and their bytes;
//! - `accounts.jsonl` (without passwords), `audit_log.jsonl`, `import_origins.jsonl`;
//! - `registration_settings.jsonl`, `registrations.jsonl` (personal data, erased on their
//!   schedule in the restored site too), `registration_tallies.jsonl`, `site_pages.jsonl`.
//!
//! The same content always gives the same bytes: lines in id order, no dates of the
//! export, tar entries without owner or time, times cut to the microsecond that both
//! databases keep — so SQLite → archive → PostgreSQL → archive gives the same archive.

use std::collections::BTreeMap;
use std::io::{Read, Write};

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};
use diesel::RunQueryDsl;
use passerelle_documents::DocumentStorage;
use passerelle_store::archive::{
    self as rows, AccountRecord, AttachmentRecord, AuditLogRecord, OriginRecord,
    RegistrationRecord, RegistrationSettingsRecord, SitePageRecord, TallyRecord, WholeRows,
};
use passerelle_store::editorial::{
    self, editorial_themes, Editable, Events, Members, Publications,
};
use passerelle_store::{DbConnection, StoreError};
use passerelle_types::{EditorialTheme, EditorialView, Territory};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::ImportError;
use crate::report::{Counts, Report};
use crate::writer::in_one_transaction;

/// What `manifest.json` says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always `passerelle-archive`.
    pub format: String,
    pub format_version: u32,
    /// Lines of each `.jsonl` file.
    pub counts: BTreeMap<String, usize>,
    /// SHA-256, in hexadecimal, of every other file of the archive.
    pub sha256: BTreeMap<String, String>,
}

const FORMAT: &str = "passerelle-archive";
const FORMAT_VERSION: u32 = 1;

/// Writes the whole site as an archive. Read in one transaction: a consistent picture even
/// while editors work.
pub fn export(
    conn: &mut DbConnection,
    storage: &dyn DocumentStorage,
    out: impl Write,
) -> Result<Manifest, ImportError> {
    let files = read_everything(conn, storage)?;
    let mut manifest = Manifest {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        counts: BTreeMap::new(),
        sha256: BTreeMap::new(),
    };
    for (name, bytes) in &files {
        if let Some(table) = name.strip_suffix(".jsonl") {
            let lines = bytes.iter().filter(|b| **b == b'\n').count();
            manifest.counts.insert(table.to_owned(), lines);
        }
        manifest
            .sha256
            .insert(name.clone(), hex(&Sha256::digest(bytes)));
    }
    let mut tar = tar::Builder::new(out);
    let mut manifest_json = serde_json::to_vec_pretty(&manifest).map_err(json_error)?;
    manifest_json.push(b'\n');
    append(&mut tar, "manifest.json", &manifest_json)?;
    for (name, bytes) in &files {
        append(&mut tar, name, bytes)?;
    }
    tar.into_inner()
        .and_then(|mut out| out.flush())
        .map_err(|e| ImportError::Storage(e.to_string()))?;
    Ok(manifest)
}

fn read_everything(
    conn: &mut DbConnection,
    storage: &dyn DocumentStorage,
) -> Result<Vec<(String, Vec<u8>)>, ImportError> {
    use diesel::Connection;
    conn.transaction(|conn| {
        if let DbConnection::Postgresql(_) = conn {
            // One snapshot for every read of the export.
            diesel::sql_query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute(conn)?;
        }
        let mut themes = editorial_themes(conn)?;
        themes.sort_by(|a, b| a.slug.cmp(&b.slug));
        let attachments = AttachmentRecord::all(conn)?;
        let mut files = vec![
            ("themes.jsonl".to_owned(), lines(&themes)?),
            (
                "territories.jsonl".to_owned(),
                lines(&rows::all_territories(conn)?)?,
            ),
            ("members.jsonl".to_owned(), items::<Members>(conn)?),
            ("events.jsonl".to_owned(), items::<Events>(conn)?),
            (
                "publications.jsonl".to_owned(),
                items::<Publications>(conn)?,
            ),
            (AttachmentRecord::FILE.to_owned(), lines(&attachments)?),
            (
                "accounts.jsonl".to_owned(),
                lines(&rows::all_accounts(conn)?)?,
            ),
            copied::<AuditLogRecord>(conn)?,
            copied::<OriginRecord>(conn)?,
            copied::<RegistrationSettingsRecord>(conn)?,
            copied::<RegistrationRecord>(conn)?,
            copied::<TallyRecord>(conn)?,
            copied::<SitePageRecord>(conn)?,
        ];
        for attachment in &attachments {
            let bytes = storage.read(&attachment.storage_key).map_err(|e| {
                ImportError::Storage(format!(
                    "le fichier du document « {} » ({}) est illisible : {e}",
                    attachment.file_name, attachment.storage_key
                ))
            })?;
            files.push((format!("documents/{}", attachment.storage_key), bytes));
        }
        Ok(files)
    })
}

/// Every item of a kind as its editorial view, one a line.
fn items<K: Editable>(conn: &mut DbConnection) -> Result<Vec<u8>, ImportError> {
    let mut views = Vec::new();
    for id in rows::item_ids(conn, K::TYPE)? {
        views.push(editorial::get::<K>(conn, &id)?);
    }
    lines(&views)
}

/// A table copied row for row, as its file in the archive.
fn copied<R: WholeRows>(conn: &mut DbConnection) -> Result<(String, Vec<u8>), ImportError> {
    Ok((R::FILE.to_owned(), lines(&R::all(conn)?)?))
}

/// The rows of a table copied row for row, inserted back; none when the archive lacks
/// its file.
fn restored<R: WholeRows>(
    conn: &mut DbConnection,
    files: &BTreeMap<String, Vec<u8>>,
) -> Result<(), ImportError> {
    for row in parse::<R>(files, R::FILE)? {
        row.restore(conn)?;
    }
    Ok(())
}

fn lines<T: Serialize>(values: &[T]) -> Result<Vec<u8>, ImportError> {
    let mut out = Vec::new();
    for value in values {
        let mut json = serde_json::to_value(value).map_err(json_error)?;
        to_microseconds(&mut json);
        serde_json::to_writer(&mut out, &json).map_err(json_error)?;
        out.push(b'\n');
    }
    Ok(out)
}

/// Times as both databases keep them: SQLite keeps what it is given (nanoseconds),
/// PostgreSQL microseconds. Cut here, a time reads back the same from either.
fn to_microseconds(value: &mut Value) {
    match value {
        Value::String(text) => {
            if let Ok(at) = DateTime::parse_from_rfc3339(text) {
                if at.timestamp_subsec_nanos() % 1000 != 0 {
                    *value = serde_json::json!(at.with_timezone(&Utc).trunc_subsecs(6));
                }
            } else if let Ok(at) = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f") {
                if at.and_utc().timestamp_subsec_nanos() % 1000 != 0 {
                    *value = serde_json::json!(at.trunc_subsecs(6));
                }
            }
        }
        Value::Array(values) => values.iter_mut().for_each(to_microseconds),
        Value::Object(fields) => fields.values_mut().for_each(to_microseconds),
        _ => {}
    }
}

fn append<W: Write>(
    tar: &mut tar::Builder<W>,
    name: &str,
    bytes: &[u8],
) -> Result<(), ImportError> {
    let mut header = tar::Header::new_ustar();
    header.set_size(bytes.len() as u64);
    header.set_mode(0o644);
    header.set_mtime(0);
    header.set_uid(0);
    header.set_gid(0);
    header.set_entry_type(tar::EntryType::Regular);
    header.set_cksum();
    tar.append_data(&mut header, name, bytes)
        .map_err(|e| ImportError::Storage(e.to_string()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn json_error(error: serde_json::Error) -> ImportError {
    ImportError::Archive(format!("JSON : {error}"))
}

/// Restores an archive into an empty database, all of it or nothing; the documents' files
/// go to `storage`.
pub fn restore(
    conn: &mut DbConnection,
    storage: &dyn DocumentStorage,
    input: impl Read,
) -> Result<Report, ImportError> {
    let files = read_archive(input)?;
    let mut stored = Vec::new();
    let outcome = in_one_transaction(conn, false, |conn| {
        if rows::holds_anything(conn)? {
            return Err(ImportError::Archive(
                "la base n'est pas vide : une archive se restaure dans une base neuve \
                 (passerelle migrate sur une base vide, sans le contenu initial)."
                    .to_owned(),
            ));
        }
        let mut report = Report::new("de l'archive".to_owned(), false);
        for theme in parse::<EditorialTheme>(&files, "themes.jsonl")? {
            rows::restore_theme(conn, &theme)?;
            report.themes_created += 1;
        }
        for territory in parse::<Territory>(&files, "territories.jsonl")? {
            rows::restore_territory(conn, &territory)?;
        }
        report.members = restore_items::<Members>(conn, &files, "members.jsonl")?;
        report.events = restore_items::<Events>(conn, &files, "events.jsonl")?;
        report.publications = restore_items::<Publications>(conn, &files, "publications.jsonl")?;
        for attachment in parse::<AttachmentRecord>(&files, AttachmentRecord::FILE)? {
            let name = format!("documents/{}", attachment.storage_key);
            let bytes = files
                .get(&name)
                .ok_or_else(|| ImportError::Archive(format!("{name} manque à l'archive.")))?;
            storage
                .put(&attachment.storage_key, bytes)
                .map_err(|e| ImportError::Storage(e.to_string()))?;
            stored.push(attachment.storage_key.clone());
            attachment.restore(conn)?;
            report.documents_stored += 1;
        }
        for account in parse::<AccountRecord>(&files, "accounts.jsonl")? {
            rows::restore_account(conn, &account)?;
        }
        restored::<AuditLogRecord>(conn, &files)?;
        restored::<OriginRecord>(conn, &files)?;
        // Archives made before registrations and the site's pages have none of these.
        restored::<RegistrationSettingsRecord>(conn, &files)?;
        restored::<RegistrationRecord>(conn, &files)?;
        restored::<TallyRecord>(conn, &files)?;
        restored::<SitePageRecord>(conn, &files)?;
        Ok(report)
    });
    if outcome.is_err() {
        for key in &stored {
            let _ = storage.delete(key);
        }
    }
    outcome
}

fn restore_items<K: Editable>(
    conn: &mut DbConnection,
    files: &BTreeMap<String, Vec<u8>>,
    name: &str,
) -> Result<Counts, ImportError> {
    let mut counts = Counts::default();
    for view in parse::<K::View>(files, name)? {
        let (state, content) = view.into_parts();
        rows::restore_item::<K>(conn, &state, &content).map_err(|e| match e {
            StoreError::Invalid(errors) => ImportError::Invalid {
                item: format!("{name} : {}", state.slug),
                errors,
            },
            other => other.into(),
        })?;
        counts.created += 1;
    }
    Ok(counts)
}

/// Reads the archive's files and checks them against the manifest.
fn read_archive(input: impl Read) -> Result<BTreeMap<String, Vec<u8>>, ImportError> {
    let mut files = BTreeMap::new();
    let mut archive = tar::Archive::new(input);
    let entries = archive.entries().map_err(unreadable)?;
    for entry in entries {
        let mut entry = entry.map_err(unreadable)?;
        let name = entry
            .path()
            .map_err(unreadable)?
            .to_string_lossy()
            .into_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).map_err(unreadable)?;
        files.insert(name, bytes);
    }
    let manifest: Manifest = files
        .get("manifest.json")
        .ok_or_else(|| {
            ImportError::Archive(
                "pas de manifest.json : ce n'est pas une archive de Passerelle.".to_owned(),
            )
        })
        .and_then(|bytes| serde_json::from_slice(bytes).map_err(json_error))?;
    if manifest.format != FORMAT || manifest.format_version > FORMAT_VERSION {
        return Err(ImportError::Archive(format!(
            "format « {} » version {} : cette version de Passerelle lit « {FORMAT} » jusqu'à la version {FORMAT_VERSION}.",
            manifest.format, manifest.format_version
        )));
    }
    for (name, expected) in &manifest.sha256 {
        let bytes = files
            .get(name)
            .ok_or_else(|| ImportError::Archive(format!("{name} manque à l'archive.")))?;
        if hex(&Sha256::digest(bytes)) != *expected {
            return Err(ImportError::Archive(format!(
                "{name} ne correspond pas à son empreinte : l'archive est abîmée."
            )));
        }
    }
    Ok(files)
}

fn unreadable(error: std::io::Error) -> ImportError {
    ImportError::Archive(format!("fichier tar illisible : {error}"))
}

fn parse<T: DeserializeOwned>(
    files: &BTreeMap<String, Vec<u8>>,
    name: &str,
) -> Result<Vec<T>, ImportError> {
    let Some(bytes) = files.get(name) else {
        return Ok(Vec::new());
    };
    let text =
        std::str::from_utf8(bytes).map_err(|e| ImportError::Archive(format!("{name} : {e}")))?;
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| {
            serde_json::from_str(line)
                .map_err(|e| ImportError::Archive(format!("{name}, ligne {} : {e}", n + 1)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_cut_to_the_microsecond_both_databases_keep() {
        let mut value = serde_json::json!({
            "a": "2026-12-05T22:24:28.123456789Z",
            "b": ["2026-12-05T22:24:28.120000789"],
            "c": "2026-12-05T22:24:28.123456Z",
            "d": "Rencontre du 2026-12-05",
        });
        to_microseconds(&mut value);
        assert_eq!(value["a"], "2026-12-05T22:24:28.123456Z");
        assert_eq!(value["b"][0], "2026-12-05T22:24:28.120");
        assert_eq!(value["c"], "2026-12-05T22:24:28.123456Z");
        assert_eq!(value["d"], "Rencontre du 2026-12-05");
    }
}
