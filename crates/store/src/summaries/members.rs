//! Member summaries, and the organizations taking part in an item with their roles.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use passerelle_types::MemberSummary;

use super::{Filed, SummarySource};
use crate::db::DbConnection;
use crate::error::StoreResult;
use crate::reference::Reference;
use crate::schema::members;
use crate::{parse_id, parse_vocabulary};

#[derive(Queryable, Selectable)]
#[diesel(table_name = members)]
struct MemberHead {
    id: String,
    slug: String,
    name: String,
    kind: String,
    qpv_code: Option<String>,
    updated_at: NaiveDateTime,
    version: i32,
}

super::summaries_from!(
    members as MemberHead => MemberSummary,
    filed in member_themes, member_territories by member_id,
    summary
);

/// The summary of a published member, from its row.
fn summary(head: MemberHead, filed: Filed, _: &Reference) -> StoreResult<MemberSummary> {
    Ok(MemberSummary {
        id: parse_id(&head.id)?,
        kind: parse_vocabulary(&head.kind, "type de structure")?,
        themes: filed.themes,
        territories: filed.territories,
        slug: head.slug,
        name: head.name,
        qpv_code: head.qpv_code,
        updated_at: head.updated_at.and_utc(),
        version: head.version,
    })
}

/// The published members among `(member id, role)` pairs, in the pairs' order, with
/// their role parsed; unpublished members are left out.
pub(crate) fn with_roles<R: passerelle_types::Vocabulary>(
    conn: &mut DbConnection,
    roles: &[(String, String)],
    source: &dyn SummarySource,
) -> StoreResult<Vec<(R, MemberSummary)>> {
    let member_ids: Vec<String> = roles.iter().map(|(id, _)| id.clone()).collect();
    let members: HashMap<String, MemberSummary> = source
        .members(conn, &member_ids)?
        .into_iter()
        .map(|m| (m.id.to_string(), m))
        .collect();
    roles
        .iter()
        .filter_map(|(member_id, role)| {
            let member = members.get(member_id)?.clone();
            Some(parse_vocabulary::<R>(role, "rôle").map(|role| (role, member)))
        })
        .collect()
}
