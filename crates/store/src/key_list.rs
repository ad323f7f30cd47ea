//! `column IN (?, …)` for SQLite, in statements that stay prepared.
//!
//! Diesel's `eq_any` gives SQLite one placeholder per value, so every batch size makes
//! another statement, and diesel prepares it anew each time rather than cache it. A
//! publication's detail is a union of five joins: parsing and planning it took about
//! 8 % of the server's time under random details. Here the list is padded to the next power
//! of two by repeating its last key (a key twice in `IN` matches once), so a few statements
//! serve every batch size and diesel keeps each of them prepared, found by its SQL.
//! PostgreSQL does not need this: `eq_any` binds one array there, `= ANY($1)`.

use diesel::expression::{AppearsOnTable, Expression, ValidGrouping};
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{Bool, Text};
use diesel::sqlite::Sqlite;
use diesel::QueryResult;

/// `column IN (keys…)`, the keys padded to a power of two.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OneOf<'a, C> {
    column: C,
    keys: &'a [String],
}

pub(crate) fn one_of<C>(column: C, keys: &[String]) -> OneOf<'_, C> {
    OneOf { column, keys }
}

impl<C> Expression for OneOf<'_, C> {
    type SqlType = Bool;
}

impl<C: ValidGrouping<()>> ValidGrouping<()> for OneOf<'_, C> {
    type IsAggregate = C::IsAggregate;
}

impl<C: AppearsOnTable<QS>, QS> AppearsOnTable<QS> for OneOf<'_, C> {}

impl<C> QueryId for OneOf<'_, C> {
    type QueryId = ();
    // The SQL depends on the number of keys: diesel caches the statement by its text.
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<C: QueryFragment<Sqlite>> QueryFragment<Sqlite> for OneOf<'_, C> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Sqlite>) -> QueryResult<()> {
        let Some(last) = self.keys.last() else {
            out.push_sql("0");
            return Ok(());
        };
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" IN (");
        for position in 0..self.keys.len().next_power_of_two() {
            if position > 0 {
                out.push_sql(", ");
            }
            out.push_bind_param::<Text, String>(self.keys.get(position).unwrap_or(last))?;
        }
        out.push_sql(")");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::publications;
    use diesel::prelude::*;

    fn sql(keys: &[String]) -> String {
        diesel::debug_query::<Sqlite, _>(
            &publications::table
                .filter(one_of(publications::slug, keys))
                .select(publications::id),
        )
        .to_string()
    }

    #[test]
    fn batches_of_nearby_sizes_share_one_statement() {
        let keys: Vec<String> = (0..5).map(|n| format!("cle-{n}")).collect();
        let statement = |n: usize| sql(&keys[..n]);
        let text = |n: usize| statement(n).split(" -- ").next().map(str::to_owned);
        assert_eq!(text(3), text(4), "3 keys padded to 4");
        assert_ne!(text(4), text(5));
        assert_eq!(text(5).map(|s| s.matches('?').count()), Some(8));
        // The padding repeats the last key, it matches nothing else.
        assert!(statement(3).ends_with(r#"["cle-0", "cle-1", "cle-2", "cle-2"]"#));
    }
}
