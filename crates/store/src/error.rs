use thiserror::Error;

/// Errors of the storage layer.
///
/// Every variant is a server fault: its cause is logged, never shown.
#[derive(Debug, Error)]
pub enum StoreError {
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

pub type StoreResult<T> = Result<T, StoreError>;
