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
use crate::models::{PublicationLinkRow, PublicationRow};
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
    let id_key = normalize_key(key);
    let Some(row) = publications::table
        .filter(crate::publicly_visible!(publications))
        .filter(publications::slug.eq(key).or(publications::id.eq(&id_key)))
        .select(PublicationRow::as_select())
        // Not `.first()`: SQLite plans a statement again each time a bound value it planned
        // with is rebound, as `LIMIT ?` is: a quarter of a random detail's CPU.
        .load(conn)?
        .pop()
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

    let parts = Parts::read(conn, &row.id)?;
    let organizations = members::with_roles::<PublicationRole>(conn, &parts.roles, source)?
        .into_iter()
        .map(|(role, member)| PublicationOrganization { role, member })
        .collect();
    let mut events = source.events(conn, &parts.event_ids)?;
    events::sort_newest_first(&mut events);

    Ok(Some(Publication {
        summary,
        body_html: passerelle_markdown::to_safe_html(&row.body),
        body: row.body,
        links: parts.links,
        attachments: parts.attachments,
        organizations,
        events,
        created_at: row.created_at.and_utc(),
    }))
}

/// What a publication's detail shows besides its own row and the summaries: its links,
/// the organizations involved, the related events and the documents.
struct Parts {
    links: Vec<Link>,
    /// Member id and role, in their order.
    roles: Vec<(String, String)>,
    event_ids: Vec<String>,
    attachments: Vec<Attachment>,
}

/// One row of [`Parts::read`]: the four tables brought to one shape.
#[derive(Queryable)]
struct PartRow {
    part: i32,
    position: i32,
    /// Link address, member id, event id or document id.
    key: String,
    /// Link label, role, or document file name.
    name: String,
    /// Link or document media type.
    media_type: Option<String>,
    size_bytes: i64,
    created_at: Option<NaiveDateTime>,
}

const LINK: i32 = 0;
const ROLE: i32 = 1;
const EVENT: i32 = 2;
const DOCUMENT: i32 = 3;

/// The statement of [`Parts::read`], for one backend.
macro_rules! parts_query {
    ($id:expr) => {{
        let id: &str = $id;
        let no_size = || 0_i64.into_sql::<BigInt>();
        let no_date = || None::<NaiveDateTime>.into_sql::<Nullable<Timestamp>>();
        let links = publication_links::table
            .filter(publication_links::publication_id.eq(id))
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
            .filter(publication_organizations::publication_id.eq(id))
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
            .filter(publication_events::publication_id.eq(id))
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
            .filter(attachments::publication_id.eq(id))
            .select((
                DOCUMENT.into_sql::<Integer>(),
                0.into_sql::<Integer>(),
                attachments::id,
                attachments::file_name,
                attachments::media_type.nullable(),
                attachments::size_bytes,
                attachments::created_at.nullable(),
            ));
        links
            .union_all(roles)
            .union_all(events)
            .union_all(documents)
    }};
}

impl Parts {
    /// Reads the four in one statement: each one costs a round trip to PostgreSQL, and a
    /// detail drawn at random is read from the database every time.
    fn read(conn: &mut DbConnection, id: &str) -> StoreResult<Parts> {
        // Diesel's two-backend connection does not build UNION: each backend runs the same
        // query.
        let mut rows: Vec<PartRow> = match conn {
            DbConnection::Postgresql(conn) => parts_query!(id).load(conn)?,
            DbConnection::Sqlite(conn) => parts_query!(id).load(conn)?,
        };
        // Links and organizations in their order, documents oldest first.
        rows.sort_by(|a, b| {
            (a.part, a.position, a.created_at, &a.key).cmp(&(
                b.part,
                b.position,
                b.created_at,
                &b.key,
            ))
        });
        let mut parts = Parts {
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
        Ok(parts)
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
