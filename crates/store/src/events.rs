//! An event's detail, with its organizations and the publications that came out of it
//! (its summary: `summaries/events.rs`).

use diesel::prelude::*;
use passerelle_types::{Event, EventOrganization, EventRole, Link};

use crate::db::DbConnection;
use crate::details::Detail;
use crate::error::StoreResult;
use crate::models::{EventLinkRow, EventRow};
use crate::related::own_summary;
use crate::schema::{event_links, event_organizations, publication_events};
use crate::summaries::events::summaries;
use crate::summaries::members;
use crate::summaries::SummarySource;

/// Read one after the other: event details are asked for far less than publications.
impl Detail for Event {
    fn find_many(
        conn: &mut DbConnection,
        source: &dyn SummarySource,
        keys: &[String],
    ) -> StoreResult<std::collections::HashMap<String, Event>> {
        crate::related::one_by_one(conn, source, keys, read_one)
    }
}

/// One event by id or slug, with the summaries taken from `source`.
fn read_one(
    conn: &mut DbConnection,
    source: &dyn SummarySource,
    key: &str,
) -> StoreResult<Option<Event>> {
    let Some(row) = crate::visible_row!(conn, events as EventRow, key) else {
        return Ok(None);
    };
    let own = own_summary(conn, &row.id, |c, ids| source.events(c, ids), summaries)?;
    let Some(summary) = own else {
        return Ok(None);
    };

    let links = links_of(conn, &row.id)?;

    let roles: Vec<(String, String)> = event_organizations::table
        .filter(event_organizations::event_id.eq(&row.id))
        .order(event_organizations::position)
        .select((event_organizations::member_id, event_organizations::role))
        .load(conn)?;
    let organizations = members::with_roles::<EventRole>(conn, &roles, source)?
        .into_iter()
        .map(|(role, member)| EventOrganization { role, member })
        .collect();

    let publication_ids: Vec<String> = publication_events::table
        .filter(publication_events::event_id.eq(&row.id))
        .select(publication_events::publication_id)
        .load(conn)?;
    let mut publications = source.publications(conn, &publication_ids)?;
    crate::sort_newest_first(&mut publications);

    Ok(Some(Event {
        summary,
        body_html: row
            .body_html
            .unwrap_or_else(|| passerelle_markdown::to_safe_html(&row.body)),
        body: row.body,
        links,
        organizations,
        publications,
        created_at: row.created_at.and_utc(),
    }))
}

/// The links of an item, in their order.
pub(crate) fn links_of(conn: &mut DbConnection, id: &str) -> StoreResult<Vec<Link>> {
    Ok(event_links::table
        .filter(event_links::event_id.eq(id))
        .order(event_links::position)
        .select(EventLinkRow::as_select())
        .load(conn)?
        .into_iter()
        .map(Link::from)
        .collect())
}
