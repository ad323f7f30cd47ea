//! Rows as stored. Conversions to the public DTOs live with the queries that use them.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::db::DbConnection;
use crate::error::StoreResult;
use crate::schema::*;

/// Editorial status stored in `editorial_status`: only published rows reach the public API.
pub const PUBLISHED: &str = "published";
pub const DRAFT: &str = "draft";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = themes)]
pub struct ThemeRow {
    pub slug: String,
    pub label: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = territories)]
pub struct TerritoryRow {
    pub id: String,
    pub code: String,
    pub level: String,
    pub name: String,
    pub parent_id: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = members)]
pub struct MemberRow {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub description: String,
    /// `description` rendered to safe HTML; `None` leaves it to the reader.
    pub description_html: Option<String>,
    pub website: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_public: bool,
    pub qpv_code: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub editorial_status: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// First publication; the slug is fixed from then on.
    pub published_at: Option<NaiveDateTime>,
}

/// What a writer stores as `body_html` (or a member's `description_html`): the Markdown
/// rendered once, when it is written, rather than at each read.
pub fn rendered_body(body: &str) -> Option<String> {
    Some(passerelle_markdown::to_safe_html(body))
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = events)]
pub struct EventRow {
    pub id: String,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    /// `body` rendered to safe HTML; `None` leaves it to the reader.
    pub body_html: Option<String>,
    pub kind: String,
    pub status: String,
    pub start_date: Option<NaiveDate>,
    pub start_time: Option<NaiveTime>,
    pub end_date: Option<NaiveDate>,
    pub end_time: Option<NaiveTime>,
    pub period: Option<String>,
    pub year: Option<i32>,
    pub venue_name: Option<String>,
    pub venue_address: Option<String>,
    pub venue_commune_id: Option<String>,
    pub online_url: Option<String>,
    pub editorial_status: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// First publication; the slug is fixed from then on.
    pub published_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = publications)]
pub struct PublicationRow {
    pub id: String,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    /// `body` rendered to safe HTML; `None` leaves it to the reader.
    pub body_html: Option<String>,
    pub kind: String,
    pub publication_date: Option<NaiveDate>,
    pub year: Option<i32>,
    pub editorial_status: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// First publication; the slug is fixed from then on.
    pub published_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = member_themes)]
pub struct MemberTheme {
    pub member_id: String,
    pub theme_slug: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = member_territories)]
pub struct MemberTerritory {
    pub member_id: String,
    pub territory_id: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = event_themes)]
pub struct EventTheme {
    pub event_id: String,
    pub theme_slug: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = event_territories)]
pub struct EventTerritory {
    pub event_id: String,
    pub territory_id: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = event_organizations)]
pub struct EventOrganizationRow {
    pub event_id: String,
    pub member_id: String,
    pub role: String,
    pub position: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = event_links)]
pub struct EventLinkRow {
    pub event_id: String,
    pub position: i32,
    pub url: String,
    pub label: String,
    pub media_type: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = publication_themes)]
pub struct PublicationTheme {
    pub publication_id: String,
    pub theme_slug: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = publication_territories)]
pub struct PublicationTerritory {
    pub publication_id: String,
    pub territory_id: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = publication_organizations)]
pub struct PublicationOrganizationRow {
    pub publication_id: String,
    pub member_id: String,
    pub role: String,
    pub position: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = publication_links)]
pub struct PublicationLinkRow {
    pub publication_id: String,
    pub position: i32,
    pub url: String,
    pub label: String,
    pub media_type: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = publication_events)]
pub struct PublicationEvent {
    pub publication_id: String,
    pub event_id: String,
}

impl From<PublicationLinkRow> for passerelle_types::Link {
    fn from(row: PublicationLinkRow) -> Self {
        passerelle_types::Link {
            url: row.url,
            label: row.label,
            media_type: row.media_type,
        }
    }
}

impl From<EventLinkRow> for passerelle_types::Link {
    fn from(row: EventLinkRow) -> Self {
        passerelle_types::Link {
            url: row.url,
            label: row.label,
            media_type: row.media_type,
        }
    }
}

/// A table the backup archive copies row for row: read in a stable order, written to a file
/// named after the table, inserted back as it was.
pub trait WholeRows: Serialize + serde::de::DeserializeOwned + Sized {
    /// Its file in the archive: `{table}.jsonl`.
    const FILE: &'static str;
    fn all(conn: &mut DbConnection) -> StoreResult<Vec<Self>>;
    fn restore(&self, conn: &mut DbConnection) -> StoreResult<()>;
}

/// Tables copied row for row by the backup archive, and read whole where a row is needed:
/// a record type per table.
macro_rules! whole_rows {
    ($($(#[$doc:meta])* $record:ident in $table:ident by $order:ident { $($field:ident: $ty:ty),+ $(,)? })+) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Queryable, Selectable, Insertable)]
        #[diesel(table_name = $table)]
        pub struct $record {
            $(pub $field: $ty),+
        }

        impl WholeRows for $record {
            const FILE: &'static str = concat!(stringify!($table), ".jsonl");

            fn all(conn: &mut DbConnection) -> StoreResult<Vec<$record>> {
                Ok($table::table
                    .select($record::as_select())
                    .order($table::$order)
                    .load(conn)?)
            }

            fn restore(&self, conn: &mut DbConnection) -> StoreResult<()> {
                diesel::insert_into($table::table).values(self).execute(conn)?;
                Ok(())
            }
        }
    )+};
}

whole_rows! {
    /// A document's record; its bytes are in document storage under `storage_key`.
    AttachmentRecord in attachments by id {
        id: String,
        publication_id: String,
        file_name: String,
        media_type: String,
        size_bytes: i64,
        storage_key: String,
        created_at: NaiveDateTime,
    }
    /// One entry of the audit log, as written.
    AuditLogRecord in audit_log by id {
        occurred_at: NaiveDateTime,
        actor_id: Option<String>,
        actor_email: String,
        action: String,
        entity: String,
        entity_id: String,
        version: Option<i32>,
        changes: String,
    }
    /// Where an imported item came from (see `imports`).
    OriginRecord in import_origins by origin {
        origin: String,
        entity: String,
        entity_id: String,
        fingerprint: String,
        imported_at: NaiveDateTime,
    }
    /// How an event takes registrations.
    RegistrationSettingsRecord in registration_settings by event_id {
        event_id: String,
        mode: String,
        external_url: Option<String>,
        capacity: Option<i32>,
        waiting_list: bool,
        opens_at: Option<NaiveDateTime>,
        closes_at: Option<NaiveDateTime>,
        reminder_hours: Option<i32>,
        updated_at: NaiveDateTime,
    }
    /// A registration, with its person's data until they are erased.
    RegistrationRecord in registrations by id {
        id: String,
        event_id: String,
        token_hash: String,
        email: String,
        name: String,
        organisation: Option<String>,
        audience: String,
        commune: Option<String>,
        accessibility_needs: Option<String>,
        newsletter: bool,
        status: String,
        created_at: NaiveDateTime,
        confirm_before: Option<NaiveDateTime>,
        confirmed_at: Option<NaiveDateTime>,
        cancelled_at: Option<NaiveDateTime>,
        attended: bool,
        updated_at: NaiveDateTime,
        reminded_at: Option<NaiveDateTime>,
    }
    /// The anonymous counts left of erased registrations.
    TallyRecord in registration_tallies by event_id {
        event_id: String,
        status: String,
        audience: String,
        departement: String,
        attended: bool,
        count: i32,
    }
    /// A page of the site as an administrator wrote it.
    SitePageRecord in site_pages by slug {
        slug: String,
        title: String,
        body: String,
        body_html: String,
        conformity: Option<String>,
        updated_at: NaiveDateTime,
    }
}
