//! The change log: one row per change to published content, written in the same
//! transaction as the change, so that every API instance can tell when its index is stale.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::dsl::max;
use diesel::prelude::*;

use passerelle_types::ItemType;

use crate::db::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::content_changes;

/// What changed: an item, logged under its kind's name (`publication`, `event`, `member`),
/// or the themes and territories (`reference`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangedEntity {
    Item(ItemType),
    /// Themes or territories.
    Reference,
}

impl From<ItemType> for ChangedEntity {
    fn from(kind: ItemType) -> Self {
        ChangedEntity::Item(kind)
    }
}

impl ChangedEntity {
    pub const PUBLICATION: ChangedEntity = ChangedEntity::Item(ItemType::Publication);
    pub const EVENT: ChangedEntity = ChangedEntity::Item(ItemType::Event);
    pub const MEMBER: ChangedEntity = ChangedEntity::Item(ItemType::Member);
    const REFERENCE: &'static str = "reference";

    fn as_str(self) -> &'static str {
        match self {
            ChangedEntity::Item(kind) => kind.as_str(),
            ChangedEntity::Reference => Self::REFERENCE,
        }
    }

    fn parse(name: &str) -> Option<ChangedEntity> {
        match name {
            Self::REFERENCE => Some(ChangedEntity::Reference),
            kind => kind.parse().ok().map(ChangedEntity::Item),
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
            content_changes::changed_at.eq(crate::now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// One row of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub id: i64,
    pub entity: ChangedEntity,
    pub entity_id: String,
}

/// The newest change's id, 0 when the log is empty.
pub fn latest_change_id(conn: &mut DbConnection) -> StoreResult<i64> {
    Ok(content_changes::table
        .select(max(content_changes::id))
        .first::<Option<i64>>(conn)?
        .unwrap_or(0))
}

/// When the public content last changed in a way its published items' own dates do not
/// show: a theme or territory changed, an item withdrawn. Drafts never published leave no
/// trace here: the log records their saves too, but the public never saw them.
pub fn latest_public_change_time(conn: &mut DbConnection) -> StoreResult<Option<DateTime<Utc>>> {
    let reference = content_changes::table
        .filter(content_changes::entity.eq(ChangedEntity::Reference.as_str()))
        .select(max(content_changes::changed_at))
        .first::<Option<NaiveDateTime>>(conn)?;
    let mut latest = reference;
    // Unpublishing and deleting move `updated_at`; `published_at` stays once set.
    macro_rules! withdrawn {
        ($table:ident) => {
            crate::schema::$table::table
                .filter(crate::schema::$table::published_at.is_not_null())
                .filter(diesel::dsl::not(crate::publicly_visible!($table)))
                .select(max(crate::schema::$table::updated_at))
                .first::<Option<NaiveDateTime>>(conn)?
        };
    }
    for at in [
        withdrawn!(publications),
        withdrawn!(events),
        withdrawn!(members),
    ] {
        latest = latest.max(at);
    }
    Ok(latest.map(|at| at.and_utc()))
}

/// Changes with an id above `after`, oldest first.
pub fn changes_after(conn: &mut DbConnection, after: i64) -> StoreResult<Vec<Change>> {
    content_changes::table
        .filter(content_changes::id.gt(after))
        .order(content_changes::id)
        .select((
            content_changes::id,
            content_changes::entity,
            content_changes::entity_id,
        ))
        .load::<(i64, String, String)>(conn)?
        .into_iter()
        .map(|(id, entity, entity_id)| {
            let Some(entity) = ChangedEntity::parse(&entity) else {
                return Err(StoreError::Corrupt(format!(
                    "journal des changements : entité inconnue {entity}"
                )));
            };
            Ok(Change {
                id,
                entity,
                entity_id,
            })
        })
        .collect()
}
