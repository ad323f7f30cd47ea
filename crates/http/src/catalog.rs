//! Builds the search and list engine from what the database holds.

use std::sync::{Arc, Weak};
use std::time::Duration;

use passerelle_search::{CatalogSource, Engine, SearchError};
use passerelle_store::{change_version, ChangeVersion, Database, StoreError};

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

/// The change log's state, read before the catalogue so that no change slips between.
pub fn current_version(db: &Database) -> Result<ChangeVersion, StoreError> {
    change_version(&mut *db.connection()?)
}

/// Rebuilds the engine whenever the change log moves — including changes made by other
/// instances on the same database — checking every `every`. Stops with the engine.
pub fn follow_changes(
    db: Database,
    engine: &Arc<Engine>,
    since: ChangeVersion,
    every: Duration,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    let engine: Weak<Engine> = Arc::downgrade(engine);
    std::thread::Builder::new()
        .name("suivi-des-changements".to_owned())
        .spawn(move || {
            let mut seen = since;
            loop {
                std::thread::sleep(every);
                let Some(engine) = engine.upgrade() else {
                    return;
                };
                let version = match current_version(&db) {
                    Ok(version) => version,
                    Err(error) => {
                        tracing::warn!(%error, "lecture du journal des changements impossible");
                        continue;
                    }
                };
                if version == seen {
                    continue;
                }
                match source(&db).map(|source| engine.replace(source)) {
                    Ok(Ok(())) => {
                        tracing::info!(changes = version.count, "index de recherche mis à jour");
                        seen = version;
                    }
                    Ok(Err(error)) => tracing::error!(%error, "mise à jour de l'index impossible"),
                    Err(error) => tracing::warn!(%error, "lecture du catalogue impossible"),
                }
            }
        })
}
