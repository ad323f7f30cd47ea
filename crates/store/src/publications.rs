//! Publications: summaries, and detail with organizations and related events.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text, Timestamp};
use passerelle_types::{
    Attachment, Link, Publication, PublicationOrganization, PublicationRole, PublicationSummary,
};

use crate::attachments::attachment;
use crate::db::DbConnection;
use crate::error::StoreResult;
use crate::models::PublicationLinkRow;
use crate::reference::Reference;
use crate::related::{own_summary, DatabaseSummaries, SummarySource};
use crate::schema::{
    attachments, publication_events, publication_links, publication_organizations, publications,
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
    let Some(parts) = Parts::read(conn, key)? else {
        return Ok(None);
    };
    let own = own_summary(
        conn,
        &parts.id,
        |c, ids| source.publications(c, ids),
        summaries,
    )?;
    let Some(summary) = own else {
        return Ok(None);
    };
    let organizations = members::with_roles::<PublicationRole>(conn, &parts.roles, source)?
        .into_iter()
        .map(|(role, member)| PublicationOrganization { role, member })
        .collect();
    let mut events = source.events(conn, &parts.event_ids)?;
    events::sort_newest_first(&mut events);

    Ok(Some(Publication {
        summary,
        body_html: parts
            .body_html
            .unwrap_or_else(|| passerelle_markdown::to_safe_html(&parts.body)),
        body: parts.body,
        links: parts.links,
        attachments: parts.attachments,
        organizations,
        events,
        created_at: parts.created_at.and_utc(),
    }))
}

/// What a publication's detail reads from the database, the summaries apart: its own
/// identifier, text and creation date, its links, the organizations involved, the related
/// event ids and the documents.
struct Parts {
    id: String,
    body: String,
    /// Rendered when the body was written, if it was.
    body_html: Option<String>,
    created_at: NaiveDateTime,
    links: Vec<Link>,
    /// Member id and role, in their order.
    roles: Vec<(String, String)>,
    event_ids: Vec<String>,
    attachments: Vec<Attachment>,
}

/// One row of [`Parts::read`]: the five tables brought to one shape.
#[derive(Queryable)]
struct PartRow {
    part: i32,
    position: i32,
    /// Publication id, link address, member id, event id or document id.
    key: String,
    /// Publication body, link label, role, or document file name.
    name: String,
    /// Link or document media type, or the publication's rendered body.
    media_type: Option<String>,
    size_bytes: i64,
    /// Publication or document creation.
    created_at: Option<NaiveDateTime>,
}

/// Sorted first: the publication's own row.
const OWN: i32 = -1;
const LINK: i32 = 0;
const ROLE: i32 = 1;
const EVENT: i32 = 2;
const DOCUMENT: i32 = 3;

/// The statement of [`Parts::read`], for one backend: the publication published with this
/// `key` in column `$column` (`slug`, or `id` as [`normalize_key`] writes it), and what
/// belongs to it.
macro_rules! parts_query {
    ($column:expr, $key:expr) => {{
        let key: &str = $key;
        let no_size = || 0_i64.into_sql::<BigInt>();
        let no_date = || None::<NaiveDateTime>.into_sql::<Nullable<Timestamp>>();
        // Each part joins the publication rather than reading its id from a subquery:
        // SQLite builds a temporary table for each `IN (SELECT …)`, which tripled the
        // statement's cost.
        let published = || crate::publicly_visible!(publications).and($column.eq(key));
        let own = publications::table.filter(published()).select((
            OWN.into_sql::<Integer>(),
            0.into_sql::<Integer>(),
            publications::id,
            publications::body,
            publications::body_html,
            no_size(),
            publications::created_at.nullable(),
        ));
        let links = publication_links::table
            .inner_join(
                publications::table.on(publications::id.eq(publication_links::publication_id)),
            )
            .filter(published())
            .select((
                LINK.into_sql::<Integer>(),
                publication_links::position,
                publication_links::url,
                publication_links::label,
                publication_links::media_type,
                no_size(),
                no_date(),
            ));
        let roles = publication_organizations::table
            .inner_join(
                publications::table
                    .on(publications::id.eq(publication_organizations::publication_id)),
            )
            .filter(published())
            .select((
                ROLE.into_sql::<Integer>(),
                publication_organizations::position,
                publication_organizations::member_id,
                publication_organizations::role,
                None::<String>.into_sql::<Nullable<Text>>(),
                no_size(),
                no_date(),
            ));
        let events = publication_events::table
            .inner_join(
                publications::table.on(publications::id.eq(publication_events::publication_id)),
            )
            .filter(published())
            .select((
                EVENT.into_sql::<Integer>(),
                0.into_sql::<Integer>(),
                publication_events::event_id,
                "".into_sql::<Text>(),
                None::<String>.into_sql::<Nullable<Text>>(),
                no_size(),
                no_date(),
            ));
        let documents = attachments::table
            .inner_join(publications::table.on(publications::id.eq(attachments::publication_id)))
            .filter(published())
            .select((
                DOCUMENT.into_sql::<Integer>(),
                0.into_sql::<Integer>(),
                attachments::id,
                attachments::file_name,
                attachments::media_type.nullable(),
                attachments::size_bytes,
                attachments::created_at.nullable(),
            ));
        own.union_all(links)
            .union_all(roles)
            .union_all(events)
            .union_all(documents)
    }};
}

impl Parts {
    /// Reads all of it in one statement: each statement costs a round trip to PostgreSQL,
    /// and a detail drawn at random is read from the database every time. `None` when no
    /// published publication has this key.
    fn read(conn: &mut DbConnection, key: &str) -> StoreResult<Option<Parts>> {
        // A key that reads as an id is one, and ids are UUIDs: any other key is a slug. One
        // column per statement lets PostgreSQL read one index where `slug = ? OR id = ?`
        // combined two in each of the five parts, a fifth of the statement's cost.
        // Diesel's two-backend connection does not build UNION: each backend runs the same
        // query.
        let id = uuid::Uuid::parse_str(key).ok().map(|_| normalize_key(key));
        let mut rows: Vec<PartRow> = match (conn, &id) {
            (DbConnection::Postgresql(conn), Some(id)) => {
                parts_query!(publications::id, id).load(conn)?
            }
            (DbConnection::Postgresql(conn), None) => {
                parts_query!(publications::slug, key).load(conn)?
            }
            (DbConnection::Sqlite(conn), Some(id)) => {
                parts_query!(publications::id, id).load(conn)?
            }
            (DbConnection::Sqlite(conn), None) => {
                parts_query!(publications::slug, key).load(conn)?
            }
        };
        // The publication first, then links and organizations in their order, documents
        // oldest first.
        rows.sort_by(|a, b| {
            (a.part, a.position, a.created_at, &a.key).cmp(&(
                b.part,
                b.position,
                b.created_at,
                &b.key,
            ))
        });
        let mut rows = rows.into_iter();
        let Some(own) = rows.next().filter(|row| row.part == OWN) else {
            return Ok(None);
        };
        let mut parts = Parts {
            id: own.key,
            body: own.name,
            body_html: own.media_type,
            created_at: own.created_at.unwrap_or_default(),
            links: Vec::new(),
            roles: Vec::new(),
            event_ids: Vec::new(),
            attachments: Vec::new(),
        };
        for row in rows {
            match row.part {
                LINK => parts.links.push(Link {
                    url: row.key,
                    label: row.name,
                    media_type: row.media_type,
                }),
                ROLE => parts.roles.push((row.key, row.name)),
                EVENT => parts.event_ids.push(row.key),
                _ => parts.attachments.push(attachment(
                    &row.key,
                    row.name,
                    row.media_type.unwrap_or_default(),
                    row.size_bytes,
                    row.created_at.unwrap_or_default(),
                )?),
            }
        }
        Ok(Some(parts))
    }
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
