//! Connections: one code base for SQLite and PostgreSQL through diesel's `MultiConnection`.
//!
//! The URL picks the backend explicitly (a failed PostgreSQL connection must never fall back
//! to creating an SQLite file), and the few places where dialects differ are `match`es on
//! [`DbConnection`]: migrations and connection set-up here, the write lock taken up front
//! on SQLite ([`write_transaction`], here too), and the batched detail reads
//! (`publications.rs`).

use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::r2d2::{self, ManageConnection, Pool, PooledConnection};
use diesel::{Connection, PgConnection, RunQueryDsl, SqliteConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::error::{StoreError, StoreResult};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

/// Per connection: the busy timeout makes concurrent writers wait instead of failing, and
/// SQLite leaves foreign keys off unless asked. A page cache of 256 KB rather than 2 MB:
/// the file's pages stay in the system's cache, shared by every connection, and with
/// 1 MB each the eight connections held 6 to 9 MB more at the benchmark's peak, for no
/// gain in random details or lists (measured three times each way).
const SQLITE_PRAGMAS: &str = "PRAGMA busy_timeout = 5000;
PRAGMA synchronous = NORMAL;
PRAGMA foreign_keys = ON;
PRAGMA cache_size = -256;";

/// Once per file, before the pool opens connections in parallel (switching the journal
/// needs the file to itself): WAL lets readers proceed during a write, and it persists.
const SQLITE_FILE_PRAGMAS: &str = "PRAGMA busy_timeout = 5000;
PRAGMA journal_mode = WAL;";

/// Longest wait for a pooled connection.
const POOL_WAIT: Duration = Duration::from_millis(800);

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

/// Which database engine a URL designates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgresql,
}

/// A parsed `DATABASE_URL`: `postgres://…`, `postgresql://…`, `sqlite://PATH` or a plain path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgresql(String),
}

impl DatabaseUrl {
    pub fn backend(&self) -> Backend {
        match self {
            DatabaseUrl::Sqlite(_) => Backend::Sqlite,
            DatabaseUrl::Postgresql(_) => Backend::Postgresql,
        }
    }

    /// The URL with any password hidden, for logs.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
            DatabaseUrl::Postgresql(url) => match (url.find("://"), url.rfind('@')) {
                (Some(scheme_end), Some(at)) if at > scheme_end => {
                    let userinfo = &url[scheme_end + 3..at];
                    let user = userinfo.split(':').next().unwrap_or_default();
                    format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..])
                }
                _ => url.clone(),
            },
        }
    }
}

impl FromStr for DatabaseUrl {
    type Err = StoreError;

    fn from_str(url: &str) -> Result<Self, Self::Err> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(DatabaseUrl::Postgresql(url.to_owned()))
        } else if let Some(path) = url.strip_prefix("sqlite://") {
            non_empty_path(path)
        } else if let Some(path) = url.strip_prefix("sqlite:") {
            non_empty_path(path)
        } else if url.contains("://") {
            Err(StoreError::InvalidUrl(format!(
                "schéma non pris en charge dans « {url} » : utilisez postgres://, sqlite:// ou un chemin de fichier"
            )))
        } else {
            non_empty_path(url)
        }
    }
}

fn non_empty_path(path: &str) -> StoreResult<DatabaseUrl> {
    if path.is_empty() {
        Err(StoreError::InvalidUrl(
            "chemin de fichier SQLite vide".to_owned(),
        ))
    } else {
        Ok(DatabaseUrl::Sqlite(PathBuf::from(path)))
    }
}

/// Opens connections of the backend the URL names, set up for it.
#[derive(Debug)]
pub struct ConnectionManager {
    url: DatabaseUrl,
}

/// A PostgreSQL connection that answered this recently is handed out without a check: the
/// check's round trip cost a sixth of a random detail. A server restarts in longer than
/// this, so a connection it cut is checked, and replaced, before it serves again — unless
/// a failure already marked it lost.
const ANSWERED_RECENTLY: Duration = Duration::from_millis(250);

/// A pooled connection, with what the pool knows of its health.
pub struct TrackedConnection {
    connection: DbConnection,
    /// When the database last answered on it.
    answered_at: Instant,
    /// Failed as a cut connection does: the pool drops it instead of taking it back.
    lost: bool,
}

impl TrackedConnection {
    fn new(connection: DbConnection) -> Self {
        TrackedConnection {
            connection,
            answered_at: Instant::now(),
            lost: false,
        }
    }

    /// Records how a piece of work on the connection ended: any answer of the database,
    /// even a refusal, shows it alive; a lost connection is not given out again.
    pub fn record<T>(&mut self, outcome: &StoreResult<T>) {
        match outcome {
            Err(error) if error.is_unreachable() => self.lost = true,
            _ => self.answered_at = Instant::now(),
        }
    }
}

impl Deref for TrackedConnection {
    type Target = DbConnection;

    fn deref(&self) -> &DbConnection {
        &self.connection
    }
}

impl DerefMut for TrackedConnection {
    fn deref_mut(&mut self) -> &mut DbConnection {
        &mut self.connection
    }
}

impl ManageConnection for ConnectionManager {
    type Connection = TrackedConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<TrackedConnection, r2d2::Error> {
        let connection = match &self.url {
            DatabaseUrl::Postgresql(url) => PgConnection::establish(url)
                .map(DbConnection::Postgresql)
                .map_err(r2d2::Error::ConnectionError)?,
            DatabaseUrl::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())
                    .map_err(r2d2::Error::ConnectionError)?;
                conn.batch_execute(SQLITE_PRAGMAS)
                    .map_err(r2d2::Error::QueryError)?;
                DbConnection::Sqlite(conn)
            }
        };
        Ok(TrackedConnection::new(connection))
    }

    fn is_valid(&self, conn: &mut TrackedConnection) -> Result<(), r2d2::Error> {
        match conn.connection {
            // A file opened stays open: the check would only cost a statement prepared at
            // every checkout (2 % of a random detail's CPU).
            DbConnection::Sqlite(_) => Ok(()),
            DbConnection::Postgresql(_) if conn.answered_at.elapsed() < ANSWERED_RECENTLY => Ok(()),
            // The server may have gone away or restarted since.
            DbConnection::Postgresql(_) => {
                conn.connection
                    .batch_execute("SELECT 1")
                    .map_err(r2d2::Error::QueryError)?;
                conn.answered_at = Instant::now();
                Ok(())
            }
        }
    }

    fn has_broken(&self, conn: &mut TrackedConnection) -> bool {
        conn.lost
    }
}

pub type DbPooledConnection = PooledConnection<ConnectionManager>;

/// A pool of connections to the one database of the platform.
#[derive(Clone)]
pub struct Database {
    pool: Pool<ConnectionManager>,
    url: DatabaseUrl,
}

impl Database {
    /// Connects, creating the SQLite file and its folder if needed.
    pub fn open(url: &DatabaseUrl) -> StoreResult<Self> {
        if let DatabaseUrl::Sqlite(path) = url {
            create_parent_dir(path)?;
            SqliteConnection::establish(&path.to_string_lossy())?
                .batch_execute(SQLITE_FILE_PRAGMAS)?;
        }
        let pool = Pool::builder()
            .max_size(match url.backend() {
                Backend::Sqlite => 8,
                Backend::Postgresql => 10,
            })
            // A request waits at most this long for a connection: when the database is down
            // the client gets its 503 within a second instead of hanging.
            .connection_timeout(POOL_WAIT)
            .build(ConnectionManager { url: url.clone() })?;
        Ok(Database {
            pool,
            url: url.clone(),
        })
    }

    pub fn backend(&self) -> Backend {
        self.url.backend()
    }

    /// How many connections the pool holds at most.
    pub fn pool_size(&self) -> usize {
        self.pool.max_size() as usize
    }

    /// Where the database is, password hidden.
    pub fn redacted_url(&self) -> String {
        self.url.redacted()
    }

    /// Connections open in the pool, and how many of them are idle.
    pub fn pool_state(&self) -> (u32, u32) {
        let state = self.pool.state();
        (state.connections, state.idle_connections)
    }

    pub fn connection(&self) -> StoreResult<DbPooledConnection> {
        Ok(self.pool.get()?)
    }

    /// Applies pending migrations; returns the versions applied.
    pub fn migrate(&self) -> StoreResult<Vec<String>> {
        let mut conn = self.connection()?;
        let applied = match &mut **conn {
            DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
            DbConnection::Postgresql(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
        }
        .map_err(|e| StoreError::Migration(e.to_string()))?;
        Ok(applied.iter().map(ToString::to_string).collect())
    }

    /// Succeeds when the database answers a query.
    pub fn check(&self) -> StoreResult<()> {
        let mut conn = self.connection()?;
        let outcome = conn.batch_execute("SELECT 1").map_err(StoreError::from);
        conn.record(&outcome);
        outcome
    }
}

fn create_parent_dir(path: &Path) -> StoreResult<()> {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => {
            std::fs::create_dir_all(parent)?;
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A transaction that writes. In SQLite a transaction that reads before it writes cannot
/// wait for another writer (it would deadlock) and fails at once: this one writes first — a
/// statement that changes nothing — so that concurrent writers queue on the busy timeout.
pub(crate) fn write_transaction<T>(
    conn: &mut DbConnection,
    step: impl FnOnce(&mut DbConnection) -> StoreResult<T>,
) -> StoreResult<T> {
    conn.transaction(|conn| {
        claim_write_lock(conn)?;
        step(conn)
    })
}

/// The write lock of SQLite, taken up front (nothing on PostgreSQL, whose row locks do the
/// same where needed).
pub(crate) fn claim_write_lock(conn: &mut DbConnection) -> StoreResult<()> {
    if let DbConnection::Sqlite(_) = conn {
        diesel::sql_query("UPDATE content_changes SET entity = entity WHERE 1 = 0")
            .execute(conn)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_pick_their_backend() {
        let parse = |s: &str| s.parse::<DatabaseUrl>().ok();
        assert_eq!(
            parse("postgres://u@h/db"),
            Some(DatabaseUrl::Postgresql("postgres://u@h/db".into()))
        );
        assert_eq!(
            parse("sqlite://data/p.db"),
            Some(DatabaseUrl::Sqlite("data/p.db".into()))
        );
        assert_eq!(
            parse("data/p.db"),
            Some(DatabaseUrl::Sqlite("data/p.db".into()))
        );
        assert_eq!(parse("mysql://h/db"), None);
        assert_eq!(parse("sqlite://"), None);
    }

    #[test]
    fn a_connection_that_lost_its_server_is_dropped_not_taken_back() {
        let manager = ConnectionManager {
            url: DatabaseUrl::Sqlite(":memory:".into()),
        };
        let mut conn = manager.connect().expect("in-memory SQLite");
        conn.record(&Err::<(), _>(StoreError::invalid("titre", "vide")));
        assert!(!manager.has_broken(&mut conn), "a refusal is an answer");
        let cut = StoreError::Connection(diesel::ConnectionError::BadConnection(
            "server closed the connection unexpectedly".to_owned(),
        ));
        conn.record(&Err::<(), _>(cut));
        assert!(manager.has_broken(&mut conn));
    }

    #[test]
    fn passwords_are_hidden_from_logs() {
        let url = DatabaseUrl::Postgresql("postgres://app:s3cret@db:5432/passerelle".into());
        assert_eq!(url.redacted(), "postgres://app:***@db:5432/passerelle");
    }

    #[test]
    fn sqlite_database_is_created_with_its_folder_and_migrated() {
        let dir = tempfile::tempdir().ok();
        let path = dir
            .as_ref()
            .map(|d| d.path().join("sub/p.sqlite3"))
            .unwrap_or_default();
        let db = Database::open(&DatabaseUrl::Sqlite(path.clone()));
        let db = db.ok();
        assert!(path.exists());
        let applied = db.as_ref().map(|db| db.migrate().map(|v| v.len()).ok());
        let shipped = std::fs::read_dir(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../migrations/sqlite"
        ))
        .map(|dir| dir.count())
        .ok();
        assert_eq!(applied, Some(shipped), "every shipped migration, once");
        let again = db.as_ref().map(|db| db.migrate().map(|v| v.len()).ok());
        assert_eq!(again, Some(Some(0)), "a second run applies nothing");
    }
}
