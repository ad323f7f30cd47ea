//! The audit log: who changed what, when. Written in the transaction of the change.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use passerelle_types::{AuditEntry, PageInfo};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::db::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::audit_log;

/// Who makes a change.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The account, or `None` for the command line run on the server.
    pub id: Option<String>,
    pub email: String,
}

impl Actor {
    /// Someone with shell access to the server, using the `passerelle` command.
    pub fn command_line() -> Actor {
        Actor {
            id: None,
            email: "ligne de commande".to_owned(),
        }
    }
}

/// One change to record.
pub struct AuditRecord<'a> {
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub version: Option<i32>,
    pub changes: Value,
}

impl<'a> AuditRecord<'a> {
    /// A change to something without a version: an account, a token, a registration, an
    /// event's registrations, a publication's documents.
    pub fn unversioned(
        action: &'a str,
        entity: &'a str,
        entity_id: &'a str,
        changes: Value,
    ) -> AuditRecord<'a> {
        AuditRecord {
            action,
            entity,
            entity_id,
            version: None,
            changes,
        }
    }
}

/// One field's change, as the log writes it: `{"field": {"before": …, "after": …}}`.
pub(crate) fn change(field: &str, before: impl Serialize, after: impl Serialize) -> Value {
    serde_json::json!({ field: {"before": before, "after": after} })
}

pub fn record_audit(
    conn: &mut DbConnection,
    actor: &Actor,
    record: AuditRecord<'_>,
) -> StoreResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::occurred_at.eq(crate::now()),
            audit_log::actor_id.eq(actor.id.as_deref()),
            audit_log::actor_email.eq(&actor.email),
            audit_log::action.eq(record.action),
            audit_log::entity.eq(record.entity),
            audit_log::entity_id.eq(record.entity_id),
            audit_log::version.eq(record.version),
            audit_log::changes.eq(record.changes.to_string()),
        ))
        .execute(conn)?;
    Ok(())
}

/// The fields that differ between two JSON objects: `{"field": {"before": …, "after": …}}`.
pub fn diff(before: &Value, after: &Value) -> Value {
    let empty = Map::new();
    let before = before.as_object().unwrap_or(&empty);
    let after = after.as_object().unwrap_or(&empty);
    let mut changes = Map::new();
    let keys = before
        .keys()
        .chain(after.keys().filter(|k| !before.contains_key(*k)));
    for key in keys {
        let old = before.get(key).unwrap_or(&Value::Null);
        let new = after.get(key).unwrap_or(&Value::Null);
        if old != new {
            changes.insert(
                key.clone(),
                serde_json::json!({"before": old, "after": new}),
            );
        }
    }
    Value::Object(changes)
}

/// What to read from the log.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    /// The address of who made the changes (`ligne de commande` for the command line).
    pub actor: Option<String>,
    /// Changes from this day on, and up to this day included (UTC).
    pub since: Option<chrono::NaiveDate>,
    pub until: Option<chrono::NaiveDate>,
    pub page: u32,
    pub limit: u32,
}

type AuditRow = (
    i64,
    NaiveDateTime,
    String,
    String,
    String,
    String,
    Option<i32>,
    String,
);

/// A page of the log, newest first.
pub fn list_audit(
    conn: &mut DbConnection,
    filter: &AuditFilter,
) -> StoreResult<(Vec<AuditEntry>, PageInfo)> {
    let filtered = || {
        let mut query = audit_log::table.into_boxed();
        if let Some(entity) = &filter.entity {
            query = query.filter(audit_log::entity.eq(entity.clone()));
        }
        if let Some(entity_id) = &filter.entity_id {
            query = query.filter(audit_log::entity_id.eq(entity_id.clone()));
        }
        if let Some(actor) = &filter.actor {
            query = query.filter(audit_log::actor_email.eq(actor.trim().to_lowercase()));
        }
        if let Some(since) = filter.since {
            query = query.filter(audit_log::occurred_at.ge(since.and_time(chrono::NaiveTime::MIN)));
        }
        if let Some(next) = filter.until.and_then(|until| until.succ_opt()) {
            query = query.filter(audit_log::occurred_at.lt(next.and_time(chrono::NaiveTime::MIN)));
        }
        query
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let limit = filter.limit.clamp(1, 100);
    let page = filter.page.max(1);
    let rows: Vec<AuditRow> = filtered()
        .order(audit_log::id.desc())
        .limit(i64::from(limit))
        .offset(i64::from(page - 1) * i64::from(limit))
        .select((
            audit_log::id,
            audit_log::occurred_at,
            audit_log::actor_email,
            audit_log::action,
            audit_log::entity,
            audit_log::entity_id,
            audit_log::version,
            audit_log::changes,
        ))
        .load(conn)?;
    let items = rows
        .into_iter()
        .map(
            |(id, occurred_at, actor, action, entity, entity_id, version, changes)| {
                Ok(AuditEntry {
                    id,
                    occurred_at: occurred_at.and_utc(),
                    actor,
                    action,
                    entity,
                    entity_id,
                    version,
                    changes: serde_json::from_str(&changes)
                        .map_err(|e| StoreError::Corrupt(format!("journal d'audit : {e}")))?,
                })
            },
        )
        .collect::<StoreResult<Vec<_>>>()?;
    let total = u64::try_from(total).unwrap_or(0);
    Ok((
        items,
        PageInfo {
            total,
            page,
            limit,
            page_count: total.div_ceil(u64::from(limit)) as u32,
        },
    ))
}
