//! Details read from the database in batches.
//!
//! A detail that is not kept in memory costs a database statement, and on PostgreSQL a
//! round trip: a blocking thread hands the statement over, sleeps until the answer comes,
//! wakes up again. Under load, most of a random detail's time went there (5,600 random
//! details a second on PostgreSQL where SQLite served 11,000). Publication requests that
//! arrive while one is being read therefore wait for that read to end and share the next:
//! one statement for all the keys waiting. A request that finds no read under way starts
//! one at once, so a quiet server answers as fast as before, and the busier the server,
//! the larger the batches. Events and members, read with a few statements each, go
//! through the same queue one key at a time, several readers at once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use passerelle_search::Engine;
use passerelle_store::{Database, DbConnection, StoreError, StoreResult, SummarySource};
use passerelle_types::{Event, Member, Publication};
use tokio::sync::oneshot;

use crate::error::{ApiError, ApiResult};

/// Reads the details published under some keys, each under the key it was asked by.
pub type FindMany<T> =
    fn(&mut DbConnection, &dyn SummarySource, &[String]) -> StoreResult<HashMap<String, T>>;

/// What a waiting request receives: the item (`None` if nothing published has its key),
/// or the error of the read it shared.
type Answer<T> = Result<Option<Arc<T>>, Arc<StoreError>>;

/// The batched reads of one kind of detail.
pub struct DetailReads<T> {
    find: FindMany<T>,
    /// Readers at most at a time.
    readers: usize,
    /// Keys read together at most.
    batch: usize,
    queue: Mutex<Queue<T>>,
}

struct Queue<T> {
    waiting: Vec<(String, oneshot::Sender<Answer<T>>)>,
    /// Readers started and not yet finished.
    reading: usize,
}

impl<T: Send + Sync + 'static> DetailReads<T> {
    pub fn new(find: FindMany<T>, readers: usize, batch: usize) -> Self {
        DetailReads {
            find,
            readers: readers.max(1),
            batch: batch.max(1),
            queue: Mutex::new(Queue {
                waiting: Vec::new(),
                reading: 0,
            }),
        }
    }

    fn queue(&self) -> MutexGuard<'_, Queue<T>> {
        // Nothing panics while holding the lock: the queue stays consistent.
        self.queue
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The item published under `key`, read with the keys asked for meanwhile, its summaries
    /// and those it links to taken from `engine`.
    pub async fn read(
        self: &Arc<Self>,
        db: &Database,
        engine: &Arc<Engine>,
        key: String,
    ) -> ApiResult<Option<Arc<T>>> {
        let (answer, answered) = oneshot::channel();
        let start_reader = {
            let mut queue = self.queue();
            queue.waiting.push((key, answer));
            let start = queue.reading < self.readers;
            if start {
                queue.reading += 1;
            }
            start
        };
        if start_reader {
            let reads = Arc::clone(self);
            let db = db.clone();
            let engine = engine.clone();
            // Not awaited: the reader serves whoever is waiting, this request among them.
            tokio::task::spawn_blocking(move || reads.serve_waiting(&db, &engine));
        }
        match answered.await {
            Ok(answer) => answer.map_err(ApiError::from),
            Err(_) => Err(ApiError::Internal(
                "lecture de détails interrompue".to_owned(),
            )),
        }
    }

    /// Reads for the waiting requests, batch after batch, until none is left.
    fn serve_waiting(&self, db: &Database, engine: &Engine) {
        let _unwinding = Unwinding(self);
        loop {
            let batch: Vec<_> = {
                let mut queue = self.queue();
                if queue.waiting.is_empty() {
                    // Checked and given up under the same lock: a request queued after this
                    // starts a reader of its own.
                    queue.reading -= 1;
                    return;
                }
                let taken = queue.waiting.len().min(self.batch);
                queue.waiting.drain(..taken).collect()
            };
            let mut keys: Vec<String> = batch.iter().map(|(key, _)| key.clone()).collect();
            keys.sort_unstable();
            keys.dedup();
            let answers = match self.find(db, engine, &keys) {
                Ok(found) => found,
                Err(error) if error.is_unreachable() => {
                    // The requests that came meanwhile waited as long for the same database:
                    // they get the 503 now rather than as long again.
                    let error = Arc::new(error);
                    let waiting = std::mem::take(&mut self.queue().waiting);
                    for (_, answer) in batch.into_iter().chain(waiting) {
                        let _ = answer.send(Err(Arc::clone(&error)));
                    }
                    continue;
                }
                // One item the batch could not read: each read alone, only its requests fail.
                Err(_) if keys.len() > 1 => keys
                    .iter()
                    .map(|key| {
                        let answer = match self.find(db, engine, std::slice::from_ref(key)) {
                            Ok(mut found) => found.remove(key).unwrap_or(Ok(None)),
                            Err(error) => Err(Arc::new(error)),
                        };
                        (key.clone(), answer)
                    })
                    .collect(),
                Err(error) => {
                    let error = Arc::new(error);
                    keys.iter()
                        .map(|key| (key.clone(), Err(Arc::clone(&error))))
                        .collect()
                }
            };
            for (key, answer) in batch {
                let _ = answer.send(answers.get(&key).cloned().unwrap_or(Ok(None)));
            }
        }
    }

    /// Reads `keys` in one go; what the database has under each key, none for the others.
    fn find(
        &self,
        db: &Database,
        engine: &Engine,
        keys: &[String],
    ) -> StoreResult<HashMap<String, Answer<T>>> {
        let mut conn = db.connection()?;
        let found = (self.find)(
            &mut conn,
            &passerelle_catalog::EngineSummaries(engine),
            keys,
        );
        conn.record(&found);
        let mut found = found?;
        Ok(keys
            .iter()
            .map(|key| (key.clone(), Ok(found.remove(key).map(Arc::new))))
            .collect())
    }
}

/// Should a read panic, its batch's requests get their error when their answers are
/// dropped; this lets the next request start a reader, and fails the requests queued
/// behind it rather than leave them waiting for a reader that will not come.
struct Unwinding<'a, T>(&'a DetailReads<T>);

impl<T> Drop for Unwinding<'_, T> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let mut queue = self
                .0
                .queue
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            queue.reading -= 1;
            queue.waiting.clear();
        }
    }
}

/// The batched reads of every kind of detail, shared by every worker.
pub struct DetailReaders {
    pub publications: Arc<DetailReads<Publication>>,
    pub events: Arc<DetailReads<Event>>,
    pub members: Arc<DetailReads<Member>>,
}

impl DetailReaders {
    /// A publication's detail is read in one statement for up to 256 keys: one reader
    /// gathers the largest batches (measured with 64 clients on 2 cores: 11,300 random
    /// details a second on PostgreSQL with one reader, 9,800 with two, 8,100 with four; on
    /// SQLite 11,200 with one, 8,600 with two). Events and members take a few statements
    /// each, key after key: one key per read, as many readers as `connections`.
    pub fn new(connections: usize) -> Self {
        DetailReaders {
            publications: Arc::new(DetailReads::new(
                passerelle_store::find_many::<Publication>,
                1,
                256,
            )),
            events: Arc::new(DetailReads::new(
                passerelle_store::find_many::<Event>,
                connections,
                1,
            )),
            members: Arc::new(DetailReads::new(
                passerelle_store::find_many::<Member>,
                connections,
                1,
            )),
        }
    }
}
