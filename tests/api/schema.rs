//! The SQLite and PostgreSQL migration trees must build the same tables and columns.

use std::collections::BTreeSet;

use diesel::sql_types::{Bool, Text};
use diesel::{QueryableByName, RunQueryDsl};
use passerelle_store::DbConnection;
use passerelle_tests::{empty_database, Backend};

#[derive(QueryableByName, PartialEq, Eq, PartialOrd, Ord, Debug)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Bool)]
    nullable: bool,
}

fn columns(backend: Backend) -> Option<BTreeSet<(String, String, bool)>> {
    let db = empty_database(backend)?;
    let mut conn = db.connection().expect("connection");
    let sql = match &mut **conn {
        DbConnection::Sqlite(_) => {
            "SELECT m.name AS table_name, p.name AS column_name, \
                    (p.\"notnull\" = 0 AND p.pk = 0) AS nullable \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
               AND m.name <> '__diesel_schema_migrations'"
        }
        DbConnection::Postgresql(_) => {
            "SELECT table_name::text AS table_name, column_name::text AS column_name, \
                    (is_nullable = 'YES') AS nullable \
             FROM information_schema.columns \
             WHERE table_schema = current_schema() \
               AND table_name <> '__diesel_schema_migrations'"
        }
    };
    let rows: Vec<Column> = diesel::sql_query(sql)
        .load(&mut **conn)
        .expect("schema query");
    Some(
        rows.into_iter()
            .map(|c| (c.table_name, c.column_name, c.nullable))
            .collect(),
    )
}

#[test]
fn both_migration_trees_build_the_same_schema() {
    let sqlite = columns(Backend::Sqlite).expect("SQLite is always available");
    assert!(sqlite
        .iter()
        .any(|(t, c, _)| t == "publications" && c == "slug"));
    let Some(postgres) = columns(Backend::Postgresql) else {
        return;
    };
    let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "schemas differ\nonly in SQLite: {only_sqlite:?}\nonly in PostgreSQL: {only_postgres:?}"
    );
}
