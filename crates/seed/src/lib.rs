//! The initial content of Passerelle — the productions and publications of Villes et
//! Territoires Occitanie — and its idempotent loading.
//!
//! The content lives in `data/*.toml`, embedded in the binary so that a fresh install needs
//! no file beside it. Loading inserts what is missing, by slug, in one transaction: running
//! it twice changes nothing, and it never overwrites an item edited since.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime};
use diesel::prelude::*;
use passerelle_store::models::*;
use passerelle_store::schema::*;
use passerelle_store::{record_change, ChangedEntity, DbConnection};
use passerelle_types::{
    EventKind, EventRole, EventStatus, MemberKind, PublicationKind, PublicationRole, TerritoryLevel,
};
use serde::Deserialize;
use thiserror::Error;
use uuid::Uuid;

const CONTENT: &str = include_str!("../data/villes-et-territoires-occitanie.toml");

/// Namespace of the ids derived from slugs, so that every installation gives the seed
/// content the same ids (stable links between instances and in tests).
const ID_NAMESPACE: Uuid = Uuid::from_u128(0x5a1d_2f0c_8b1e_4c4e_9a53_7e2b_0d6f_3c11);

#[derive(Debug, Error)]
pub enum SeedError {
    #[error("contenu initial illisible : {0}")]
    Parse(#[from] toml::de::Error),
    #[error("contenu initial incohérent : {0}")]
    Reference(String),
    #[error("erreur de la base de données : {0}")]
    Database(#[from] diesel::result::Error),
    #[error(transparent)]
    Store(#[from] passerelle_store::StoreError),
}

/// What a load inserted.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SeedReport {
    pub themes: usize,
    pub territories: usize,
    pub members: usize,
    pub events: usize,
    pub publications: usize,
}

impl SeedReport {
    pub fn total(&self) -> usize {
        self.themes + self.territories + self.members + self.events + self.publications
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedContent {
    pub themes: Vec<SeedTheme>,
    pub territories: Vec<SeedTerritory>,
    pub members: Vec<SeedMember>,
    pub events: Vec<SeedEvent>,
    pub publications: Vec<SeedPublication>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedTheme {
    pub slug: String,
    pub label: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedTerritory {
    pub level: TerritoryLevel,
    pub code: String,
    pub name: String,
    pub parent: Option<String>,
}

impl SeedTerritory {
    /// `niveau-code`: INSEE codes alone collide across levels (région 11, département 11).
    pub fn id(&self) -> String {
        format!("{}-{}", self.level.as_str(), self.code)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedMember {
    pub slug: String,
    pub name: String,
    pub kind: MemberKind,
    pub description: String,
    pub website: Option<String>,
    pub qpv_code: Option<String>,
    pub territories: Vec<String>,
    pub themes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedVenue {
    pub name: Option<String>,
    pub address: Option<String>,
    pub commune: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedOrganization<R> {
    pub member: String,
    pub role: R,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedLink {
    pub url: String,
    pub label: String,
    pub media_type: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedEvent {
    pub slug: String,
    pub title: String,
    pub kind: EventKind,
    #[serde(default = "scheduled")]
    pub status: EventStatus,
    pub summary: String,
    pub body: String,
    pub start_date: Option<NaiveDate>,
    pub start_time: Option<NaiveTime>,
    pub end_date: Option<NaiveDate>,
    pub end_time: Option<NaiveTime>,
    pub period: Option<String>,
    pub year: Option<i32>,
    pub venue: Option<SeedVenue>,
    pub territories: Vec<String>,
    pub themes: Vec<String>,
    pub organizations: Vec<SeedOrganization<EventRole>>,
    #[serde(default)]
    pub links: Vec<SeedLink>,
}

fn scheduled() -> EventStatus {
    EventStatus::Scheduled
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedPublication {
    pub slug: String,
    pub title: String,
    pub kind: PublicationKind,
    pub summary: String,
    pub body: String,
    pub publication_date: Option<NaiveDate>,
    pub year: Option<i32>,
    pub territories: Vec<String>,
    pub themes: Vec<String>,
    pub organizations: Vec<SeedOrganization<PublicationRole>>,
    #[serde(default)]
    pub events: Vec<String>,
    #[serde(default)]
    pub links: Vec<SeedLink>,
}

/// The embedded content, parsed.
pub fn content() -> Result<SeedContent, SeedError> {
    Ok(toml::from_str(CONTENT)?)
}

/// The id an item of the seed gets, derived from its kind and slug.
pub fn seed_id(kind: &str, slug: &str) -> String {
    Uuid::new_v5(&ID_NAMESPACE, format!("{kind}:{slug}").as_bytes())
        .hyphenated()
        .to_string()
}

/// True when the database holds no content at all (a fresh install).
pub fn is_empty(conn: &mut DbConnection) -> Result<bool, SeedError> {
    let publications: i64 = publications::table.count().get_result(conn)?;
    let events: i64 = events::table.count().get_result(conn)?;
    let members: i64 = members::table.count().get_result(conn)?;
    Ok(publications + events + members == 0)
}

/// Inserts every seed item missing from the database, in one transaction.
pub fn load(conn: &mut DbConnection) -> Result<SeedReport, SeedError> {
    let content = content()?;
    conn.transaction(|conn| insert_missing(conn, &content))
}

fn insert_missing(conn: &mut DbConnection, content: &SeedContent) -> Result<SeedReport, SeedError> {
    let now = passerelle_store::now();
    let mut report = SeedReport::default();

    for theme in &content.themes {
        if !exists(themes::table.filter(themes::slug.eq(&theme.slug)), conn)? {
            diesel::insert_into(themes::table)
                .values(ThemeRow {
                    slug: theme.slug.clone(),
                    label: theme.label.clone(),
                })
                .execute(conn)?;
            report.themes += 1;
        }
    }

    // Parents come first in the file, so foreign keys hold at each insert.
    for territory in &content.territories {
        let id = territory.id();
        if !exists(territories::table.filter(territories::id.eq(&id)), conn)? {
            diesel::insert_into(territories::table)
                .values(TerritoryRow {
                    id,
                    code: territory.code.clone(),
                    level: territory.level.as_str().to_owned(),
                    name: territory.name.clone(),
                    parent_id: territory.parent.clone(),
                })
                .execute(conn)?;
            report.territories += 1;
        }
    }

    for member in &content.members {
        if exists(members::table.filter(members::slug.eq(&member.slug)), conn)? {
            continue;
        }
        let id = seed_id("member", &member.slug);
        diesel::insert_into(members::table)
            .values(MemberRow {
                id: id.clone(),
                slug: member.slug.clone(),
                name: member.name.clone(),
                kind: member.kind.as_str().to_owned(),
                description: member.description.trim().to_owned(),
                description_html: rendered_body(member.description.trim()),
                website: member.website.clone(),
                contact_email: None,
                contact_phone: None,
                contact_public: false,
                qpv_code: member.qpv_code.clone(),
                latitude: None,
                longitude: None,
                editorial_status: PUBLISHED.to_owned(),
                created_at: now,
                updated_at: now,
                published_at: Some(now),
            })
            .execute(conn)?;
        for theme_slug in &member.themes {
            diesel::insert_into(member_themes::table)
                .values(MemberTheme {
                    member_id: id.clone(),
                    theme_slug: theme_slug.clone(),
                })
                .execute(conn)?;
        }
        for territory_id in &member.territories {
            diesel::insert_into(member_territories::table)
                .values(MemberTerritory {
                    member_id: id.clone(),
                    territory_id: territory_id.clone(),
                })
                .execute(conn)?;
        }
        record_change(conn, ChangedEntity::MEMBER, &id)?;
        report.members += 1;
    }

    let member_ids = ids_by_slug(
        members::table
            .select((members::slug, members::id))
            .load(conn)?,
    );

    for event in &content.events {
        if exists(events::table.filter(events::slug.eq(&event.slug)), conn)? {
            continue;
        }
        let id = seed_id("event", &event.slug);
        let venue = event.venue.as_ref();
        diesel::insert_into(events::table)
            .values(EventRow {
                id: id.clone(),
                slug: event.slug.clone(),
                title: event.title.clone(),
                summary: event.summary.trim().to_owned(),
                body: event.body.trim().to_owned(),
                body_html: rendered_body(event.body.trim()),
                kind: event.kind.as_str().to_owned(),
                status: event.status.as_str().to_owned(),
                start_date: event.start_date,
                start_time: event.start_time,
                end_date: event.end_date,
                end_time: event.end_time,
                period: event.period.clone(),
                year: event.year,
                venue_name: venue.and_then(|v| v.name.clone()),
                venue_address: venue.and_then(|v| v.address.clone()),
                venue_commune_id: venue.and_then(|v| v.commune.clone()),
                online_url: None,
                editorial_status: PUBLISHED.to_owned(),
                created_at: now,
                updated_at: now,
                published_at: Some(now),
            })
            .execute(conn)?;
        for theme_slug in &event.themes {
            diesel::insert_into(event_themes::table)
                .values(EventTheme {
                    event_id: id.clone(),
                    theme_slug: theme_slug.clone(),
                })
                .execute(conn)?;
        }
        for territory_id in &event.territories {
            diesel::insert_into(event_territories::table)
                .values(EventTerritory {
                    event_id: id.clone(),
                    territory_id: territory_id.clone(),
                })
                .execute(conn)?;
        }
        for (position, organization) in (0..).zip(&event.organizations) {
            diesel::insert_into(event_organizations::table)
                .values(EventOrganizationRow {
                    event_id: id.clone(),
                    member_id: lookup(&member_ids, "structure", &organization.member)?,
                    role: organization.role.as_str().to_owned(),
                    position,
                })
                .execute(conn)?;
        }
        for (position, link) in (0..).zip(&event.links) {
            diesel::insert_into(event_links::table)
                .values(EventLinkRow {
                    event_id: id.clone(),
                    position,
                    url: link.url.clone(),
                    label: link.label.clone(),
                    media_type: link.media_type.clone(),
                })
                .execute(conn)?;
        }
        record_change(conn, ChangedEntity::EVENT, &id)?;
        report.events += 1;
    }

    let event_ids = ids_by_slug(
        events::table
            .select((events::slug, events::id))
            .load(conn)?,
    );

    for publication in &content.publications {
        if exists(
            publications::table.filter(publications::slug.eq(&publication.slug)),
            conn,
        )? {
            continue;
        }
        let id = seed_id("publication", &publication.slug);
        diesel::insert_into(publications::table)
            .values(PublicationRow {
                id: id.clone(),
                slug: publication.slug.clone(),
                title: publication.title.clone(),
                summary: publication.summary.trim().to_owned(),
                body: publication.body.trim().to_owned(),
                body_html: rendered_body(publication.body.trim()),
                kind: publication.kind.as_str().to_owned(),
                publication_date: publication.publication_date,
                year: publication.year,
                editorial_status: PUBLISHED.to_owned(),
                created_at: now,
                updated_at: now,
                published_at: Some(now),
            })
            .execute(conn)?;
        for theme_slug in &publication.themes {
            diesel::insert_into(publication_themes::table)
                .values(PublicationTheme {
                    publication_id: id.clone(),
                    theme_slug: theme_slug.clone(),
                })
                .execute(conn)?;
        }
        for territory_id in &publication.territories {
            diesel::insert_into(publication_territories::table)
                .values(PublicationTerritory {
                    publication_id: id.clone(),
                    territory_id: territory_id.clone(),
                })
                .execute(conn)?;
        }
        for (position, organization) in (0..).zip(&publication.organizations) {
            diesel::insert_into(publication_organizations::table)
                .values(PublicationOrganizationRow {
                    publication_id: id.clone(),
                    member_id: lookup(&member_ids, "structure", &organization.member)?,
                    role: organization.role.as_str().to_owned(),
                    position,
                })
                .execute(conn)?;
        }
        for (position, link) in (0..).zip(&publication.links) {
            diesel::insert_into(publication_links::table)
                .values(PublicationLinkRow {
                    publication_id: id.clone(),
                    position,
                    url: link.url.clone(),
                    label: link.label.clone(),
                    media_type: link.media_type.clone(),
                })
                .execute(conn)?;
        }
        for event_slug in &publication.events {
            diesel::insert_into(publication_events::table)
                .values(PublicationEvent {
                    publication_id: id.clone(),
                    event_id: lookup(&event_ids, "événement", event_slug)?,
                })
                .execute(conn)?;
        }
        record_change(conn, ChangedEntity::PUBLICATION, &id)?;
        report.publications += 1;
    }

    if report.themes + report.territories > 0 {
        record_change(conn, ChangedEntity::Reference, "seed")?;
    }
    Ok(report)
}

fn exists<'query, Q>(query: Q, conn: &mut DbConnection) -> Result<bool, SeedError>
where
    Q: diesel::query_dsl::methods::SelectDsl<diesel::dsl::CountStar>,
    diesel::dsl::Select<Q, diesel::dsl::CountStar>:
        diesel::query_dsl::LoadQuery<'query, DbConnection, i64>,
{
    let count: i64 = query.select(diesel::dsl::count_star()).get_result(conn)?;
    Ok(count > 0)
}

fn ids_by_slug(rows: Vec<(String, String)>) -> HashMap<String, String> {
    rows.into_iter().collect()
}

fn lookup(ids: &HashMap<String, String>, what: &str, slug: &str) -> Result<String, SeedError> {
    ids.get(slug)
        .cloned()
        .ok_or_else(|| SeedError::Reference(format!("{what} inconnu(e) : « {slug} »")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use passerelle_store::{Database, DatabaseUrl};

    #[test]
    fn embedded_content_parses_and_is_large_enough() {
        let content = content().expect("seed parses");
        assert!(content.publications.len() >= 10);
        assert!(content.events.len() >= 8);
        assert!(content.members.len() >= 12);
    }

    #[test]
    fn loading_twice_changes_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db =
            Database::open(&DatabaseUrl::Sqlite(dir.path().join("seed.sqlite3"))).expect("open");
        db.migrate().expect("migrate");
        let mut conn = db.connection().expect("connection");
        assert!(is_empty(&mut conn).expect("count"));
        let first = load(&mut conn).expect("first load");
        assert_eq!(first.publications, 10);
        assert_eq!(first.events, 9);
        assert_eq!(first.members, 12);
        let second = load(&mut conn).expect("second load");
        assert_eq!(second, SeedReport::default());
        assert!(!is_empty(&mut conn).expect("count"));
    }
}
