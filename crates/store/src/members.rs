//! A network member's detail, with the publications and events it took part in (its
//! summary: `summaries/members.rs`).

use std::collections::HashMap;

use diesel::prelude::*;
use passerelle_types::{
    Contact, EventRole, GeoPoint, Member, MemberEvent, MemberPublication, PublicationRole,
};

use crate::db::DbConnection;
use crate::details::Detail;
use crate::error::StoreResult;
use crate::models::MemberRow;
use crate::related::own_summary;
use crate::schema::{event_organizations, members, publication_organizations};
use crate::summaries::members::summaries;
use crate::summaries::SummarySource;
use crate::summaries::{events, publications};
use crate::{normalize_key, parse_vocabulary};

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
    let id_key = normalize_key(key);
    let Some(row) = members::table
        .filter(crate::publicly_visible!(members))
        .filter(members::slug.eq(key).or(members::id.eq(&id_key)))
        .select(MemberRow::as_select())
        // Not `.first()`: SQLite plans a statement again each time a bound value it planned
        // with is rebound, as `LIMIT ?` is: a quarter of a random detail's CPU.
        .load(conn)?
        .pop()
    else {
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
    let roles_by_publication = roles_by_item(&publication_roles);
    let mut member_publications = Vec::new();
    for publication in publications {
        for role in roles_by_publication
            .get(&publication.id.to_string())
            .into_iter()
            .flatten()
        {
            member_publications.push(MemberPublication {
                role: parse_vocabulary::<PublicationRole>(role, "rôle")?,
                publication: publication.clone(),
            });
        }
    }

    let event_roles: Vec<(String, String)> = event_organizations::table
        .filter(event_organizations::member_id.eq(&row.id))
        .select((event_organizations::event_id, event_organizations::role))
        .load(conn)?;
    let event_ids: Vec<String> = event_roles.iter().map(|(id, _)| id.clone()).collect();
    let mut events = source.events(conn, &event_ids)?;
    events::sort_newest_first(&mut events);
    let roles_by_event = roles_by_item(&event_roles);
    let mut member_events = Vec::new();
    for event in events {
        for role in roles_by_event
            .get(&event.id.to_string())
            .into_iter()
            .flatten()
        {
            member_events.push(MemberEvent {
                role: parse_vocabulary::<EventRole>(role, "rôle")?,
                event: event.clone(),
            });
        }
    }

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

fn roles_by_item(pairs: &[(String, String)]) -> HashMap<String, Vec<String>> {
    crate::group_by_owner(pairs.to_vec())
}
