//! A published item's detail, whatever its kind (publication, event, member): by id or
//! slug, one or several at once, with the summaries of the items it refers to.

use std::collections::HashMap;

use crate::db::DbConnection;
use crate::error::StoreResult;
use crate::reference::Reference;
use crate::summaries::{DatabaseSummaries, SummarySource};

/// A kind of item whose published detail the store reads (`publications.rs`, `events.rs`,
/// `members.rs`).
pub trait Detail: Sized {
    /// Several details at once, by id or slug, each under the key it was asked by; keys
    /// that match nothing published are left out. The summaries the details show come
    /// from `source`: the database, or the search engine that already holds them.
    fn find_many(
        conn: &mut DbConnection,
        source: &dyn SummarySource,
        keys: &[String],
    ) -> StoreResult<HashMap<String, Self>>;
}

/// A published item by id or slug, with its related items; `None` if nothing published
/// has this key.
pub fn find<T: Detail>(conn: &mut DbConnection, key: &str) -> StoreResult<Option<T>> {
    let reference = Reference::load(conn)?;
    Ok(T::find_many(conn, &DatabaseSummaries(&reference), &[key.to_owned()])?.remove(key))
}

/// [`Detail::find_many`], as a function to pass around.
pub fn find_many<T: Detail>(
    conn: &mut DbConnection,
    source: &dyn SummarySource,
    keys: &[String],
) -> StoreResult<HashMap<String, T>> {
    T::find_many(conn, source, keys)
}
