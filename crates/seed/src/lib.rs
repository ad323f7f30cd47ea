//! The initial content of Passerelle — the productions and publications of Villes et
//! Territoires Occitanie — and its idempotent loading.
//!
//! The content lives in `data/*.toml`, embedded in the binary so that a fresh install needs
//! no file beside it. Loading inserts what is missing, by slug, in one transaction: running
//! it twice changes nothing, and it never overwrites an item edited since.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use diesel::prelude::*;
use passerelle_store::editorial::{Editable, Events, Members, Publications};
use passerelle_store::models::{TerritoryRow, ThemeRow};
use passerelle_store::schema::{events, members, publications, territories, themes};
use passerelle_store::{record_change, ChangedEntity, DbConnection};
use passerelle_types::{
    EditorialInput, EditorialState, EditorialStatus, EventInput, EventKind, EventOrganizationInput,
    EventRole, EventStatus, Link, MemberInput, MemberKind, PublicationInput, PublicationKind,
    PublicationOrganizationInput, PublicationRole, TerritoryLevel,
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

impl SeedLink {
    fn link(&self) -> Link {
        Link {
            url: self.url.clone(),
            label: self.label.clone(),
            media_type: self.media_type.clone(),
        }
    }
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
fn seed_uuid(kind: &str, slug: &str) -> Uuid {
    Uuid::new_v5(&ID_NAMESPACE, format!("{kind}:{slug}").as_bytes())
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
        let input = MemberInput {
            slug: Some(member.slug.clone()),
            name: member.name.clone(),
            kind: Some(member.kind),
            description: member.description.trim().to_owned(),
            website: member.website.clone(),
            qpv_code: member.qpv_code.clone(),
            themes: member.themes.clone(),
            territories: member.territories.clone(),
            ..MemberInput::default()
        };
        report.members += write_missing::<Members>(conn, &input, now)?;
    }

    let member_ids = ids_by_slug(
        members::table
            .select((members::slug, members::id))
            .load(conn)?,
    );

    for event in &content.events {
        let venue = event.venue.as_ref();
        let input = EventInput {
            slug: Some(event.slug.clone()),
            title: event.title.clone(),
            summary: event.summary.trim().to_owned(),
            body: event.body.trim().to_owned(),
            kind: Some(event.kind),
            status: Some(event.status),
            start_date: event.start_date,
            start_time: event.start_time,
            end_date: event.end_date,
            end_time: event.end_time,
            period: event.period.clone(),
            year: event.year,
            venue_name: venue.and_then(|v| v.name.clone()),
            venue_address: venue.and_then(|v| v.address.clone()),
            venue_commune: venue.and_then(|v| v.commune.clone()),
            online_url: None,
            themes: event.themes.clone(),
            territories: event.territories.clone(),
            organizations: event
                .organizations
                .iter()
                .map(|o| {
                    let member_id = lookup(&member_ids, "structure", &o.member)?;
                    Ok(EventOrganizationInput {
                        member_id,
                        role: o.role,
                    })
                })
                .collect::<Result<_, SeedError>>()?,
            links: event.links.iter().map(SeedLink::link).collect(),
        };
        report.events += write_missing::<Events>(conn, &input, now)?;
    }

    let event_ids = ids_by_slug(
        events::table
            .select((events::slug, events::id))
            .load(conn)?,
    );

    for publication in &content.publications {
        let input = PublicationInput {
            slug: Some(publication.slug.clone()),
            title: publication.title.clone(),
            summary: publication.summary.trim().to_owned(),
            body: publication.body.trim().to_owned(),
            kind: Some(publication.kind),
            publication_date: publication.publication_date,
            year: publication.year,
            themes: publication.themes.clone(),
            territories: publication.territories.clone(),
            organizations: publication
                .organizations
                .iter()
                .map(|o| {
                    let member_id = lookup(&member_ids, "structure", &o.member)?;
                    Ok(PublicationOrganizationInput {
                        member_id,
                        role: o.role,
                    })
                })
                .collect::<Result<_, SeedError>>()?,
            links: publication.links.iter().map(SeedLink::link).collect(),
            events: publication
                .events
                .iter()
                .map(|slug| lookup(&event_ids, "événement", slug))
                .collect::<Result<_, _>>()?,
            keywords: Vec::new(),
        };
        report.publications += write_missing::<Publications>(conn, &input, now)?;
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

fn lookup(ids: &HashMap<String, String>, what: &str, slug: &str) -> Result<Uuid, SeedError> {
    ids.get(slug)
        .and_then(|id| Uuid::parse_str(id).ok())
        .ok_or_else(|| SeedError::Reference(format!("{what} inconnu(e) : « {slug} »")))
}

/// Writes an item of the seed, published, unless its slug is taken (an item edited since
/// is never overwritten): through the same mapping to the tables as the editors' writes,
/// after the same checks, without an audit entry (nobody edited it). Says how many it wrote.
fn write_missing<K: Editable>(
    conn: &mut DbConnection,
    input: &K::Input,
    now: NaiveDateTime,
) -> Result<usize, SeedError> {
    let slug = input.slug().unwrap_or_default().to_owned();
    if passerelle_store::editorial::slug_taken(conn, K::TYPE, &slug, None)? {
        return Ok(0);
    }
    input.validate().map_err(|errors| {
        let fields: Vec<_> = errors
            .iter()
            .map(|e| format!("{} ({})", e.field, e.message))
            .collect();
        SeedError::Reference(format!("« {slug} » : {}", fields.join(", ")))
    })?;
    let at = now.and_utc();
    let state = EditorialState {
        id: seed_uuid(K::TYPE.as_str(), &slug),
        slug,
        version: 1,
        status: EditorialStatus::Published,
        published_at: Some(at),
        deleted_at: None,
        created_at: at,
        updated_at: at,
    };
    passerelle_store::archive::restore_item::<K>(conn, &state, input)?;
    Ok(1)
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
