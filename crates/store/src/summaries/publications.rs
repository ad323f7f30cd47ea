//! Publication summaries: what lists, cards and related items show of a publication.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use passerelle_types::PublicationSummary;

use crate::db::DbConnection;
use crate::error::StoreResult;
use crate::reference::Reference;
use crate::schema::publications;
use crate::{item_year, newest_first, parse_id, parse_vocabulary};

#[derive(Queryable, Selectable)]
#[diesel(table_name = publications)]
struct PublicationHead {
    id: String,
    slug: String,
    title: String,
    summary: String,
    kind: String,
    publication_date: Option<NaiveDate>,
    year: Option<i32>,
    updated_at: NaiveDateTime,
    version: i32,
}

/// Summaries of the published publications among `ids`, in no particular order.
pub(crate) fn summaries(
    conn: &mut DbConnection,
    ids: &[String],
    reference: &Reference,
) -> StoreResult<Vec<PublicationSummary>> {
    let (heads, themes, territories) = super::published_heads!(
        conn, ids, publications as PublicationHead, filed in publication_themes, publication_territories by publication_id
    );
    heads
        .into_iter()
        .map(|head| {
            Ok(PublicationSummary {
                id: parse_id(&head.id)?,
                kind: parse_vocabulary(&head.kind, "type de publication")?,
                year: item_year(head.publication_date, head.year),
                themes: reference.themes_of(themes.get(&head.id))?,
                territories: reference.territories_of(territories.get(&head.id))?,
                slug: head.slug,
                title: head.title,
                summary: head.summary,
                publication_date: head.publication_date,
                updated_at: head.updated_at.and_utc(),
                version: head.version,
            })
        })
        .collect::<StoreResult<Vec<_>>>()
}

/// Publications as a detail lists them: most recent first.
pub(crate) fn sort_newest_first(summaries: &mut [PublicationSummary]) {
    summaries.sort_by(|a, b| {
        newest_first(
            (a.publication_date, a.year, &a.title),
            (b.publication_date, b.year, &b.title),
        )
    });
}
