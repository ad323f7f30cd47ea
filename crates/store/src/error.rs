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
}

pub type StoreResult<T> = Result<T, StoreError>;
