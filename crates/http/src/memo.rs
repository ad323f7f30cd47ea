//! Answers computed from the published content, kept while that content stays the same.
//!
//! Every answer is filed under the engine's generation, which moves on at each change this
//! instance applies — its own writes at once, other instances' through the change log —
//! so an answer is never served once the content it came from has changed here. Details
//! and calendars thus follow the same freshness as the lists.

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, MutexGuard};

use actix_web::web::Bytes;
use lru::LruCache;
use passerelle_types::{Event, Member, Publication};

/// A bounded map from keys to answers of one kind, the least recently used dropped first.
pub struct Memo<V> {
    entries: Mutex<LruCache<String, (u64, V)>>,
}

impl<V: Clone> Memo<V> {
    pub fn new(capacity: usize) -> Self {
        let capacity = NonZeroUsize::new(capacity).unwrap_or(NonZeroUsize::MIN);
        Memo {
            entries: Mutex::new(LruCache::new(capacity)),
        }
    }

    fn entries(&self) -> MutexGuard<'_, LruCache<String, (u64, V)>> {
        // A panic while holding the lock leaves at worst a stale entry of an older generation.
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The answer kept for `key`, if it was computed at `generation`.
    pub fn get(&self, key: &str, generation: u64) -> Option<V> {
        let mut entries = self.entries();
        match entries.get(key) {
            Some((kept, value)) if *kept == generation => Some(value.clone()),
            _ => None,
        }
    }

    pub fn put(&self, key: String, generation: u64, value: V) {
        self.entries().put(key, (generation, value));
    }
}

/// `body` as it is to be kept: in an allocation of its own length. A buffer grown by
/// doubling holds up to twice its content, and the allocator keeps a block that is shrunk
/// by less than half: a kept answer would hold that spare room for as long as it is kept.
pub fn right_sized(body: Vec<u8>) -> Bytes {
    if body.capacity() == body.len() {
        Bytes::from(body)
    } else {
        Bytes::copy_from_slice(&body)
    }
}

/// The answers kept by the public reads, shared by every worker.
pub struct ContentMemos {
    pub publications: Memo<Arc<Publication>>,
    pub events: Memo<Arc<Event>>,
    pub members: Memo<Arc<Member>>,
    /// Rendered iCalendar feeds, by site and query: calendar applications poll the same
    /// few addresses, and a feed may hold thousands of events.
    pub calendars: Memo<Bytes>,
    /// Search answers, serialized, by query: partner sites and the client's links repeat
    /// the same few searches, and a broad one costs milliseconds to rank and facet.
    pub searches: Memo<Bytes>,
    /// The sitemap: search engines fetch it often, and it lists every published item.
    pub sitemap: Memo<Bytes>,
    /// Calendars being rendered: the clients asking for one meanwhile wait for that copy
    /// instead of each rendering their own (64 at once took 600 MB).
    pub calendar_rendering: Renderings,
}

/// One rendering at a time per key, and at most a couple at a time in all: a calendar of
/// thousands of events takes megabytes while it is written.
pub struct Renderings {
    under_way: Mutex<std::collections::HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    at_once: tokio::sync::Semaphore,
}

/// What is held while rendering: the key's turn, then one of the shared places.
pub struct Rendering<'a> {
    renderings: &'a Renderings,
    key: String,
    _turn: tokio::sync::OwnedMutexGuard<()>,
}

impl Renderings {
    fn new(at_once: usize) -> Self {
        Renderings {
            under_way: Mutex::default(),
            at_once: tokio::sync::Semaphore::new(at_once),
        }
    }

    /// Waits for the key's turn: when it comes, look in the memo again before rendering.
    pub async fn turn(&self, key: &str) -> Rendering<'_> {
        let slot = self
            .under_way
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .entry(key.to_owned())
            .or_default()
            .clone();
        Rendering {
            renderings: self,
            key: key.to_owned(),
            _turn: slot.lock_owned().await,
        }
    }
}

impl Rendering<'_> {
    /// Waits for one of the shared places, held until `work` is done.
    pub async fn render<T>(&self, work: impl std::future::Future<Output = T>) -> T {
        // The semaphore is never closed: a failed acquire cannot happen, and would only mean
        // rendering without a place.
        let _place = self.renderings.at_once.acquire().await.ok();
        work.await
    }
}

impl Drop for Rendering<'_> {
    fn drop(&mut self) {
        let mut under_way = self
            .renderings
            .under_way
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // Still wanted by a waiter (its clone and the map's): left for it.
        if under_way
            .get(&self.key)
            .is_some_and(|slot| Arc::strong_count(slot) <= 2)
        {
            under_way.remove(&self.key);
        }
    }
}

/// Details kept per kind: the most asked for. 2,000 publications with their bodies weighed
/// about 30 MB, most of it for pages asked for once.
const DETAILS: usize = 500;
/// Calendars weigh up to a few MB each.
const CALENDARS: usize = 8;
/// Calendars rendered at the same time, whatever their filters.
const CALENDARS_AT_ONCE: usize = 2;
/// A page of results weighs 5 to 20 KB (up to 80 KB at 100 items): 64 pages stay within a
/// few MB however varied the searches.
const SEARCHES: usize = 64;

impl Default for ContentMemos {
    fn default() -> Self {
        ContentMemos {
            publications: Memo::new(DETAILS),
            events: Memo::new(DETAILS),
            members: Memo::new(DETAILS),
            calendars: Memo::new(CALENDARS),
            searches: Memo::new(SEARCHES),
            sitemap: Memo::new(1),
            calendar_rendering: Renderings::new(CALENDARS_AT_ONCE),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_bodies_hold_no_spare_room() {
        let mut grown = Vec::with_capacity(4096);
        grown.extend_from_slice(br#"{"title":"Guide des conseils citoyens"}"#);
        let kept = right_sized(grown);
        assert_eq!(&kept[..], br#"{"title":"Guide des conseils citoyens"}"#);
        let owned = kept.try_into_mut().expect("the only reference");
        assert_eq!(owned.capacity(), owned.len());
    }

    #[test]
    fn answers_of_an_older_generation_are_not_served() {
        let memo = Memo::new(2);
        memo.put("a".to_owned(), 1, "ancien");
        assert_eq!(memo.get("a", 1), Some("ancien"));
        assert_eq!(memo.get("a", 2), None);
        memo.put("a".to_owned(), 2, "nouveau");
        memo.put("b".to_owned(), 2, "b");
        memo.put("c".to_owned(), 2, "c");
        assert_eq!(memo.get("a", 2), None, "the least recently used is dropped");
        assert_eq!(memo.get("c", 2), Some("c"));
    }
}
