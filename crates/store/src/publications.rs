//! Publications: summaries, and detail with organizations and related events.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use passerelle_types::{
    Link, Publication, PublicationOrganization, PublicationRole, PublicationSummary,
};

use crate::db::DbConnection;
use crate::error::StoreResult;
use crate::models::{PublicationLinkRow, PublicationRow};
use crate::reference::Reference;
use crate::related::{own_summary, DatabaseSummaries, SummarySource};
use crate::schema::{
    publication_events, publication_links, publication_organizations, publications,
};
use crate::{
    events, grouped_pairs, item_year, members, newest_first, normalize_key, parse_id,
    parse_vocabulary,
};

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
    let query = publications::table
        .filter(crate::publicly_visible!(publications))
        .select(PublicationHead::as_select());
    let heads = query.filter(publications::id.eq_any(ids)).load(conn)?;
    let themes = grouped_pairs!(conn, ids, publication_themes, publication_id, theme_slug);
    let territories = grouped_pairs!(
        conn,
        ids,
        publication_territories,
        publication_id,
        territory_id
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

/// A published publication by id or slug, with its related items.
pub fn find_publication(conn: &mut DbConnection, key: &str) -> StoreResult<Option<Publication>> {
    let reference = Reference::load(conn)?;
    find_publication_with(conn, &DatabaseSummaries(&reference), key)
}

/// [`find_publication`] with the summaries taken from `source`.
pub fn find_publication_with(
    conn: &mut DbConnection,
    source: &dyn SummarySource,
    key: &str,
) -> StoreResult<Option<Publication>> {
    let id_key = normalize_key(key);
    let Some(row) = publications::table
        .filter(crate::publicly_visible!(publications))
        .filter(publications::slug.eq(key).or(publications::id.eq(&id_key)))
        .select(PublicationRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let own = own_summary(
        conn,
        &row.id,
        |c, ids| source.publications(c, ids),
        summaries,
    )?;
    let Some(summary) = own else {
        return Ok(None);
    };

    let links = links_of(conn, &row.id)?;

    let roles: Vec<(String, String)> = publication_organizations::table
        .filter(publication_organizations::publication_id.eq(&row.id))
        .order(publication_organizations::position)
        .select((
            publication_organizations::member_id,
            publication_organizations::role,
        ))
        .load(conn)?;
    let organizations = members::with_roles::<PublicationRole>(conn, &roles, source)?
        .into_iter()
        .map(|(role, member)| PublicationOrganization { role, member })
        .collect();

    let event_ids: Vec<String> = publication_events::table
        .filter(publication_events::publication_id.eq(&row.id))
        .select(publication_events::event_id)
        .load(conn)?;
    let mut events = source.events(conn, &event_ids)?;
    events::sort_newest_first(&mut events);

    Ok(Some(Publication {
        summary,
        body_html: passerelle_markdown::to_safe_html(&row.body),
        body: row.body,
        links,
        attachments: crate::list_attachments(conn, &row.id)?,
        organizations,
        events,
        created_at: row.created_at.and_utc(),
    }))
}

/// The links of an item, in their order.
pub(crate) fn links_of(conn: &mut DbConnection, id: &str) -> StoreResult<Vec<Link>> {
    Ok(publication_links::table
        .filter(publication_links::publication_id.eq(id))
        .order(publication_links::position)
        .select(PublicationLinkRow::as_select())
        .load(conn)?
        .into_iter()
        .map(Link::from)
        .collect())
}
