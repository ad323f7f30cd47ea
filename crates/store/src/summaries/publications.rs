//! Publication summaries: what lists, cards and related items show of a publication.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use passerelle_types::PublicationSummary;

use super::Filed;
use crate::db::DbConnection;
use crate::error::StoreResult;
use crate::reference::Reference;
use crate::schema::publications;
use crate::{item_year, parse_id, parse_vocabulary, Dated};

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

super::summaries_from!(
    publications as PublicationHead => PublicationSummary,
    filed in publication_themes, publication_territories by publication_id,
    summary
);

/// The summary of a published publication, from its row.
fn summary(head: PublicationHead, filed: Filed, _: &Reference) -> StoreResult<PublicationSummary> {
    Ok(PublicationSummary {
        id: parse_id(&head.id)?,
        kind: parse_vocabulary(&head.kind, "type de publication")?,
        year: item_year(head.publication_date, head.year),
        themes: filed.themes,
        territories: filed.territories,
        slug: head.slug,
        title: head.title,
        summary: head.summary,
        publication_date: head.publication_date,
        updated_at: head.updated_at.and_utc(),
        version: head.version,
    })
}

impl Dated for PublicationSummary {
    fn dated(&self) -> (Option<NaiveDate>, Option<i32>, &str) {
        (self.publication_date, self.year, &self.title)
    }
}
