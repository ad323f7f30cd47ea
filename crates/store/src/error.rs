use passerelle_types::FieldError;
use thiserror::Error;

/// Errors of the storage layer.
///
/// The first four variants are the caller's doing (unknown item, stale version, invalid
/// content, conflict) and say what to fix; the others are server faults: their cause is
/// logged, never shown.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{0}")]
    NotFound(String),
    #[error("l'élément a changé depuis la version {expected} (version actuelle : {current})")]
    VersionMismatch { expected: i32, current: i32 },
    #[error("contenu invalide")]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    Conflict(String),
    /// Too many requests of one kind: try again later.
    #[error("{0}")]
    Throttled(String),
    /// Something that was possible and no longer is (registrations closed).
    #[error("{0}")]
    Closed(String),
    #[error("adresse de base de données invalide : {0}")]
    InvalidUrl(String),
    #[error("connexion à la base de données impossible : {0}")]
    Connection(#[from] diesel::ConnectionError),
    #[error("pool de connexions indisponible : {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error("erreur de la base de données : {0}")]
    Query(#[from] diesel::result::Error),
    #[error("échec des migrations : {0}")]
    Migration(String),
    #[error("donnée incohérente en base : {0}")]
    Corrupt(String),
    #[error("création du dossier de données impossible : {0}")]
    Io(#[from] std::io::Error),
}

impl StoreError {
    /// One invalid field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        StoreError::Invalid(vec![FieldError::new(field, message)])
    }

    /// The database could not be reached, or dropped the connection mid-query (a restart,
    /// a network cut): nothing was written, trying again later may work.
    pub fn is_unreachable(&self) -> bool {
        use diesel::result::{DatabaseErrorKind, Error};
        match self {
            StoreError::Pool(_) | StoreError::Connection(_) => true,
            StoreError::Query(Error::DatabaseError(
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                _,
            )) => true,
            // libpq reports a server shutdown or a lost socket without a SQLSTATE diesel
            // maps, so the message is all there is to go on.
            StoreError::Query(Error::DatabaseError(_, info)) => {
                let message = info.message();
                [
                    "terminating connection",
                    "server closed the connection",
                    "no connection to the server",
                    "could not receive data from server",
                    "could not send data to server",
                    "the database system is shutting down",
                    "the database system is starting up",
                ]
                .iter()
                .any(|known| message.contains(known))
            }
            _ => false,
        }
    }

    /// The disk holding the database is full (SQLite's SQLITE_FULL, PostgreSQL's
    /// "could not extend file … No space left on device"): the write was rolled back.
    pub fn is_storage_full(&self) -> bool {
        match self {
            StoreError::Query(diesel::result::Error::DatabaseError(_, info)) => {
                let message = info.message();
                message.contains("database or disk is full")
                    || message.contains("No space left on device")
            }
            StoreError::Io(error) => error.kind() == std::io::ErrorKind::StorageFull,
            _ => false,
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;
