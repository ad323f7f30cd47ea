//! Builds the search and list engine from what the database holds.

use passerelle_search::{CatalogSource, Engine, SearchError};
use passerelle_store::{Database, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Search(#[from] SearchError),
}

/// Reads every published item and indexes it.
pub fn source(db: &Database) -> Result<CatalogSource, StoreError> {
    let catalog = passerelle_store::published_catalog(&mut *db.connection()?)?;
    Ok(CatalogSource {
        themes: catalog.themes,
        territories: catalog.territories,
        publications: catalog.publications,
        events: catalog.events,
        members: catalog.members,
    })
}

pub fn build_engine(db: &Database) -> Result<Engine, CatalogError> {
    Ok(Engine::build(source(db)?)?)
}
