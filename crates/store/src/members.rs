//! A network member's detail, with the publications and events it took part in (its
//! summary: `summaries/members.rs`).

use std::collections::HashMap;

use diesel::prelude::*;
use passerelle_types::{Contact, GeoPoint, Member, MemberEvent, MemberPublication, Vocabulary};

use crate::db::DbConnection;
use crate::details::Detail;
use crate::error::StoreResult;
use crate::models::MemberRow;
use crate::parse_vocabulary;
use crate::related::own_summary;
use crate::schema::{event_organizations, publication_organizations};
use crate::summaries::members::summaries;
use crate::summaries::SummarySource;
use crate::summaries::{events, publications};

/// Read one after the other: member details are asked for far less than publications.
impl Detail for Member {
    fn find_many(
        conn: &mut DbConnection,
        source: &dyn SummarySource,
        keys: &[String],
    ) -> StoreResult<std::collections::HashMap<String, Member>> {
        crate::related::one_by_one(conn, source, keys, read_one)
    }
}

/// One member by id or slug, with the summaries taken from `source`.
fn read_one(
    conn: &mut DbConnection,
    source: &dyn SummarySource,
    key: &str,
) -> StoreResult<Option<Member>> {
    let Some(row) = crate::visible_row!(conn, members as MemberRow, key) else {
        return Ok(None);
    };
    let own = own_summary(conn, &row.id, |c, ids| source.members(c, ids), summaries)?;
    let Some(summary) = own else {
        return Ok(None);
    };

    let publication_roles: Vec<(String, String)> = publication_organizations::table
        .filter(publication_organizations::member_id.eq(&row.id))
        .select((
            publication_organizations::publication_id,
            publication_organizations::role,
        ))
        .load(conn)?;
    let publication_ids: Vec<String> = publication_roles.iter().map(|(id, _)| id.clone()).collect();
    let mut publications = source.publications(conn, &publication_ids)?;
    publications::sort_newest_first(&mut publications);
    let member_publications = with_roles(publications, |p| p.id, &publication_roles)?
        .into_iter()
        .map(|(role, publication)| MemberPublication { role, publication })
        .collect();

    let event_roles: Vec<(String, String)> = event_organizations::table
        .filter(event_organizations::member_id.eq(&row.id))
        .select((event_organizations::event_id, event_organizations::role))
        .load(conn)?;
    let event_ids: Vec<String> = event_roles.iter().map(|(id, _)| id.clone()).collect();
    let mut events = source.events(conn, &event_ids)?;
    events::sort_newest_first(&mut events);
    let member_events = with_roles(events, |e| e.id, &event_roles)?
        .into_iter()
        .map(|(role, event)| MemberEvent { role, event })
        .collect();

    let contact = (row.contact_public
        && (row.contact_email.is_some() || row.contact_phone.is_some()))
    .then(|| Contact {
        email: row.contact_email.clone(),
        phone: row.contact_phone.clone(),
    });
    Ok(Some(Member {
        summary,
        description_html: row
            .description_html
            .unwrap_or_else(|| passerelle_markdown::to_safe_html(&row.description)),
        description: row.description,
        website: row.website,
        contact,
        location: row
            .latitude
            .zip(row.longitude)
            .map(|(latitude, longitude)| GeoPoint {
                latitude,
                longitude,
            }),
        publications: member_publications,
        events: member_events,
        created_at: row.created_at.and_utc(),
    }))
}

/// Each of `items`, in their order, with each role the member holds in it (`roles`: the
/// item's id and the role, as stored; a member may hold several).
fn with_roles<T: Clone, R: Vocabulary>(
    items: Vec<T>,
    id: impl Fn(&T) -> uuid::Uuid,
    roles: &[(String, String)],
) -> StoreResult<Vec<(R, T)>> {
    let roles: HashMap<String, Vec<String>> = crate::group_by_owner(roles.to_vec());
    let mut paired = Vec::new();
    for item in items {
        for role in roles.get(&id(&item).to_string()).into_iter().flatten() {
            paired.push((parse_vocabulary(role, "rôle")?, item.clone()));
        }
    }
    Ok(paired)
}
