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
    let publications = source.publications(conn, &ids_of(&publication_roles))?;
    let member_publications = with_roles(
        publications,
        |p| p.id,
        &publication_roles,
        |role, publication| MemberPublication { role, publication },
    )?;

    let event_roles: Vec<(String, String)> = event_organizations::table
        .filter(event_organizations::member_id.eq(&row.id))
        .select((event_organizations::event_id, event_organizations::role))
        .load(conn)?;
    let events = source.events(conn, &ids_of(&event_roles))?;
    let member_events = with_roles(
        events,
        |e| e.id,
        &event_roles,
        |role, event| MemberEvent { role, event },
    )?;

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

/// The items' ids among (item id, role) pairs.
fn ids_of(roles: &[(String, String)]) -> Vec<String> {
    roles.iter().map(|(id, _)| id.clone()).collect()
}

/// Each of `items`, newest first, with each role the member holds in it (`roles`: the
/// item's id and the role, as stored; a member may hold several).
fn with_roles<T: Clone + crate::Dated, R: Vocabulary, U>(
    mut items: Vec<T>,
    id: impl Fn(&T) -> uuid::Uuid,
    roles: &[(String, String)],
    pair: impl Fn(R, T) -> U,
) -> StoreResult<Vec<U>> {
    crate::sort_newest_first(&mut items);
    let roles: HashMap<String, Vec<String>> = crate::group_by_owner(roles.to_vec());
    let mut paired = Vec::new();
    for item in items {
        for role in roles.get(&id(&item).to_string()).into_iter().flatten() {
            paired.push(pair(parse_vocabulary(role, "rôle")?, item.clone()));
        }
    }
    Ok(paired)
}
