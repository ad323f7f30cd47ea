//! The change log: one row per change to published content, written in the same
//! transaction as the change, so that every API instance can tell when its index is stale.

use chrono::Utc;
use diesel::dsl::{count_star, max};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::error::StoreResult;
use crate::schema::content_changes;

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangedEntity {
    Publication,
    Event,
    Member,
    /// Themes or territories.
    Reference,
}

impl ChangedEntity {
    fn as_str(self) -> &'static str {
        match self {
            ChangedEntity::Publication => "publication",
            ChangedEntity::Event => "event",
            ChangedEntity::Member => "member",
            ChangedEntity::Reference => "reference",
        }
    }
}

/// Records a change; call it inside the transaction that makes the change.
pub fn record_change(
    conn: &mut DbConnection,
    entity: ChangedEntity,
    entity_id: &str,
) -> StoreResult<()> {
    diesel::insert_into(content_changes::table)
        .values((
            content_changes::entity.eq(entity.as_str()),
            content_changes::entity_id.eq(entity_id),
            content_changes::changed_at.eq(Utc::now().naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

/// A summary of the log that moves whenever a change commits: the count catches a change
/// whose id was taken before, but committed after, the latest one seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChangeVersion {
    pub count: i64,
    pub latest: Option<i64>,
}

pub fn change_version(conn: &mut DbConnection) -> StoreResult<ChangeVersion> {
    let (count, latest) = content_changes::table
        .select((count_star(), max(content_changes::id)))
        .first::<(i64, Option<i64>)>(conn)?;
    Ok(ChangeVersion { count, latest })
}
