//! Where a detail takes the summaries it shows: its own and those of the items it links to.

use std::collections::HashMap;

use passerelle_types::{EventSummary, MemberSummary, PublicationSummary};

use crate::db::DbConnection;
use crate::error::StoreResult;
use crate::reference::Reference;
use crate::{events, members, publications};

/// The published summaries among some ids, in any order; ids not published are left out.
///
/// The database is one source. A catalogue that already holds every published summary
/// (the search engine of the API) is another, and spares a detail most of its queries.
pub trait SummarySource {
    fn publications(
        &self,
        conn: &mut DbConnection,
        ids: &[String],
    ) -> StoreResult<Vec<PublicationSummary>>;
    fn events(&self, conn: &mut DbConnection, ids: &[String]) -> StoreResult<Vec<EventSummary>>;
    fn members(&self, conn: &mut DbConnection, ids: &[String]) -> StoreResult<Vec<MemberSummary>>;
}

/// Summaries read from the database, with the themes and territories at hand.
pub struct DatabaseSummaries<'a>(pub &'a Reference);

impl SummarySource for DatabaseSummaries<'_> {
    fn publications(
        &self,
        conn: &mut DbConnection,
        ids: &[String],
    ) -> StoreResult<Vec<PublicationSummary>> {
        publications::summaries(conn, ids, self.0)
    }

    fn events(&self, conn: &mut DbConnection, ids: &[String]) -> StoreResult<Vec<EventSummary>> {
        events::summaries(conn, ids, self.0)
    }

    fn members(&self, conn: &mut DbConnection, ids: &[String]) -> StoreResult<Vec<MemberSummary>> {
        members::summaries(conn, ids, self.0)
    }
}

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
