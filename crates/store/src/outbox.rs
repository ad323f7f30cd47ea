//! The outbox: every message is written here in the same transaction as what caused it,
//! then sent by a worker (`passerelle-mail`). A worker claims a few due messages for a
//! while; a message sent is marked so, a failure is retried later and later. Two workers —
//! two instances on one PostgreSQL — never hold the same message at once.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::error::StoreResult;
use crate::schema::outbox;

/// A message written for sending: its kind (`confirm`, `registered`…), its recipient and
/// the whole message as it will travel (RFC 5322).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub kind: &'static str,
    pub recipient: String,
    pub message: String,
}

/// A message a worker holds, to send.
#[derive(Debug, Clone, Queryable)]
pub struct Claimed {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub message: String,
    pub attempts: i32,
}

/// How long a worker holds the messages it claimed before another may take them.
const CLAIM_SECONDS: i64 = 120;

pub fn enqueue(conn: &mut DbConnection, outgoing: &Outgoing) -> StoreResult<()> {
    let now = crate::now();
    diesel::insert_into(outbox::table)
        .values((
            outbox::kind.eq(outgoing.kind),
            outbox::recipient.eq(&outgoing.recipient),
            outbox::message.eq(&outgoing.message),
            outbox::created_at.eq(now),
            outbox::attempts.eq(0),
            outbox::next_attempt_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Up to `limit` messages due now and held by no one, claimed for this worker.
pub fn claim_due(conn: &mut DbConnection, limit: i64) -> StoreResult<Vec<Claimed>> {
    let now = crate::now();
    let due = || {
        outbox::table
            .filter(outbox::sent_at.is_null())
            .filter(outbox::next_attempt_at.le(now))
            .filter(
                outbox::claimed_until
                    .is_null()
                    .or(outbox::claimed_until.lt(now)),
            )
            .order(outbox::id)
            .limit(limit)
            .select(outbox::id)
    };
    // Most rounds find nothing: a read says so without taking SQLite's one write lock
    // (which every registration waits for) every two seconds.
    if due().first::<i64>(conn).optional()?.is_none() {
        return Ok(Vec::new());
    }
    crate::db::write_transaction(conn, |conn| {
        let due = due();
        // PostgreSQL: rows another worker is claiming are skipped, not waited for.
        let ids: Vec<i64> = match conn {
            DbConnection::Postgresql(pg) => due.for_update().skip_locked().load(pg)?,
            DbConnection::Sqlite(_) => due.load(conn)?,
        };
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        diesel::update(outbox::table.filter(outbox::id.eq_any(&ids)))
            .set(outbox::claimed_until.eq(now + Duration::seconds(CLAIM_SECONDS)))
            .execute(conn)?;
        Ok(outbox::table
            .filter(outbox::id.eq_any(&ids))
            .order(outbox::id)
            .select((
                outbox::id,
                outbox::kind,
                outbox::recipient,
                outbox::message,
                outbox::attempts,
            ))
            .load(conn)?)
    })
}

pub fn mark_sent(conn: &mut DbConnection, id: i64) -> StoreResult<()> {
    diesel::update(outbox::table.filter(outbox::id.eq(id)))
        .set((
            outbox::sent_at.eq(Some(crate::now())),
            outbox::claimed_until.eq(None::<NaiveDateTime>),
            outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(())
}

/// A failed attempt: the message waits `first_wait` (30 s in service), then twice as
/// long at each new failure, an hour at most.
pub fn mark_failed(
    conn: &mut DbConnection,
    id: i64,
    attempts: i32,
    error: &str,
    first_wait: std::time::Duration,
) -> StoreResult<()> {
    let first = Duration::from_std(first_wait).unwrap_or(Duration::seconds(30));
    let wait = (first * (1 << attempts.clamp(0, 7))).min(Duration::hours(1));
    diesel::update(outbox::table.filter(outbox::id.eq(id)))
        .set((
            outbox::attempts.eq(attempts + 1),
            outbox::next_attempt_at.eq(crate::now() + wait),
            outbox::claimed_until.eq(None::<NaiveDateTime>),
            outbox::last_error.eq(Some(error.chars().take(500).collect::<String>())),
        ))
        .execute(conn)?;
    Ok(())
}

/// How many messages wait to be sent.
pub fn pending_count(conn: &mut DbConnection) -> StoreResult<i64> {
    Ok(outbox::table
        .filter(outbox::sent_at.is_null())
        .count()
        .get_result(conn)?)
}

/// Messages sent before `before` are forgotten: they hold names and addresses, kept only
/// while someone may ask about them. Returns how many went.
pub fn forget_sent(conn: &mut DbConnection, before: NaiveDateTime) -> StoreResult<usize> {
    Ok(diesel::delete(
        outbox::table
            .filter(outbox::sent_at.is_not_null())
            .filter(outbox::sent_at.lt(before)),
    )
    .execute(conn)?)
}

#[cfg(test)]
mod tests {
    use diesel::connection::SimpleConnection;

    use super::*;
    use crate::db::{Database, DatabaseUrl};

    #[test]
    fn a_round_with_nothing_due_does_not_wait_for_a_writer() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let db = Database::open(&DatabaseUrl::Sqlite(dir.path().join("outbox.sqlite3")))
            .expect("database");
        db.migrate().expect("migrations");
        let mut writer = db.connection().expect("connection");
        writer.batch_execute("BEGIN IMMEDIATE").expect("write lock");
        // Waiting for the lock would end, five seconds later, in « database is locked ».
        let claimed = claim_due(&mut db.connection().expect("connection"), 20);
        assert!(
            matches!(claimed, Ok(ref none) if none.is_empty()),
            "{claimed:?}"
        );
        writer.batch_execute("ROLLBACK").expect("lock released");
    }
}
