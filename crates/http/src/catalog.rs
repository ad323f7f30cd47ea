//! Builds the search and list engine from what the database holds.

use std::collections::BTreeSet;
use std::sync::{Arc, Weak};
use std::time::Duration;

use passerelle_search::{CatalogItem, Engine, EngineBuilder, SearchError};
use passerelle_store::{
    changes_after, latest_change_id, latest_change_time, list_territories, list_themes,
    published_ids, published_item, published_items, Change, ChangedEntity, Database, PublishedItem,
    StoreError,
};
use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Search(#[from] SearchError),
}

/// Items read from the database at a time while building: enough to keep round trips
/// few, few enough that their long texts weigh little.
const BATCH: usize = 500;

/// Reads every published item, batch by batch, into a new engine. A change committed
/// meanwhile is caught by the change log (see [`Applied`]).
fn read_catalog(db: &Database) -> Result<EngineBuilder, CatalogError> {
    let mut conn = db.connection()?;
    let mut builder = EngineBuilder::new(list_themes(&mut conn)?, list_territories(&mut conn)?)?;
    for entity in [
        ChangedEntity::Publication,
        ChangedEntity::Event,
        ChangedEntity::Member,
    ] {
        for ids in published_ids(&mut conn, entity)?.chunks(BATCH) {
            for item in published_items(&mut conn, entity, ids)? {
                builder.add(catalog_item(item))?;
            }
        }
    }
    Ok(builder)
}

pub fn build_engine(db: &Database) -> Result<Engine, CatalogError> {
    let engine = read_catalog(db)?.finish()?;
    // A theme renamed, an item withdrawn: changes the items' own dates do not show.
    if let Some(at) = latest_change_time(&mut *db.connection()?)? {
        engine.touch(at);
    }
    Ok(engine)
}

fn catalog_item(item: PublishedItem) -> CatalogItem {
    match item {
        PublishedItem::Publication(p, body) => CatalogItem::Publication(p, body),
        PublishedItem::Event(e, body) => CatalogItem::Event(e, body),
        PublishedItem::Member(m, body) => CatalogItem::Member(m, body),
    }
}

/// Changes already reflected when an engine is built from the database: ids read before
/// the catalogue, so that a change committed meanwhile is applied again rather than missed.
pub struct Applied {
    latest: i64,
    /// Ids seen within the lookback window: a change can commit after one with a higher
    /// id (PostgreSQL hands out ids before commit), so the window is read again each time.
    recent: BTreeSet<i64>,
}

/// How far back, in ids, each check looks for changes committed out of order.
const LOOKBACK: i64 = 200;

impl Applied {
    pub fn read(db: &Database) -> Result<Applied, StoreError> {
        let mut conn = db.connection()?;
        let latest = latest_change_id(&mut conn)?;
        let recent = changes_after(&mut conn, latest - LOOKBACK)?
            .into_iter()
            .map(|change| change.id)
            .filter(|id| *id <= latest)
            .collect();
        Ok(Applied { latest, recent })
    }

    /// Changes not yet applied, oldest first.
    fn pending(&self, db: &Database) -> Result<Vec<Change>, StoreError> {
        let changes = changes_after(&mut *db.connection()?, self.latest - LOOKBACK)?;
        Ok(changes
            .into_iter()
            .filter(|change| !self.recent.contains(&change.id))
            .collect())
    }

    /// The latest change-log entry reflected.
    pub fn latest(&self) -> i64 {
        self.latest
    }

    fn mark(&mut self, id: i64) {
        self.recent.insert(id);
        self.latest = self.latest.max(id);
        let horizon = self.latest - LOOKBACK;
        self.recent.retain(|id| *id > horizon);
    }
}

/// Brings the engine up to date with one change.
pub fn apply_change(db: &Database, engine: &Engine, change: &Change) -> Result<(), CatalogError> {
    if change.entity == ChangedEntity::Reference {
        // Labels of themes or territories appear in every item: rebuild everything.
        read_catalog(db)?.finish_into(engine)?;
        return Ok(());
    }
    let item = published_item(&mut *db.connection()?, change.entity, &change.entity_id)?;
    match item {
        Some(item) => engine.upsert(catalog_item(item))?,
        None => {
            if let Ok(id) = Uuid::parse_str(&change.entity_id) {
                engine.remove(id)?;
            }
        }
    }
    Ok(())
}

/// Applies every change committed to the database — by this instance or another one on
/// the same database — checking every `every`. Stops with the engine.
pub fn follow_changes(
    db: Database,
    engine: &Arc<Engine>,
    mut applied: Applied,
    every: Duration,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    let engine: Weak<Engine> = Arc::downgrade(engine);
    std::thread::Builder::new()
        .name("suivi-des-changements".to_owned())
        .spawn(move || loop {
            std::thread::sleep(every);
            let Some(engine) = engine.upgrade() else {
                return;
            };
            let pending = match applied.pending(&db) {
                Ok(pending) => pending,
                Err(error) => {
                    tracing::warn!(%error, "lecture du journal des changements impossible");
                    continue;
                }
            };
            for change in pending {
                match apply_change(&db, &engine, &change) {
                    Ok(()) => {
                        applied.mark(change.id);
                        engine.mark_applied(applied.latest);
                    }
                    Err(error) => {
                        // Left unmarked: tried again at the next check.
                        tracing::warn!(%error, change = change.id, "changement non appliqué");
                        break;
                    }
                }
            }
        })
}

/// Brings the engine up to date with an item this instance just changed, before the write
/// is answered: what an editor saves is searchable when the response arrives.
pub fn refresh(
    db: &Database,
    engine: &Engine,
    entity: ChangedEntity,
    id: &str,
) -> Result<(), CatalogError> {
    let change = Change {
        id: 0,
        entity,
        entity_id: id.to_owned(),
    };
    apply_change(db, engine, &change)
}
