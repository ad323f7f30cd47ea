//! Storage of Passerelle: the diesel schema and the embedded migrations of both backends;
//! the public reads (what the engine indexes, details, related items, withdrawals); the
//! editorial writes (`editorial`), accounts, sessions, tokens, the audit log, the change
//! log the instances follow, and where imported content came from (`imports`).
//!
//! Only published rows leave this crate through the catalogue functions: drafts are
//! filtered here, once, rather than in every caller.

mod accounts;
pub mod archive;
mod attachments;
mod audit;
mod catalog;
mod changes;
mod db;
mod details;
pub mod editorial;
mod error;
mod events;
mod imports;
mod invitations;
mod key_list;
mod members;
pub mod models;
pub mod outbox;
mod publications;
mod reference;
pub mod registrations;
mod related;
mod report;
pub mod schema;
mod site_pages;
mod summaries;

pub use accounts::*;
pub use attachments::{
    add_attachment, list_attachments, public_attachment, publication_attachment, remove_attachment,
    NewAttachment,
};
pub use audit::{diff, list_audit, record_audit, Actor, AuditFilter, AuditRecord};
pub use catalog::{
    published_fingerprint, published_ids, published_item, published_items, withdrawn_since,
};
pub use changes::{
    changes_after, latest_change_id, latest_public_change_time, record_change, Change,
    ChangedEntity,
};
pub use db::{
    Backend, ConnectionManager, Database, DatabaseUrl, DbConnection, DbPooledConnection,
    TrackedConnection,
};
pub use details::{find, find_many, Detail};
pub use error::{StoreError, StoreResult};
pub use imports::{find_origin, member_names, remember_origin, ImportedOrigin};
pub use invitations::{accept_invitation, create_invitation, live_invitation};
pub use reference::{list_territories, list_themes, Reference};
pub use report::activity_report;
pub use site_pages::{save_site_page, site_page};
pub use summaries::{DatabaseSummaries, SummarySource};

/// The time a row is written, to the microsecond: PostgreSQL keeps no more, so SQLite is
/// given no more either, and both answer the same (and a backup moves between them whole).
pub fn now() -> chrono::NaiveDateTime {
    use chrono::SubsecRound;
    chrono::Utc::now().naive_utc().trunc_subsecs(6)
}

/// The filter of what the public sees: published and not deleted.
macro_rules! publicly_visible {
    ($table:ident) => {
        $crate::schema::$table::editorial_status
            .eq($crate::models::PUBLISHED)
            .and($crate::schema::$table::deleted_at.is_null())
    };
}
pub(crate) use publicly_visible;

/// The publicly visible row of `$table`, read as `$row`, whose slug or id is `$key`.
macro_rules! visible_row {
    ($conn:expr, $table:ident as $row:ty, $key:expr) => {{
        use $crate::schema::$table;
        let id_key = $crate::normalize_key($key);
        $table::table
            .filter($crate::publicly_visible!($table))
            .filter($table::slug.eq($key).or($table::id.eq(&id_key)))
            .select(<$row>::as_select())
            // Not `.first()`: SQLite plans a statement again each time a bound value it
            // planned with is rebound, as `LIMIT ?` is: a quarter of a random detail's CPU.
            .load($conn)?
            .pop()
    }};
}
pub(crate) use visible_row;

/// Loads `(owner, value)` pairs of a link table, grouped by owner, for the owners `ids`.
macro_rules! grouped_pairs {
    ($conn:expr, $ids:expr, $table:ident, $owner:ident, $value:ident) => {{
        let rows: Vec<(String, String)> = $crate::schema::$table::table
            .filter($crate::schema::$table::$owner.eq_any($ids))
            .select((
                $crate::schema::$table::$owner,
                $crate::schema::$table::$value,
            ))
            .order((
                $crate::schema::$table::$owner,
                $crate::schema::$table::$value,
            ))
            .load($conn)?;
        $crate::group_by_owner(rows)
    }};
}
pub(crate) use grouped_pairs;

pub(crate) fn group_by_owner(
    rows: Vec<(String, String)>,
) -> std::collections::HashMap<String, Vec<String>> {
    let mut grouped: std::collections::HashMap<String, Vec<String>> = Default::default();
    for (owner, value) in rows {
        grouped.entry(owner).or_default().push(value);
    }
    grouped
}

/// Trims an optional text field and turns an empty one into `None`.
pub(crate) fn optional_text(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// Ids are stored hyphenated and lower-case: accept any spelling of a UUID in a URL.
pub(crate) fn normalize_key(key: &str) -> String {
    uuid::Uuid::parse_str(key)
        .map(|id| id.hyphenated().to_string())
        .unwrap_or_else(|_| key.to_owned())
}

pub(crate) fn parse_id(id: &str) -> StoreResult<uuid::Uuid> {
    uuid::Uuid::parse_str(id).map_err(|_| StoreError::Corrupt(format!("identifiant invalide {id}")))
}

pub(crate) fn parse_vocabulary<T: passerelle_types::Vocabulary>(
    value: &str,
    what: &str,
) -> StoreResult<T> {
    value
        .parse::<T>()
        .map_err(|e| StoreError::Corrupt(format!("{what} : {e}")))
}

/// The year of an item: from its date when known.
pub(crate) fn item_year(date: Option<chrono::NaiveDate>, year: Option<i32>) -> Option<i32> {
    use chrono::Datelike;
    date.map(|d| d.year()).or(year)
}

/// An item that related lists show by date: its date, its year, its title.
pub(crate) trait Dated {
    fn dated(&self) -> (Option<chrono::NaiveDate>, Option<i32>, &str);
}

/// Related items read best most recent first: by date, else year, undated last; then by
/// title.
pub(crate) fn sort_newest_first<T: Dated>(items: &mut [T]) {
    items.sort_by(|a, b| {
        let ((a_date, a_year, a_title), (b_date, b_year, b_title)) = (a.dated(), b.dated());
        (item_year(b_date, b_year), b_date)
            .cmp(&(item_year(a_date, a_year), a_date))
            .then_with(|| a_title.cmp(b_title))
    });
}
