//! The read model: the search and list engine built from what the database holds,
//! resumed from its kept index at start, and kept up to date by following the change log
//! (this instance's writes and other instances'). Details take the summaries they show
//! from it. No HTTP here: the server (`passerelle-http`) and the command line
//! (`passerelle reindex`) both use it.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use passerelle_search::{Engine, EngineBuilder, IndexFolder, SearchError};
use passerelle_store::{
    changes_after, latest_change_id, latest_public_change_time, list_territories, list_themes,
    published_fingerprint, published_ids, published_item, published_items, Change, ChangedEntity,
    Database, DbConnection, StoreError, StoreResult, SummarySource,
};
use passerelle_types::{EventSummary, MemberSummary, PublicationSummary};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The engine holds every published summary: a detail takes those it shows from it rather
/// than from the three or four queries each kind of summary costs.
pub struct EngineSummaries<'a>(pub &'a Engine);

fn uuids(ids: &[String]) -> Vec<Uuid> {
    ids.iter()
        .filter_map(|id| Uuid::parse_str(id).ok())
        .collect()
}

impl SummarySource for EngineSummaries<'_> {
    fn publications(
        &self,
        _: &mut DbConnection,
        ids: &[String],
    ) -> StoreResult<Vec<PublicationSummary>> {
        Ok(self.0.publication_summaries(&uuids(ids)))
    }

    fn events(&self, _: &mut DbConnection, ids: &[String]) -> StoreResult<Vec<EventSummary>> {
        Ok(self.0.event_summaries(&uuids(ids)))
    }

    fn members(&self, _: &mut DbConnection, ids: &[String]) -> StoreResult<Vec<MemberSummary>> {
        Ok(self.0.member_summaries(&uuids(ids)))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error("dossier d'index : {0}")]
    Folder(#[from] std::io::Error),
    /// A kept index that does not reflect this database.
    #[error("index conservé écarté : {0}")]
    Unrelated(&'static str),
}

const CONTENT_TYPES: [ChangedEntity; 3] = [
    ChangedEntity::PUBLICATION,
    ChangedEntity::EVENT,
    ChangedEntity::MEMBER,
];

/// Items read from the database at a time while building: enough to keep round trips
/// few, few enough that their long texts weigh little.
const BATCH: usize = 500;

/// Reads every published item, batch by batch, into a new engine. A change committed
/// meanwhile is caught by the change log (see [`Applied`]).
fn read_catalog(
    db: &Database,
    folder: Option<Arc<IndexFolder>>,
) -> Result<EngineBuilder, CatalogError> {
    let mut conn = db.connection()?;
    let mut builder = EngineBuilder::kept(
        list_themes(&mut conn)?,
        list_territories(&mut conn)?,
        folder,
    )?;
    for entity in CONTENT_TYPES {
        let ids = published_ids(&mut conn, entity)?;
        builder.reserve(ids.len());
        for ids in ids.chunks(BATCH) {
            for item in published_items(&mut conn, entity, ids)? {
                builder.add(item)?;
            }
        }
    }
    Ok(builder)
}

pub fn build_engine(db: &Database) -> Result<Engine, CatalogError> {
    build_kept_engine(db, None)
}

fn build_kept_engine(
    db: &Database,
    folder: Option<Arc<IndexFolder>>,
) -> Result<Engine, CatalogError> {
    let engine = read_catalog(db, folder)?.finish()?;
    passerelle_heap::give_back_freed_memory();
    touch_with_log(db, &engine)?;
    Ok(engine)
}

/// A theme renamed, an item withdrawn: changes the published items' own dates do not show.
fn touch_with_log(db: &Database, engine: &Engine) -> Result<(), CatalogError> {
    if let Some(at) = latest_public_change_time(&mut *db.connection()?)? {
        engine.touch(at);
    }
    Ok(())
}

/// What a kept index's checkpoint records beside the catalogue.
#[derive(Serialize, Deserialize)]
struct KeptState {
    /// The database it was made from (password hidden).
    database: String,
    applied: Applied,
}

impl KeptState {
    fn of(db: &Database, applied: &Applied) -> KeptState {
        KeptState {
            database: db.redacted_url(),
            applied: applied.clone(),
        }
    }
}

/// The engine to serve with, and the changes it reflects. With `index_dir`, the engine kept
/// there is read back when it was made from this database, then brought up to date with
/// the changes since; otherwise (or when it cannot be used) the engine is built from the
/// database and kept there for the next start.
pub fn start_engine(
    db: &Database,
    index_dir: Option<&Path>,
) -> Result<(Engine, Applied), CatalogError> {
    let folder = match index_dir {
        None => None,
        Some(dir) => match IndexFolder::take(dir)? {
            Some(folder) => {
                folder.remove_stale()?;
                Some(Arc::new(folder))
            }
            None => {
                tracing::warn!(
                    dossier = %dir.display(),
                    "dossier d'index déjà pris par une autre instance : index temporaire"
                );
                None
            }
        },
    };
    let started = Instant::now();
    if let Some(folder) = &folder {
        match resume(db, folder.clone()) {
            Ok(Some((engine, applied, replayed))) => {
                tracing::info!(
                    millisecondes = started.elapsed().as_millis() as u64,
                    changements_rejoues = replayed,
                    "index conservé repris"
                );
                return Ok((engine, applied));
            }
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, "index conservé inutilisable : reconstruction"),
        }
    }
    let applied = Applied::read(db)?;
    let engine = build_kept_engine(db, folder)?;
    engine.mark_applied(applied.latest());
    engine.save(&KeptState::of(db, &applied))?;
    tracing::info!(
        millisecondes = started.elapsed().as_millis() as u64,
        "index construit depuis la base"
    );
    Ok((engine, applied))
}

/// The kept engine brought up to date, with the number of changes replayed; `None` when
/// the folder holds no engine yet.
fn resume(
    db: &Database,
    folder: Arc<IndexFolder>,
) -> Result<Option<(Engine, Applied, usize)>, CatalogError> {
    let Some((engine, state)) = Engine::resume::<KeptState>(folder)? else {
        return Ok(None);
    };
    if state.database != db.redacted_url() {
        return Err(CatalogError::Unrelated("fait depuis une autre base"));
    }
    if latest_change_id(&mut *db.connection()?)? < state.applied.latest {
        return Err(CatalogError::Unrelated("plus récent que la base"));
    }
    let mut applied = state.applied;
    let pending = applied.pending(db)?;
    for change in &pending {
        apply_change(db, &engine, change)?;
        applied.mark(change.id);
    }
    // A database rebuilt at the same address, or changed without its log: the counts or
    // the latest dates tell.
    let kept = engine.fingerprint();
    let mut conn = db.connection()?;
    for (entity, kept) in CONTENT_TYPES.into_iter().zip(kept) {
        let (count, latest) = published_fingerprint(&mut conn, entity)?;
        if (count as usize, latest) != kept {
            return Err(CatalogError::Unrelated(
                "son contenu diffère de celui de la base",
            ));
        }
    }
    drop(conn);
    touch_with_log(db, &engine)?;
    engine.mark_applied(applied.latest());
    if !pending.is_empty() {
        engine.save(&KeptState::of(db, &applied))?;
    }
    Ok(Some((engine, applied, pending.len())))
}

/// Changes already reflected when an engine is built from the database: ids read before
/// the catalogue, so that a change committed meanwhile is applied again rather than missed.
#[derive(Clone, Serialize, Deserialize)]
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
        read_catalog(db, engine.folder().cloned())?.finish_into(engine)?;
        passerelle_heap::give_back_freed_memory();
        return Ok(());
    }
    let item = published_item(&mut *db.connection()?, change.entity, &change.entity_id)?;
    match item {
        Some(item) => engine.upsert(item)?,
        None => {
            if let Ok(id) = Uuid::parse_str(&change.entity_id) {
                engine.remove(id)?;
            }
        }
    }
    Ok(())
}

/// Applies every change committed to the database — by this instance or another one on
/// the same database — checking every `every`. A kept engine is checkpointed at most every
/// `checkpoint_every` while changes come, so that a restart has few to replay. Stops with
/// the engine.
pub fn follow_changes(
    db: Database,
    engine: &Arc<Engine>,
    mut applied: Applied,
    every: Duration,
    checkpoint_every: Duration,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    let engine: Weak<Engine> = Arc::downgrade(engine);
    let mut unsaved = 0_usize;
    let mut saved_at = Instant::now();
    std::thread::Builder::new()
        .name("suivi-des-changements".to_owned())
        .spawn(move || loop {
            if unsaved > 0 && saved_at.elapsed() >= checkpoint_every {
                if let Some(engine) = engine.upgrade() {
                    match engine.save(&KeptState::of(&db, &applied)) {
                        Ok(()) => (unsaved, saved_at) = (0, Instant::now()),
                        Err(error) => tracing::warn!(%error, "point de reprise non écrit"),
                    }
                }
            }
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
                        unsaved += 1;
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
