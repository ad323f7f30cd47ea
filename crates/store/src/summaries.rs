//! What lists, cards and related items show of each kind of item, and where a detail
//! takes them from. The detail modules (`publications`, `events`, `members`) and `related`
//! use these; none of them uses another detail module.

use passerelle_types::{EventSummary, MemberSummary, PublicationSummary};

use crate::db::DbConnection;
use crate::error::StoreResult;
use crate::reference::Reference;

/// A kind's `summaries(conn, ids, reference)`: the published rows of `$table` among `ids`
/// read as `$head`, each made a `$summary` by `$build(head, filed, reference)`, in no
/// particular order.
macro_rules! summaries_from {
    ($table:ident as $head:ty => $summary:ty, filed in $themes:ident, $territories:ident by $owner:ident, $build:path) => {
        pub(crate) fn summaries(
            conn: &mut DbConnection,
            ids: &[String],
            reference: &Reference,
        ) -> StoreResult<Vec<$summary>> {
            let heads: Vec<$head> = $table::table
                .filter($crate::publicly_visible!($table))
                .filter($table::id.eq_any(ids))
                .select(<$head>::as_select())
                .load(conn)?;
            let themes = $crate::grouped_pairs!(conn, ids, $themes, $owner, theme_slug);
            let territories = $crate::grouped_pairs!(conn, ids, $territories, $owner, territory_id);
            heads
                .into_iter()
                .map(|head| {
                    let filed = super::Filed {
                        themes: reference.themes_of(themes.get(&head.id))?,
                        territories: reference.territories_of(territories.get(&head.id))?,
                    };
                    $build(head, filed, reference)
                })
                .collect()
        }
    };
}
use summaries_from;

/// The themes and territories an item is filed under.
pub(crate) struct Filed {
    pub themes: Vec<passerelle_types::Theme>,
    pub territories: Vec<passerelle_types::Territory>,
}

pub(crate) mod events;
pub(crate) mod members;
pub(crate) mod publications;

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
