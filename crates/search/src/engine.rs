use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering as AtomicOrdering};
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};

use uuid::Uuid;

use chrono::{Datelike, NaiveDate};
use fixedbitset::FixedBitSet;
use passerelle_types::*;
use serde::{Deserialize, Serialize};
use tantivy::Score;
use thiserror::Error;

use crate::entry::{Entry, References};
use crate::facets::{
    apply_facets, collate, collation_key, date_span, facet_values, page_of, within, FacetOrder,
    Postings, Profiles,
};
use crate::kept::{self, CatalogueReader, Header, IndexFolder, Line};
use crate::text::{Clause, TextDoc, TextIndex, TextQuery};

mod checkpoint;
mod clauses;
mod evaluation;
mod snapshot;

use clauses::{ClauseCache, ClauseMatches, TextMatches};
use snapshot::Snapshot;

#[derive(Debug, Error)]
pub enum SearchError {
    /// A filter names a theme or territory that does not exist: the client's fault.
    #[error("{message}")]
    InvalidFilter { parameter: String, message: String },
    #[error("index de recherche : {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("index conservé : {0}")]
    Kept(#[from] std::io::Error),
}

type Result<T> = std::result::Result<T, SearchError>;

/// Everything published, as read from the database: summaries with their long text.
#[derive(Debug, Clone, Default)]
pub struct CatalogSource {
    pub themes: Vec<Theme>,
    pub territories: Vec<Territory>,
    pub publications: Vec<(PublicationSummary, String)>,
    pub events: Vec<(EventSummary, String)>,
    pub members: Vec<(MemberSummary, String)>,
}

impl CatalogSource {
    fn into_builder(self) -> Result<EngineBuilder> {
        let mut builder = EngineBuilder::new(self.themes, self.territories)?;
        let items = self
            .publications
            .into_iter()
            .map(|(p, body)| CatalogItem::publication(p, body))
            .chain(
                self.events
                    .into_iter()
                    .map(|(e, body)| CatalogItem::event(e, body)),
            )
            .chain(
                self.members
                    .into_iter()
                    .map(|(m, body)| CatalogItem::member(m, body)),
            );
        for item in items {
            builder.add(item)?;
        }
        Ok(builder)
    }
}

/// Answers lists and searches. A rebuild is prepared aside and swapped in whole; a single
/// item's update takes the write lock only for the time it needs.
pub struct Engine {
    snapshot: RwLock<Snapshot>,
    /// When the public content last changed, in Unix seconds: the `Last-Modified` of every
    /// public answer (one date for all is coarse but never claims staleness falsely).
    last_modified: AtomicI64,
    /// The latest entry of the database's change log this engine reflects.
    applied_change: AtomicI64,
    /// Moves on at every change of the public content: answers computed from it (details,
    /// calendars) are kept under the generation they were computed at.
    generation: AtomicU64,
    /// Where the engine is kept between runs, if anywhere.
    folder: Option<Arc<IndexFolder>>,
}

/// Builds an engine item by item, so that a catalogue larger than memory allows can be read
/// from its source in batches: only the summaries stay, each long text is indexed and let go.
pub struct EngineBuilder {
    snapshot: Snapshot,
    /// The latest `updated_at` of the items added.
    latest: i64,
    folder: Option<Arc<IndexFolder>>,
}

impl EngineBuilder {
    /// A builder whose index lives in a temporary folder, removed with the engine.
    pub fn new(themes: Vec<Theme>, territories: Vec<Territory>) -> Result<Self> {
        EngineBuilder::kept(themes, territories, None)
    }

    /// A builder whose index is kept in a new generation of `folder` (when given), to be
    /// resumed from at the next start once [`Engine::save`] has made it current.
    pub fn kept(
        themes: Vec<Theme>,
        territories: Vec<Territory>,
        folder: Option<Arc<IndexFolder>>,
    ) -> Result<Self> {
        let text = match &folder {
            Some(folder) => TextIndex::create(Some(&folder.new_build_folder()?.join(kept::TEXT)))?,
            None => TextIndex::create(None)?,
        };
        Ok(EngineBuilder {
            snapshot: Snapshot::empty(themes, territories, text),
            latest: 0,
            folder,
        })
    }

    /// Makes room for `items` more items at once.
    pub fn reserve(&mut self, items: usize) {
        self.snapshot.reserve(items);
    }

    pub fn add(&mut self, item: CatalogItem) -> Result<()> {
        self.latest = self.latest.max(item.summary.updated_at().timestamp());
        self.snapshot.add(item.summary, &item.text)
    }

    pub fn finish(mut self) -> Result<Engine> {
        self.snapshot.text.finish_build()?;
        self.snapshot.sort_orders();
        Ok(Engine {
            snapshot: RwLock::new(self.snapshot),
            last_modified: AtomicI64::new(self.latest),
            applied_change: AtomicI64::new(0),
            generation: AtomicU64::new(0),
            folder: self.folder,
        })
    }

    /// Swaps the finished catalogue into a running engine (after `passerelle reindex` or a
    /// change of themes or territories); searches go on against the old one meanwhile.
    pub fn finish_into(mut self, engine: &Engine) -> Result<()> {
        self.snapshot.text.finish_build()?;
        self.snapshot.sort_orders();
        *engine.write() = self.snapshot;
        engine.touch(chrono::Utc::now());
        Ok(())
    }
}

impl Engine {
    /// Builds the engine from a catalogue held whole in memory (see [`EngineBuilder`]).
    pub fn build(source: CatalogSource) -> Result<Self> {
        source.into_builder()?.finish()
    }

    /// Adds an item, or replaces the item with the same id.
    pub fn upsert(&self, item: CatalogItem) -> Result<()> {
        self.write().upsert(item.summary, &item.text)?;
        self.touch(chrono::Utc::now());
        Ok(())
    }

    /// Removes an item (unpublished or deleted); unknown ids are ignored and change
    /// nothing, not even the date of the last change: a draft saved, never published,
    /// leaves no public trace. Whether something was removed.
    pub fn remove(&self, id: Uuid) -> Result<bool> {
        let removed = self.write().remove(id)?;
        if removed {
            self.touch(chrono::Utc::now());
        }
        Ok(removed)
    }

    /// Records that the public content changed at `at` (the date never moves back).
    pub fn touch(&self, at: chrono::DateTime<chrono::Utc>) {
        self.last_modified
            .fetch_max(at.timestamp(), AtomicOrdering::Relaxed);
        self.generation.fetch_add(1, AtomicOrdering::Release);
    }

    /// The content's generation: read it before reading what depends on the content, so
    /// that what was read while a change landed is filed under the older generation.
    pub fn generation(&self) -> u64 {
        self.generation.load(AtomicOrdering::Acquire)
    }

    /// Records that the change log's entry `id` is reflected (never moves back).
    pub fn mark_applied(&self, id: i64) {
        self.applied_change.fetch_max(id, AtomicOrdering::Relaxed);
    }

    /// The latest change-log entry reflected, for the index lag metric.
    pub fn applied_change(&self) -> i64 {
        self.applied_change.load(AtomicOrdering::Relaxed)
    }

    /// When the public content last changed.
    pub fn last_modified(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::from_timestamp(self.last_modified.load(AtomicOrdering::Relaxed), 0)
            .unwrap_or(chrono::DateTime::UNIX_EPOCH)
    }

    fn current(&self) -> RwLockReadGuard<'_, Snapshot> {
        self.snapshot
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, Snapshot> {
        self.snapshot
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Number of items indexed, per type.
    pub fn counts(&self) -> [usize; 3] {
        let snapshot = self.current();
        [0, 1, 2].map(|t| snapshot.live[t].count_ones(..))
    }

    /// Per type, how many items are live and when the latest of them changed.
    pub fn fingerprint(&self) -> [(usize, Option<chrono::DateTime<chrono::Utc>>); 3] {
        let snapshot = self.current();
        [0, 1, 2].map(|t| {
            let live = &snapshot.live[t];
            let latest = live
                .ones()
                .map(|number| snapshot.entries[number].updated_at())
                .max();
            (live.count_ones(..), latest)
        })
    }

    /// The summaries, as served, of the live publications among `ids`, each once, in the
    /// order of `ids`; ids the engine does not hold are left out.
    pub fn publication_summaries(&self, ids: &[Uuid]) -> Vec<PublicationSummary> {
        self.summaries(ids, |item| match item {
            ItemSummary::Publication(p) => Some(p),
            _ => None,
        })
    }

    /// [`Engine::publication_summaries`] for events.
    pub fn event_summaries(&self, ids: &[Uuid]) -> Vec<EventSummary> {
        self.summaries(ids, |item| match item {
            ItemSummary::Event(e) => Some(*e),
            _ => None,
        })
    }

    /// [`Engine::publication_summaries`] for members.
    pub fn member_summaries(&self, ids: &[Uuid]) -> Vec<MemberSummary> {
        self.summaries(ids, |item| match item {
            ItemSummary::Member(m) => Some(m),
            _ => None,
        })
    }

    fn summaries<T>(&self, ids: &[Uuid], dto: impl Fn(ItemSummary) -> Option<T>) -> Vec<T> {
        let snapshot = self.current();
        let mut seen = std::collections::HashSet::new();
        ids.iter()
            .filter_map(|id| snapshot.by_id.get(id))
            .filter(|number| seen.insert(**number))
            .filter_map(|number| dto(snapshot.summary_of(*number)))
            .collect()
    }

    /// Bytes taken by the full-text index.
    pub fn index_size_bytes(&self) -> u64 {
        self.current().text.size_bytes()
    }

    pub fn publications(&self, query: &PublicationQuery) -> Result<PublicationList> {
        let snapshot = self.current();
        let order = match query.effective_sort() {
            PublicationSort::Relevance => Order::Relevance,
            PublicationSort::DateDesc => Order::DateDesc,
            PublicationSort::DateAsc => Order::DateAsc,
            PublicationSort::Title => Order::Title,
            PublicationSort::Updated => Order::Updated,
        };
        let found = snapshot.find(&Spec {
            years: &query.year,
            from: query.from,
            to: query.to,
            ..list_spec!(ItemType::Publication, query, order)
        })?;
        let facets = PublicationFacets {
            kind: snapshot.facet(&found, KIND),
            theme: snapshot.facet(&found, THEME),
            territory: snapshot.facet(&found, TERRITORY),
            year: snapshot.facet(&found, YEAR),
        };
        let (items, page) = snapshot.page(found, query.pagination, |item| match item {
            ItemSummary::Publication(p) => Some(p),
            _ => None,
        });
        Ok(PublicationList {
            items,
            page,
            facets,
        })
    }

    /// Lists events; `today` is the current date in Europe/Paris.
    pub fn events(&self, query: &EventQuery, today: NaiveDate) -> Result<EventList> {
        let snapshot = self.current();
        let order = match query.effective_sort() {
            EventSort::Relevance => Order::Relevance,
            EventSort::DateDesc => Order::DateDesc,
            EventSort::DateAsc => Order::DateAsc,
            EventSort::Title => Order::Title,
            EventSort::Updated => Order::Updated,
        };
        let found = snapshot.find(&Spec {
            years: &query.year,
            from: query.from,
            to: query.to,
            period: query.when.map(|when| (when, today)),
            ..list_spec!(ItemType::Event, query, order)
        })?;
        let facets = EventFacets {
            kind: snapshot.facet(&found, KIND),
            theme: snapshot.facet(&found, THEME),
            territory: snapshot.facet(&found, TERRITORY),
            year: snapshot.facet(&found, YEAR),
        };
        let (items, page) = snapshot.page(found, query.pagination, |item| match item {
            ItemSummary::Event(e) => Some(*e),
            _ => None,
        });
        Ok(EventList {
            items,
            page,
            facets,
        })
    }

    pub fn members(&self, query: &MemberQuery) -> Result<MemberList> {
        let snapshot = self.current();
        let order = match query.effective_sort() {
            MemberSort::Relevance => Order::Relevance,
            MemberSort::Name => Order::Title,
            MemberSort::Updated => Order::Updated,
        };
        let found = snapshot.find(&list_spec!(ItemType::Member, query, order))?;
        let facets = MemberFacets {
            kind: snapshot.facet(&found, KIND),
            theme: snapshot.facet(&found, THEME),
            territory: snapshot.facet(&found, TERRITORY),
        };
        let (items, page) = snapshot.page(found, query.pagination, |item| match item {
            ItemSummary::Member(m) => Some(m),
            _ => None,
        });
        Ok(MemberList {
            items,
            page,
            facets,
        })
    }

    /// Searches publications, events and members together.
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResults> {
        let snapshot = self.current();
        let found = snapshot.find(&Spec {
            q: &query.q,
            fixed_type: None,
            types: &query.types,
            kinds: query.kind.clone(),
            themes: &query.theme,
            territories: &query.territory,
            years: &query.year,
            from: query.from,
            to: query.to,
            period: None,
            updated_since: query.updated_since,
            order: match query.effective_sort() {
                SearchSort::Relevance => Order::Relevance,
                SearchSort::DateDesc => Order::DateDesc,
                SearchSort::DateAsc => Order::DateAsc,
                SearchSort::Title => Order::Title,
                SearchSort::Updated => Order::Updated,
            },
            window: window(query.pagination),
        })?;
        let facets = SearchFacets {
            item_type: snapshot.facet(&found, TYPE),
            kind: snapshot.facet(&found, KIND),
            theme: snapshot.facet(&found, THEME),
            territory: snapshot.facet(&found, TERRITORY),
            year: snapshot.facet(&found, YEAR),
        };
        let total = found.total as u64;
        let snippets = found.text.as_ref().map(|matches| {
            let terms = matches
                .clauses
                .iter()
                .flat_map(|clause| clause.snippet_terms.iter().cloned())
                .collect();
            snapshot.text.snippets(terms)
        });
        let items = page_of(found.hits, query.pagination)
            .into_iter()
            .map(|(entry, _)| {
                let entry = &snapshot.entries[entry];
                let summary = entry.summary();
                let snippet = snippets
                    .as_ref()
                    .and_then(|s| s.highlight(summary))
                    .unwrap_or_else(|| escape_html(&shorten(summary, 240)));
                entry.hit(snippet)
            })
            .collect();
        Ok(SearchResults {
            items,
            page: PageInfo::new(total, query.pagination.page, query.pagination.limit),
            facets,
        })
    }
}

/// What a list of one type asks of its query: the words, kinds, themes, territories and
/// page every list takes, and no date (the lists that have dates add theirs).
macro_rules! list_spec {
    ($item_type:expr, $query:expr, $order:expr) => {
        Spec {
            q: &$query.q,
            fixed_type: Some($item_type),
            types: &[],
            kinds: $query.kind.iter().map(|k| k.as_str().to_owned()).collect(),
            themes: &$query.theme,
            territories: &$query.territory,
            years: &[],
            from: None,
            to: None,
            period: None,
            updated_since: $query.updated_since,
            order: $order,
            window: window($query.pagination),
        }
    };
}
use list_spec;

/// Hits the page needs sorted: everything up to its end.
fn window(pagination: Pagination) -> usize {
    pagination.offset() + pagination.limit as usize
}

// Facet dimensions, in profile order.
const TYPE: usize = 0;
const KIND: usize = 1;
const THEME: usize = 2;
const TERRITORY: usize = 3;
const YEAR: usize = 4;
const DIMENSIONS: usize = 5;

/// Ties between equally relevant items go to the most recent; every order ends on the id.
#[derive(Clone, Copy, PartialEq)]
enum Order {
    Relevance,
    DateDesc,
    DateAsc,
    Title,
    /// Least recently changed first, then by id: a stable walk for partner mirrors.
    Updated,
}

/// The orders kept ready for walking, per type (relevance depends on the query).
const STORED_ORDERS: [Order; 4] = [
    Order::DateDesc,
    Order::DateAsc,
    Order::Title,
    Order::Updated,
];

fn stored_slot(order: Order) -> Option<usize> {
    STORED_ORDERS.iter().position(|o| *o == order)
}

struct Spec<'a> {
    q: &'a str,
    /// Lists are of one type; the cross-type search filters types as a facet.
    fixed_type: Option<ItemType>,
    types: &'a [ItemType],
    kinds: Vec<String>,
    themes: &'a [String],
    territories: &'a [String],
    years: &'a [i32],
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    period: Option<(EventPeriod, NaiveDate)>,
    updated_since: Option<chrono::DateTime<chrono::Utc>>,
    order: Order,
    /// How many hits, from the first, the page needs in order.
    window: usize,
}

/// The matching entries the page needs, in order, with what facets need.
struct Found {
    /// How many entries match.
    total: usize,
    /// The first `Spec::window` matches in order.
    hits: Vec<(usize, Score)>,
    counts: Vec<Vec<u64>>,
    selected: Vec<Vec<String>>,
    /// What the text query matched, if there was one.
    text: Option<TextMatches>,
}

fn type_index(item_type: ItemType) -> usize {
    match item_type {
        ItemType::Publication => 0,
        ItemType::Event => 1,
        ItemType::Member => 2,
    }
}

/// Labels of the three kind vocabularies, whose slugs never collide.
fn kind_label(slug: &str) -> String {
    if let Ok(kind) = slug.parse::<PublicationKind>() {
        kind.label().to_owned()
    } else if let Ok(kind) = slug.parse::<EventKind>() {
        kind.label().to_owned()
    } else {
        label_of::<MemberKind>(slug)
    }
}

/// The territory and every territory containing it: content attached to a commune also
/// belongs to its département and région.
fn with_ancestors(territories: &HashMap<String, Territory>, id: &str) -> Vec<String> {
    let mut chain = Vec::new();
    let mut current = Some(id.to_owned());
    while let Some(id) = current {
        if chain.contains(&id) {
            break; // a cycle would be a data error; never loop on it
        }
        current = territories.get(&id).and_then(|t| t.parent_id.clone());
        chain.push(id);
    }
    chain
}

/// Whether an item belongs to a period, relative to `today` in Paris. An item whose date is
/// not known at all is neither upcoming nor past.
fn in_period(span: Option<(NaiveDate, NaiveDate)>, period: EventPeriod, today: NaiveDate) -> bool {
    match (period, span) {
        (EventPeriod::All, _) => true,
        (EventPeriod::Upcoming, Some((_, end))) => end >= today,
        (EventPeriod::Past, Some((_, end))) => end < today,
        (_, None) => false,
    }
}

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max_chars).collect();
    match cut.rfind(' ') {
        Some(space) => format!("{}…", &cut[..space]),
        None => format!("{cut}…"),
    }
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests;
