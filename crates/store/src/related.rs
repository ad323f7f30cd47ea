//! Where a detail takes the summaries it shows: its own and those of the items it links to.

use std::collections::HashMap;

use crate::db::DbConnection;
use crate::error::StoreResult;
use crate::reference::Reference;
use crate::summaries::SummarySource;

/// An item's own summary: from `source`, else from the database. A source kept apart from
/// the database may not hold yet what another instance published a moment ago, and a
/// detail found in the database must not answer 404 meanwhile.
pub(crate) fn own_summary<T>(
    conn: &mut DbConnection,
    id: &str,
    from_source: impl FnOnce(&mut DbConnection, &[String]) -> StoreResult<Vec<T>>,
    from_database: fn(&mut DbConnection, &[String], &Reference) -> StoreResult<Vec<T>>,
) -> StoreResult<Option<T>> {
    let ids = [id.to_owned()];
    if let Some(summary) = from_source(conn, &ids)?.pop() {
        return Ok(Some(summary));
    }
    let reference = Reference::load(conn)?;
    Ok(from_database(conn, &ids, &reference)?.pop())
}

/// A detail reader for one key.
pub(crate) type FindOne<T> =
    fn(&mut DbConnection, &dyn SummarySource, &str) -> StoreResult<Option<T>>;

/// Several details, each under the key it was asked by, read one after the other on one
/// connection; keys that match nothing published are left out.
pub(crate) fn one_by_one<T>(
    conn: &mut DbConnection,
    source: &dyn SummarySource,
    keys: &[String],
    find: FindOne<T>,
) -> StoreResult<HashMap<String, T>> {
    let mut found = HashMap::with_capacity(keys.len());
    for key in keys {
        if let Some(item) = find(conn, source, key)? {
            found.insert(key.clone(), item);
        }
    }
    Ok(found)
}
