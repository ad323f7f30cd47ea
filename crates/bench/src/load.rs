//! Writes the synthetic corpus into a database, published, so that the real server can be
//! measured on it (`scripts/bench`). Rows go in by transactions of a thousand items.

use std::collections::HashSet;

use anyhow::Context;
use chrono::NaiveDateTime;
use diesel::{Connection, QueryDsl, RunQueryDsl};
use passerelle_search::CatalogItem;
use passerelle_store::models::*;
use passerelle_store::schema::*;
use passerelle_store::{Database, DbConnection};
use passerelle_types::{ItemSummary, Territory};

use crate::corpus::Corpus;

const BATCH: usize = 1000;

/// Inserts the corpus' reference rows that are missing, then every item.
pub fn load(db: &Database, corpus: Corpus) -> anyhow::Result<usize> {
    let mut conn = db.connection()?;
    let conn: &mut DbConnection = &mut conn;
    let known_themes: HashSet<String> = themes::table
        .select(themes::slug)
        .load(conn)?
        .into_iter()
        .collect();
    let known_territories: HashSet<String> = territories::table
        .select(territories::id)
        .load(conn)?
        .into_iter()
        .collect();
    for theme in corpus
        .themes
        .iter()
        .filter(|t| !known_themes.contains(&t.slug))
    {
        diesel::insert_into(themes::table)
            .values(ThemeRow {
                slug: theme.slug.clone(),
                label: theme.label.clone(),
            })
            .execute(conn)?;
    }
    for territory in corpus
        .territories
        .iter()
        .filter(|t| !known_territories.contains(&t.id))
    {
        diesel::insert_into(territories::table)
            .values(territory_row(territory))
            .execute(conn)?;
    }
    let now = chrono::Utc::now().naive_utc();
    let mut items = corpus.items.peekable();
    let mut loaded = 0;
    while items.peek().is_some() {
        let batch: Vec<CatalogItem> = items.by_ref().take(BATCH).collect();
        conn.transaction(|conn| batch.iter().try_for_each(|item| insert(conn, item, now)))
            .context("écriture d'un lot")?;
        loaded += batch.len();
    }
    Ok(loaded)
}

fn territory_row(territory: &Territory) -> TerritoryRow {
    TerritoryRow {
        id: territory.id.clone(),
        code: territory.code.clone(),
        level: territory.level.as_str().to_owned(),
        name: territory.name.clone(),
        parent_id: territory.parent_id.clone(),
    }
}

fn insert(
    conn: &mut DbConnection,
    item: &CatalogItem,
    now: NaiveDateTime,
) -> diesel::QueryResult<()> {
    let body = &item.text;
    match &item.summary {
        ItemSummary::Publication(p) => {
            let id = p.id.to_string();
            diesel::insert_into(publications::table)
                .values(PublicationRow {
                    id: id.clone(),
                    slug: p.slug.clone(),
                    title: p.title.clone(),
                    summary: p.summary.clone(),
                    body_html: rendered_body(body),
                    body: body.clone(),
                    kind: p.kind.as_str().to_owned(),
                    publication_date: p.publication_date,
                    year: p.year,
                    editorial_status: PUBLISHED.to_owned(),
                    created_at: now,
                    updated_at: now,
                    published_at: Some(now),
                })
                .execute(conn)?;
            for theme in &p.themes {
                diesel::insert_into(publication_themes::table)
                    .values(PublicationTheme {
                        publication_id: id.clone(),
                        theme_slug: theme.slug.clone(),
                    })
                    .execute(conn)?;
            }
            for territory in &p.territories {
                diesel::insert_into(publication_territories::table)
                    .values(PublicationTerritory {
                        publication_id: id.clone(),
                        territory_id: territory.id.clone(),
                    })
                    .execute(conn)?;
            }
        }
        ItemSummary::Event(e) => {
            let id = e.id.to_string();
            let venue = e.venue.as_ref();
            diesel::insert_into(events::table)
                .values(EventRow {
                    id: id.clone(),
                    slug: e.slug.clone(),
                    title: e.title.clone(),
                    summary: e.summary.clone(),
                    body_html: rendered_body(body),
                    body: body.clone(),
                    kind: e.kind.as_str().to_owned(),
                    status: e.status.as_str().to_owned(),
                    start_date: e.schedule.start_date,
                    start_time: e.schedule.start_time,
                    end_date: e.schedule.end_date,
                    end_time: e.schedule.end_time,
                    period: e.schedule.period.clone(),
                    year: e.schedule.year,
                    venue_name: venue.and_then(|v| v.name.clone()),
                    venue_address: venue.and_then(|v| v.address.clone()),
                    venue_commune_id: venue.and_then(|v| v.commune.as_ref().map(|c| c.id.clone())),
                    online_url: e.online_url.clone(),
                    editorial_status: PUBLISHED.to_owned(),
                    created_at: now,
                    updated_at: now,
                    published_at: Some(now),
                })
                .execute(conn)?;
            for theme in &e.themes {
                diesel::insert_into(event_themes::table)
                    .values(EventTheme {
                        event_id: id.clone(),
                        theme_slug: theme.slug.clone(),
                    })
                    .execute(conn)?;
            }
            for territory in &e.territories {
                diesel::insert_into(event_territories::table)
                    .values(EventTerritory {
                        event_id: id.clone(),
                        territory_id: territory.id.clone(),
                    })
                    .execute(conn)?;
            }
        }
        ItemSummary::Member(m) => {
            let description = body;
            let id = m.id.to_string();
            diesel::insert_into(members::table)
                .values(MemberRow {
                    id: id.clone(),
                    slug: m.slug.clone(),
                    name: m.name.clone(),
                    kind: m.kind.as_str().to_owned(),
                    description_html: rendered_body(description),
                    description: description.clone(),
                    website: None,
                    contact_email: None,
                    contact_phone: None,
                    contact_public: false,
                    qpv_code: m.qpv_code.clone(),
                    latitude: None,
                    longitude: None,
                    editorial_status: PUBLISHED.to_owned(),
                    created_at: now,
                    updated_at: now,
                    published_at: Some(now),
                })
                .execute(conn)?;
            for theme in &m.themes {
                diesel::insert_into(member_themes::table)
                    .values(MemberTheme {
                        member_id: id.clone(),
                        theme_slug: theme.slug.clone(),
                    })
                    .execute(conn)?;
            }
            for territory in &m.territories {
                diesel::insert_into(member_territories::table)
                    .values(MemberTerritory {
                        member_id: id.clone(),
                        territory_id: territory.id.clone(),
                    })
                    .execute(conn)?;
            }
        }
    }
    Ok(())
}
