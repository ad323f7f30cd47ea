//! A publication's detail, with its organizations and related events, read one at a time
//! or in batches (its summary: `summaries/publications.rs`).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text, Timestamp};
use passerelle_types::{Attachment, Link, Publication, PublicationOrganization, PublicationRole};

use crate::attachments::attachment;
use crate::db::DbConnection;
use crate::details::Detail;
use crate::error::StoreResult;
use crate::key_list::one_of;
use crate::models::PublicationLinkRow;
use crate::normalize_key;
use crate::related::own_summary;
use crate::schema::{
    attachments, publication_events, publication_keywords, publication_links,
    publication_organizations, publications,
};
use crate::summaries::members;
use crate::summaries::publications::summaries;
use crate::summaries::SummarySource;

/// The database is read in one statement per kind of key, however many keys: what a
/// batch of requests saves is their round trips to the database.
impl Detail for Publication {
    fn find_many(
        conn: &mut DbConnection,
        source: &dyn SummarySource,
        keys: &[String],
    ) -> StoreResult<HashMap<String, Publication>> {
        let mut found = HashMap::with_capacity(keys.len());
        for (key, parts) in Parts::read(conn, keys)? {
            if let Some(publication) = publication(conn, source, parts)? {
                found.insert(key, publication);
            }
        }
        Ok(found)
    }
}

fn publication(
    conn: &mut DbConnection,
    source: &dyn SummarySource,
    parts: Parts,
) -> StoreResult<Option<Publication>> {
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
    crate::sort_newest_first(&mut events);

    Ok(Some(Publication {
        summary,
        body_html: parts
            .body_html
            .unwrap_or_else(|| passerelle_markdown::to_safe_html(&parts.body)),
        body: parts.body,
        links: parts.links,
        attachments: parts.attachments,
        keywords: parts.keywords,
        organizations,
        events,
        created_at: parts.created_at.and_utc(),
    }))
}

/// What a publication's detail reads from the database, the summaries apart: its own
/// identifier, text and creation date, its links, the organizations involved, the related
/// event ids, the documents and the keywords.
#[derive(Clone)]
struct Parts {
    id: String,
    slug: String,
    body: String,
    /// Rendered when the body was written, if it was.
    body_html: Option<String>,
    created_at: NaiveDateTime,
    links: Vec<Link>,
    /// Member id and role, in their order.
    roles: Vec<(String, String)>,
    event_ids: Vec<String>,
    attachments: Vec<Attachment>,
    keywords: Vec<String>,
}

/// One row of [`Parts::read`]: the six tables brought to one shape.
#[derive(Queryable)]
struct PartRow {
    /// The id of the publication the row belongs to.
    owner: String,
    part: i32,
    position: i32,
    /// Publication slug, link address, member id, event id or document id.
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
const KEYWORD: i32 = 4;

/// The first statement of [`Parts::read`], for one backend: the own rows of the
/// publications published that `$matches` (a key of theirs in one of their columns: `slug`,
/// or `id` as [`normalize_key`] writes it).
macro_rules! own_rows {
    ($matches:expr) => {
        publications::table
            .filter(crate::publicly_visible!(publications).and($matches))
            .select((
                publications::id,
                OWN.into_sql::<Integer>(),
                0.into_sql::<Integer>(),
                publications::slug,
                publications::body,
                publications::body_html,
                0_i64.into_sql::<BigInt>(),
                publications::created_at.nullable(),
            ))
    };
}

/// The second statement of [`Parts::read`], for one backend: what belongs to the
/// publications found by the first, by their ids — `$owned` tells, given the
/// `publication_id` column of a part's table as `$column`, whether a row is theirs.
/// Looking each publication up again by its key in each part cost PostgreSQL more than the
/// rest of the read together (4 of 7 ms for 256 keys).
macro_rules! part_rows {
    ($column:ident => $owned:expr) => {{
        let no_size = || 0_i64.into_sql::<BigInt>();
        let no_date = || None::<NaiveDateTime>.into_sql::<Nullable<Timestamp>>();
        let links = publication_links::table
            .filter({
                let $column = publication_links::publication_id;
                $owned
            })
            .select((
                publication_links::publication_id,
                LINK.into_sql::<Integer>(),
                publication_links::position,
                publication_links::url,
                publication_links::label,
                publication_links::media_type,
                no_size(),
                no_date(),
            ));
        let roles = publication_organizations::table
            .filter({
                let $column = publication_organizations::publication_id;
                $owned
            })
            .select((
                publication_organizations::publication_id,
                ROLE.into_sql::<Integer>(),
                publication_organizations::position,
                publication_organizations::member_id,
                publication_organizations::role,
                None::<String>.into_sql::<Nullable<Text>>(),
                no_size(),
                no_date(),
            ));
        let events = publication_events::table
            .filter({
                let $column = publication_events::publication_id;
                $owned
            })
            .select((
                publication_events::publication_id,
                EVENT.into_sql::<Integer>(),
                0.into_sql::<Integer>(),
                publication_events::event_id,
                "".into_sql::<Text>(),
                None::<String>.into_sql::<Nullable<Text>>(),
                no_size(),
                no_date(),
            ));
        let documents = attachments::table
            .filter({
                let $column = attachments::publication_id;
                $owned
            })
            .select((
                attachments::publication_id,
                DOCUMENT.into_sql::<Integer>(),
                0.into_sql::<Integer>(),
                attachments::id,
                attachments::file_name,
                attachments::media_type.nullable(),
                attachments::size_bytes,
                attachments::created_at.nullable(),
            ));
        let keywords = publication_keywords::table
            .filter({
                let $column = publication_keywords::publication_id;
                $owned
            })
            .select((
                publication_keywords::publication_id,
                KEYWORD.into_sql::<Integer>(),
                publication_keywords::position,
                publication_keywords::keyword,
                "".into_sql::<Text>(),
                None::<String>.into_sql::<Nullable<Text>>(),
                no_size(),
                no_date(),
            ));
        links
            .union_all(roles)
            .union_all(events)
            .union_all(documents)
            .union_all(keywords)
    }};
}

impl Parts {
    /// Reads the publications published under these keys, each under the key it was asked
    /// by: the publications in one statement per kind of key, what belongs to them all in
    /// one more. Each statement costs a round trip to PostgreSQL, and a detail drawn at
    /// random is read from the database every time, in a batch (see `detail_reads`).
    fn read(conn: &mut DbConnection, keys: &[String]) -> StoreResult<HashMap<String, Parts>> {
        // A key that reads as an id is one, and ids are UUIDs: any other key is a slug. One
        // column per statement lets PostgreSQL read one index where `slug = ? OR id = ?`
        // combined two.
        let (ids, slugs): (Vec<&String>, Vec<&String>) = keys
            .iter()
            .partition(|key| uuid::Uuid::parse_str(key).is_ok());
        let ids: Vec<String> = ids.into_iter().map(|key| normalize_key(key)).collect();
        let slugs: Vec<String> = slugs.into_iter().cloned().collect();
        let mut rows: Vec<PartRow> = Vec::new();
        for (column_is_id, values) in [(true, &ids), (false, &slugs)] {
            if values.is_empty() {
                continue;
            }
            // Each backend runs the same query, its keys matched as it can keep the
            // statement prepared.
            rows.extend(match (&mut *conn, column_is_id) {
                (DbConnection::Postgresql(conn), true) => {
                    own_rows!(publications::id.eq_any(values)).load::<PartRow>(conn)?
                }
                (DbConnection::Postgresql(conn), false) => {
                    own_rows!(publications::slug.eq_any(values)).load(conn)?
                }
                (DbConnection::Sqlite(conn), true) => {
                    own_rows!(one_of(publications::id, values)).load(conn)?
                }
                (DbConnection::Sqlite(conn), false) => {
                    own_rows!(one_of(publications::slug, values)).load(conn)?
                }
            });
        }
        // A publication asked for by id and by slug comes in both statements.
        rows.sort_unstable_by(|a, b| a.owner.cmp(&b.owner));
        rows.dedup_by(|a, b| a.owner == b.owner);
        let owners: Vec<String> = rows.iter().map(|row| row.owner.clone()).collect();
        if !owners.is_empty() {
            // Diesel's two-backend connection does not build UNION: each backend its own.
            rows.extend(match &mut *conn {
                DbConnection::Postgresql(conn) => {
                    part_rows!(column => column.eq_any(&owners)).load::<PartRow>(conn)?
                }
                DbConnection::Sqlite(conn) => {
                    part_rows!(column => one_of(column, &owners)).load(conn)?
                }
            });
        }
        let by_id: HashMap<String, Parts> = Parts::assemble(rows)?
            .into_iter()
            .map(|parts| (parts.id.clone(), parts))
            .collect();
        let slug_owners: HashMap<&str, &str> = by_id
            .values()
            .map(|parts: &Parts| (parts.slug.as_str(), parts.id.as_str()))
            .collect();
        let mut found = HashMap::with_capacity(keys.len());
        for key in keys {
            let id = normalize_key(key);
            let owner = match by_id.contains_key(&id) {
                true => Some(id.as_str()),
                false => slug_owners.get(key.as_str()).copied(),
            };
            if let Some(parts) = owner.and_then(|owner| by_id.get(owner)) {
                found.insert(key.clone(), parts.clone());
            }
        }
        Ok(found)
    }

    /// The publications of a statement's rows, in no particular order.
    fn assemble(mut rows: Vec<PartRow>) -> StoreResult<Vec<Parts>> {
        // Each publication's own row first, then its links and organizations in their
        // order, documents oldest first.
        rows.sort_by(|a, b| {
            (&a.owner, a.part, a.position, a.created_at, &a.key).cmp(&(
                &b.owner,
                b.part,
                b.position,
                b.created_at,
                &b.key,
            ))
        });
        let mut assembled: Vec<Parts> = Vec::new();
        for row in rows {
            if row.part == OWN {
                assembled.push(Parts {
                    id: row.owner,
                    slug: row.key,
                    body: row.name,
                    body_html: row.media_type,
                    created_at: row.created_at.unwrap_or_default(),
                    links: Vec::new(),
                    roles: Vec::new(),
                    event_ids: Vec::new(),
                    attachments: Vec::new(),
                    keywords: Vec::new(),
                });
                continue;
            }
            // Every part joins a published publication, whose own row sorts before it.
            let Some(parts) = assembled.last_mut().filter(|parts| parts.id == row.owner) else {
                continue;
            };
            match row.part {
                LINK => parts.links.push(Link {
                    url: row.key,
                    label: row.name,
                    media_type: row.media_type,
                }),
                ROLE => parts.roles.push((row.key, row.name)),
                EVENT => parts.event_ids.push(row.key),
                KEYWORD => parts.keywords.push(row.key),
                _ => parts.attachments.push(attachment(
                    &row.key,
                    row.name,
                    row.media_type.unwrap_or_default(),
                    row.size_bytes,
                    row.created_at.unwrap_or_default(),
                )?),
            }
        }
        Ok(assembled)
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
