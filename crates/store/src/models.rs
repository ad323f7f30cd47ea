//! Rows as stored. Conversions to the public DTOs live with the queries that use them.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use diesel::prelude::*;

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
