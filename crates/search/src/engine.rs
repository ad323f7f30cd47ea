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

use crate::entry::{Entry, Item, References};
use crate::facets::{
    apply_facets, collate, collation_key, date_span, facet_values, page_of, within, FacetOrder,
    Postings, Profiles,
};
use crate::kept::{self, CatalogueReader, Header, IndexFolder, KeptItem, Line};
use crate::text::{Clause, TextDoc, TextIndex, TextQuery};

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
            .map(|(p, body)| CatalogItem::Publication(p, body))
            .chain(
                self.events
                    .into_iter()
                    .map(|(e, body)| CatalogItem::Event(Box::new(e), body)),
            )
            .chain(
                self.members
                    .into_iter()
                    .map(|(m, body)| CatalogItem::Member(m, body)),
            );
        for item in items {
            builder.add(item)?;
        }
        Ok(builder)
    }
}

/// One published item with its long text, for the engine.
pub enum CatalogItem {
    Publication(PublicationSummary, String),
    Event(Box<EventSummary>, String),
    Member(MemberSummary, String),
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
            Some(folder) => TextIndex::create(Some(&folder.new_generation()?.join(kept::TEXT)))?,
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
        let (item, body) = item.split();
        self.latest = self.latest.max(item.updated_at().timestamp());
        self.snapshot.add(item, &body)
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

impl CatalogItem {
    fn split(self) -> (Item, String) {
        match self {
            CatalogItem::Publication(p, body) => (Item::Publication(p), body),
            CatalogItem::Event(e, body) => (Item::Event(e), body),
            CatalogItem::Member(m, body) => (Item::Member(m), body),
        }
    }
}

impl Engine {
    /// Builds the engine from a catalogue held whole in memory (see [`EngineBuilder`]).
    pub fn build(source: CatalogSource) -> Result<Self> {
        source.into_builder()?.finish()
    }

    /// Reads back the engine kept current in `folder`, with the state saved along with it;
    /// `None` when the folder holds none. The caller must then replay the changes made
    /// since the checkpoint: documents indexed after it are dropped, and items whose
    /// document was replaced or removed after it are left out, for the replay to restore.
    pub fn resume<S: for<'de> Deserialize<'de>>(
        folder: Arc<IndexFolder>,
    ) -> Result<Option<(Engine, S)>> {
        let Some(generation) = folder.current() else {
            return Ok(None);
        };
        let mut catalogue = CatalogueReader::open(&generation)?;
        let header: Header<S> = catalogue.next()?;
        if header.format != kept::FORMAT {
            return Err(SearchError::Kept(std::io::Error::other(format!(
                "format {} au lieu de {}",
                header.format,
                kept::FORMAT
            ))));
        }
        let text = TextIndex::open(&generation.join(kept::TEXT))?;
        let mut indexed = FixedBitSet::with_capacity(header.next_doc as usize);
        let mut unknown = Vec::new();
        for doc_no in text.doc_numbers()? {
            if doc_no < header.next_doc {
                indexed.insert(doc_no as usize);
            } else {
                unknown.push(doc_no);
            }
        }
        let mut snapshot = Snapshot::empty(header.themes, header.territories, text);
        snapshot.reserve(header.items);
        let mut latest = 0;
        for _ in 0..header.items {
            let line: Line = catalogue.next()?;
            if !indexed.contains(line.doc as usize) {
                continue;
            }
            indexed.set(line.doc as usize, false);
            let item = match line.item {
                KeptItem::Publication(p) => Item::Publication(p),
                KeptItem::Event(e) => Item::Event(e),
                KeptItem::Member(m) => Item::Member(m),
            };
            latest = latest.max(item.updated_at().timestamp());
            let number = snapshot.append(item);
            snapshot.number_doc(number, Some(line.doc));
        }
        snapshot.next_doc = snapshot.next_doc.max(header.next_doc);
        // What the index holds beyond the catalogue came after the checkpoint.
        unknown.extend(indexed.ones().map(|doc_no| doc_no as u64));
        if !unknown.is_empty() {
            snapshot.text.update(&unknown, None)?;
        }
        snapshot.sort_orders();
        let engine = Engine {
            snapshot: RwLock::new(snapshot),
            last_modified: AtomicI64::new(latest),
            applied_change: AtomicI64::new(0),
            generation: AtomicU64::new(0),
            folder: Some(folder),
        };
        Ok(Some((engine, header.state)))
    }

    /// Writes a checkpoint of the catalogue with `state` beside its kept index, and makes
    /// it the one the next start resumes from. Nothing to do for an engine not kept.
    /// Changes wait meanwhile (searches do not).
    pub fn save<S: Serialize>(&self, state: &S) -> Result<()> {
        let Some(folder) = &self.folder else {
            return Ok(());
        };
        let snapshot = self.current();
        let Some(generation) = snapshot.generation_dir() else {
            return Ok(());
        };
        let live: Vec<usize> = snapshot.live.iter().flat_map(|l| l.ones()).collect();
        kept::write_atomically(&generation.join(kept::CATALOGUE), |out| {
            kept::write_line(
                out,
                &Header {
                    format: kept::FORMAT.to_owned(),
                    state,
                    next_doc: snapshot.next_doc,
                    items: live.len(),
                    themes: snapshot
                        .themes
                        .iter()
                        .map(|(slug, label)| Theme {
                            slug: slug.clone(),
                            label: label.clone(),
                        })
                        .collect(),
                    territories: snapshot.territories.values().cloned().collect(),
                },
            )?;
            for number in live {
                let item = match snapshot.summary_of(number) {
                    Item::Publication(p) => KeptItem::Publication(p),
                    Item::Event(e) => KeptItem::Event(e),
                    Item::Member(m) => KeptItem::Member(m),
                };
                let doc = snapshot.doc_of_entry[number];
                kept::write_line(out, &Line { doc, item })?;
            }
            Ok(())
        })?;
        folder.make_current(&generation)?;
        Ok(())
    }

    /// The folder the engine is kept in, where a rebuild goes too.
    pub fn folder(&self) -> Option<&Arc<IndexFolder>> {
        self.folder.as_ref()
    }

    /// Adds an item, or replaces the item with the same id.
    pub fn upsert(&self, item: CatalogItem) -> Result<()> {
        let (item, body) = item.split();
        self.write().upsert(item, &body)?;
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
            Item::Publication(p) => Some(p),
            _ => None,
        })
    }

    /// [`Engine::publication_summaries`] for events.
    pub fn event_summaries(&self, ids: &[Uuid]) -> Vec<EventSummary> {
        self.summaries(ids, |item| match item {
            Item::Event(e) => Some(*e),
            _ => None,
        })
    }

    /// [`Engine::publication_summaries`] for members.
    pub fn member_summaries(&self, ids: &[Uuid]) -> Vec<MemberSummary> {
        self.summaries(ids, |item| match item {
            Item::Member(m) => Some(m),
            _ => None,
        })
    }

    fn summaries<T>(&self, ids: &[Uuid], dto: impl Fn(Item) -> Option<T>) -> Vec<T> {
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
        let sort = query.effective_sort();
        let found = snapshot.find(&Spec {
            q: &query.q,
            fixed_type: Some(ItemType::Publication),
            types: &[],
            kinds: query.kind.iter().map(|k| k.as_str().to_owned()).collect(),
            themes: &query.theme,
            territories: &query.territory,
            years: &query.year,
            from: query.from,
            to: query.to,
            period: None,
            updated_since: query.updated_since,
            order: match sort {
                PublicationSort::Relevance => Order::Relevance,
                PublicationSort::DateDesc => Order::DateDesc,
                PublicationSort::DateAsc => Order::DateAsc,
                PublicationSort::Title => Order::Title,
                PublicationSort::Updated => Order::Updated,
            },
            window: window(query.pagination),
        })?;
        let facets = PublicationFacets {
            kind: snapshot.facet(&found, KIND),
            theme: snapshot.facet(&found, THEME),
            territory: snapshot.facet(&found, TERRITORY),
            year: snapshot.facet(&found, YEAR),
        };
        let (items, page) = snapshot.page(found, query.pagination, |item| match item {
            Item::Publication(p) => Some(p),
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
        let found = snapshot.find(&Spec {
            q: &query.q,
            fixed_type: Some(ItemType::Event),
            types: &[],
            kinds: query.kind.iter().map(|k| k.as_str().to_owned()).collect(),
            themes: &query.theme,
            territories: &query.territory,
            years: &query.year,
            from: query.from,
            to: query.to,
            period: query.when.map(|when| (when, today)),
            updated_since: query.updated_since,
            order: match query.effective_sort() {
                EventSort::Relevance => Order::Relevance,
                EventSort::DateDesc => Order::DateDesc,
                EventSort::DateAsc => Order::DateAsc,
                EventSort::Title => Order::Title,
                EventSort::Updated => Order::Updated,
            },
            window: window(query.pagination),
        })?;
        let facets = EventFacets {
            kind: snapshot.facet(&found, KIND),
            theme: snapshot.facet(&found, THEME),
            territory: snapshot.facet(&found, TERRITORY),
            year: snapshot.facet(&found, YEAR),
        };
        let (items, page) = snapshot.page(found, query.pagination, |item| match item {
            Item::Event(e) => Some(*e),
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
        let found = snapshot.find(&Spec {
            q: &query.q,
            fixed_type: Some(ItemType::Member),
            types: &[],
            kinds: query.kind.iter().map(|k| k.as_str().to_owned()).collect(),
            themes: &query.theme,
            territories: &query.territory,
            years: &[],
            from: None,
            to: None,
            period: None,
            updated_since: query.updated_since,
            order: match query.effective_sort() {
                MemberSort::Relevance => Order::Relevance,
                MemberSort::Name => Order::Title,
                MemberSort::Updated => Order::Updated,
            },
            window: window(query.pagination),
        })?;
        let facets = MemberFacets {
            kind: snapshot.facet(&found, KIND),
            theme: snapshot.facet(&found, THEME),
            territory: snapshot.facet(&found, TERRITORY),
        };
        let (items, page) = snapshot.page(found, query.pagination, |item| match item {
            Item::Member(m) => Some(m),
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

/// Interns the values of one facet dimension as small integers.
#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32>,
    values: Vec<String>,
}

impl Interner {
    fn intern(&mut self, value: &str) -> u32 {
        if let Some(id) = self.ids.get(value) {
            return *id;
        }
        let id = self.values.len() as u32;
        self.ids.insert(value.to_owned(), id);
        self.values.push(value.to_owned());
        id
    }

    /// A value never seen matches nothing.
    fn lookup(&self, value: &str) -> u32 {
        self.ids.get(value).copied().unwrap_or(u32::MAX)
    }

    fn value(&self, id: u32) -> String {
        self.values.get(id as usize).cloned().unwrap_or_default()
    }
}

struct Snapshot {
    entries: Vec<Entry>,
    /// Per entry, beside it rather than in it, so filtering walks small arrays.
    profiles: Profiles,
    spans: Vec<Option<(NaiveDate, NaiveDate)>>,
    item_types: Vec<ItemType>,
    /// Live entries of each type; replaced and removed entries stay in `entries` but leave
    /// these sets, the stored orders and the text index.
    live: [FixedBitSet; 3],
    /// The entries carrying each facet value.
    postings: Postings,
    /// Live entries of each type in each of `STORED_ORDERS`: a page of a large result is
    /// read by walking an order rather than by sorting every match.
    orders: [[Vec<u32>; STORED_ORDERS.len()]; 3],
    /// Whether `orders` are kept up to date (not during a bulk build, sorted at its end).
    ordered: bool,
    by_id: HashMap<Uuid, usize>,
    dictionaries: Vec<Interner>,
    themes: HashMap<String, String>,
    territories: HashMap<String, Territory>,
    /// The themes and territories entries refer to.
    references: References,
    /// Every live entry in title order (French collation, then id), and each entry's
    /// place in it: sorts compare two numbers instead of two titles.
    by_title: Vec<u32>,
    title_ranks: Vec<u32>,
    text: TextIndex,
    /// Each entry's document number in the text index, and back (`NO_ENTRY` where the
    /// index holds no live entry). Equal while an engine is built in one go; they part
    /// when an engine is read back from a kept index, whose numbers have gaps.
    doc_of_entry: Vec<u64>,
    entry_of_doc: Vec<u32>,
    next_doc: u64,
    /// The latest query clauses' matches, forgotten at every change of the snapshot.
    clause_matches: Mutex<KeptClauses>,
}

const NO_ENTRY: u32 = u32::MAX;

/// What one clause of a text query (a word, a phrase) matches: the live entries, and the
/// score the clause gives each.
struct ClauseMatches {
    set: FixedBitSet,
    /// The score of each entry in `set`, in entry order.
    scores: Vec<Score>,
    /// Per word of `set`, how many entries the words before it hold: where an entry's
    /// score is, in constant time.
    ranks: Vec<u32>,
    /// The clause's terms in summaries, weighted for snippets.
    snippet_terms: Vec<(String, Score)>,
}

impl ClauseMatches {
    /// From the entries a clause matches, segment by segment of the text index, each with
    /// its score: the entries are set, then each score is written at its entry's rank (no
    /// sort, no merged copy of the hits).
    fn new(segments: &[Vec<(u32, Score)>], snippet_terms: Vec<(String, Score)>) -> Self {
        let hits = || segments.iter().flatten();
        let len = hits()
            .map(|(entry, _)| *entry as usize + 1)
            .max()
            .unwrap_or(0);
        let mut set = FixedBitSet::with_capacity(len);
        for (entry, _) in hits() {
            set.insert(*entry as usize);
        }
        let mut ranks = Vec::with_capacity(set.as_slice().len());
        let mut before = 0;
        for word in set.as_slice() {
            ranks.push(before);
            before += word.count_ones();
        }
        let mut matches = ClauseMatches {
            scores: vec![0.0; before as usize],
            set,
            ranks,
            snippet_terms,
        };
        for (entry, score) in hits() {
            let rank = matches.rank(*entry as usize);
            matches.scores[rank] = *score;
        }
        matches
    }

    /// Where the score of an entry of `set` is, in constant time.
    fn rank(&self, entry: usize) -> usize {
        let (word, bit) = (entry / 64, entry % 64);
        let below = self.set.as_slice()[word] & ((1usize << bit) - 1);
        self.ranks[word] as usize + below.count_ones() as usize
    }

    /// The score of an entry of `set`.
    fn score(&self, entry: usize) -> Score {
        self.scores[self.rank(entry)]
    }

    fn bytes(&self) -> usize {
        std::mem::size_of_val(self.set.as_slice())
            + std::mem::size_of_val(self.scores.as_slice())
            + std::mem::size_of_val(self.ranks.as_slice())
            + self
                .snippet_terms
                .iter()
                .map(|(t, _)| t.len() + 32)
                .sum::<usize>()
    }
}

/// What a text query matches: the entries every clause matches.
struct TextMatches {
    clauses: Vec<Arc<ClauseMatches>>,
    set: FixedBitSet,
}

/// The matches of the latest clauses, within a memory budget. Words come back across
/// queries far more than whole queries do ("conseil citoyen", "conseil de quartier"), and
/// people refine a search by facets, sorts and pages, asking the same words again: with
/// their matches at hand, a query is a few set intersections and additions of scores.
struct KeptClauses {
    matches: lru::LruCache<Clause, Arc<ClauseMatches>>,
    bytes: usize,
}

/// What the clauses kept may take: a word matching 40,000 of 130,000 items takes about
/// 340 KB.
const KEPT_CLAUSE_BYTES: usize = 16 << 20;

impl KeptClauses {
    fn new() -> Self {
        KeptClauses {
            matches: lru::LruCache::unbounded(),
            bytes: 0,
        }
    }

    fn get(&mut self, clause: &Clause) -> Option<Arc<ClauseMatches>> {
        self.matches.get(clause).cloned()
    }

    fn put(&mut self, clause: Clause, matches: Arc<ClauseMatches>) {
        self.bytes += matches.bytes();
        if let Some(replaced) = self.matches.put(clause, matches) {
            self.bytes -= replaced.bytes();
        }
        while self.bytes > KEPT_CLAUSE_BYTES && self.matches.len() > 1 {
            match self.matches.pop_lru() {
                Some((_, dropped)) => self.bytes -= dropped.bytes(),
                None => break,
            }
        }
    }

    fn clear(&mut self) {
        self.matches.clear();
        self.bytes = 0;
    }
}

fn type_index(item_type: ItemType) -> usize {
    match item_type {
        ItemType::Publication => 0,
        ItemType::Event => 1,
        ItemType::Member => 2,
    }
}

impl Snapshot {
    /// An empty catalogue whose text index is open for a bulk build.
    fn empty(themes: Vec<Theme>, territories: Vec<Territory>, text: TextIndex) -> Self {
        Snapshot {
            entries: Vec::new(),
            profiles: Profiles::new(DIMENSIONS),
            spans: Vec::new(),
            item_types: Vec::new(),
            live: Default::default(),
            postings: Postings::new(DIMENSIONS),
            orders: Default::default(),
            ordered: false,
            by_id: HashMap::new(),
            dictionaries: (0..DIMENSIONS).map(|_| Interner::default()).collect(),
            themes: themes.into_iter().map(|t| (t.slug, t.label)).collect(),
            territories: territories.into_iter().map(|t| (t.id.clone(), t)).collect(),
            references: References::new(),
            by_title: Vec::new(),
            title_ranks: Vec::new(),
            text,
            doc_of_entry: Vec::new(),
            entry_of_doc: Vec::new(),
            next_doc: 0,
            clause_matches: Mutex::new(KeptClauses::new()),
        }
    }

    /// Adds an item during a bulk build; its long text goes to the index and is dropped.
    fn add(&mut self, item: Item, body: &str) -> Result<()> {
        let number = self.append(item);
        let doc_no = self.number_doc(number, None);
        let entry = &self.entries[number];
        self.text.add(&TextDoc {
            doc_no,
            title: entry.title(),
            summary: entry.summary(),
            body,
        })?;
        Ok(())
    }

    /// Gives the entry `number` its document number: `kept` when read back from a kept
    /// index, else the next free one.
    /// Room for `items` more entries at once: growing by doubling held the old and the new
    /// arrays together, and the old ones stayed with the allocator (the entries alone take
    /// 30 MB for 130,000 items).
    fn reserve(&mut self, items: usize) {
        self.entries.reserve_exact(items);
        self.title_ranks.reserve_exact(items);
        self.spans.reserve_exact(items);
        self.item_types.reserve_exact(items);
        self.doc_of_entry.reserve_exact(items);
        self.by_id.reserve(items);
        self.profiles.reserve(items);
    }

    fn number_doc(&mut self, number: usize, kept: Option<u64>) -> u64 {
        let doc_no = kept.unwrap_or(self.next_doc);
        self.next_doc = self.next_doc.max(doc_no + 1);
        self.doc_of_entry.push(doc_no);
        debug_assert_eq!(self.doc_of_entry.len(), number + 1);
        let slot = doc_no as usize;
        if self.entry_of_doc.len() <= slot {
            self.entry_of_doc.resize(slot + 1, NO_ENTRY);
        }
        self.entry_of_doc[slot] = number as u32;
        doc_no
    }

    /// The live entry a document of the text index stands for.
    fn entry_of(&self, doc_no: u64) -> Option<usize> {
        match self.entry_of_doc.get(doc_no as usize) {
            Some(&number) if number != NO_ENTRY => Some(number as usize),
            _ => None,
        }
    }

    /// The generation folder of a kept engine.
    fn generation_dir(&self) -> Option<PathBuf> {
        self.text
            .kept_dir()
            .and_then(Path::parent)
            .map(Path::to_owned)
    }

    /// Adds an entry (not yet to the text index) and returns its number.
    fn append(&mut self, item: Item) -> usize {
        let (item_themes, item_territories, span, year) = match &item {
            Item::Publication(p) => (
                &p.themes,
                &p.territories,
                date_span(p.publication_date, None, p.year),
                p.year,
            ),
            Item::Event(e) => (
                &e.themes,
                &e.territories,
                date_span(e.schedule.start_date, e.schedule.end_date, e.schedule.year),
                e.schedule.year,
            ),
            Item::Member(m) => (&m.themes, &m.territories, None, None),
        };
        let dictionaries = &mut self.dictionaries;
        let mut territory_ids: Vec<u32> = item_territories
            .iter()
            .flat_map(|t| with_ancestors(&self.territories, &t.id))
            .map(|id| dictionaries[TERRITORY].intern(&id))
            .collect();
        territory_ids.sort_unstable();
        territory_ids.dedup();
        let mut profile = vec![Vec::new(); DIMENSIONS];
        profile[THEME] = item_themes
            .iter()
            .map(|t| dictionaries[THEME].intern(&t.slug))
            .collect();
        profile[TERRITORY] = territory_ids;
        profile[YEAR] = year
            .map(|y| vec![dictionaries[YEAR].intern(&y.to_string())])
            .unwrap_or_default();
        let entry = Entry::new(item, &mut self.references);
        profile[TYPE] = vec![dictionaries[TYPE].intern(entry.item_type().as_str())];
        profile[KIND] = vec![dictionaries[KIND].intern(entry.kind().0)];
        let number = self.entries.len();
        let item_type = type_index(entry.item_type());
        self.profiles.push(&profile);
        self.postings.add(number, &profile);
        self.spans.push(span);
        self.item_types.push(entry.item_type());
        self.live[item_type].grow_and_insert(number);
        self.by_id.insert(entry.id(), number);
        self.entries.push(entry);
        self.title_ranks.push(u32::MAX);
        if self.ordered {
            let title = self.entries[number].title();
            let at = self.by_title.partition_point(|e| {
                self.title_order(*e as usize, title, number) == Ordering::Less
            });
            self.by_title.insert(at, number as u32);
            self.rank_titles();
            for (slot, order) in STORED_ORDERS.into_iter().enumerate() {
                let walked = &self.orders[item_type][slot];
                let at = walked.partition_point(|e| {
                    self.compare(order, *e as usize, number) == Ordering::Less
                });
                self.orders[item_type][slot].insert(at, number as u32);
            }
        }
        number
    }

    /// How entry `a` compares in title order with entry `b`, whose title is `b_title`.
    fn title_order(&self, a: usize, b_title: &str, b: usize) -> Ordering {
        collate(self.entries[a].title(), b_title)
            .then_with(|| self.entries[a].id().cmp(&self.entries[b].id()))
    }

    /// Numbers the entries along `by_title` (after an entry came in: a few milliseconds
    /// for the largest catalogues, rare next to reads).
    fn rank_titles(&mut self) {
        for (rank, entry) in self.by_title.iter().enumerate() {
            self.title_ranks[*entry as usize] = rank as u32;
        }
    }

    /// Puts every stored order in order, at the end of a bulk build.
    fn sort_orders(&mut self) {
        let mut by_title: Vec<u32> = self
            .live
            .iter()
            .flat_map(|l| l.ones())
            .map(|e| e as u32)
            .collect();
        // Keys built once (and dropped after): comparing titles on the fly folds the same
        // letters again at every comparison, several times slower on a large catalogue.
        by_title.sort_by_cached_key(|e| {
            let entry = &self.entries[*e as usize];
            (collation_key(entry.title()), entry.id())
        });
        self.by_title = by_title;
        self.rank_titles();
        let mut orders = std::mem::take(&mut self.orders);
        for (live, by_order) in self.live.iter().zip(orders.iter_mut()) {
            for (order, walked) in STORED_ORDERS.into_iter().zip(by_order.iter_mut()) {
                *walked = live.ones().map(|e| e as u32).collect();
                walked.sort_unstable_by(|a, b| self.compare(order, *a as usize, *b as usize));
            }
        }
        self.orders = orders;
        self.ordered = true;
    }

    /// Takes an entry out of the live lists; returns its document number if it was live.
    fn retire(&mut self, id: Uuid) -> Option<u64> {
        let number = self.by_id.remove(&id)?;
        let item_type = type_index(self.item_types[number]);
        self.live[item_type].set(number, false);
        for walked in &mut self.orders[item_type] {
            walked.retain(|e| *e as usize != number);
        }
        self.by_title.retain(|e| *e as usize != number);
        let doc_no = self.doc_of_entry[number];
        self.entry_of_doc[doc_no as usize] = NO_ENTRY;
        Some(doc_no)
    }

    /// Forgets what was computed from the entries as they were.
    fn changed(&mut self) {
        self.clause_matches
            .get_mut()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clear();
    }

    fn upsert(&mut self, item: Item, body: &str) -> Result<()> {
        self.changed();
        let retired = self.retire(item.id());
        let number = self.append(item);
        let doc_no = self.number_doc(number, None);
        let entry = &self.entries[number];
        self.text.update(
            retired.as_slice(),
            Some(TextDoc {
                doc_no,
                title: entry.title(),
                summary: entry.summary(),
                body,
            }),
        )?;
        Ok(())
    }

    fn remove(&mut self, id: Uuid) -> Result<bool> {
        if !self.by_id.contains_key(&id) {
            return Ok(false);
        }
        self.changed();
        if let Some(doc_no) = self.retire(id) {
            self.text.update(&[doc_no], None)?;
        }
        Ok(true)
    }

    fn check_filters(&self, spec: &Spec<'_>) -> Result<()> {
        if let Some(unknown) = spec.themes.iter().find(|s| !self.themes.contains_key(*s)) {
            return Err(SearchError::InvalidFilter {
                parameter: "theme".to_owned(),
                message: format!(
                    "Le paramètre « theme » désigne un thème inconnu « {unknown} ». \
                     La liste des thèmes est donnée par /api/v1/themes."
                ),
            });
        }
        if let Some(unknown) = spec
            .territories
            .iter()
            .find(|id| !self.territories.contains_key(*id))
        {
            return Err(SearchError::InvalidFilter {
                parameter: "territory".to_owned(),
                message: format!(
                    "Le paramètre « territory » désigne un territoire inconnu « {unknown} ». \
                     La liste des territoires est donnée par /api/v1/territories."
                ),
            });
        }
        Ok(())
    }

    fn find(&self, spec: &Spec<'_>) -> Result<Found> {
        self.check_filters(spec)?;
        let text = TextQuery::parse(spec.q);

        // Candidates: the text matches, or every live item; then the filters that are not
        // facets.
        let matches = self.text_matches(&text, spec.fixed_type)?;
        let mut candidates: Cow<'_, FixedBitSet> = match (&matches, spec.fixed_type) {
            (Some(matches), _) => Cow::Borrowed(&matches.set),
            (None, Some(t)) => Cow::Borrowed(&self.live[type_index(t)]),
            (None, None) => {
                let mut all = FixedBitSet::new();
                for live in &self.live {
                    all.union_with(live);
                }
                Cow::Owned(all)
            }
        };
        let narrowed = spec.from.is_some()
            || spec.to.is_some()
            || spec.period.is_some()
            || spec.updated_since.is_some();
        if narrowed {
            let kept = candidates
                .ones()
                .filter(|entry| {
                    let span = self.spans[*entry];
                    within(span, spec.from, spec.to)
                        && spec
                            .period
                            .is_none_or(|(period, today)| in_period(span, period, today))
                        && spec
                            .updated_since
                            .is_none_or(|since| self.entries[*entry].updated_at() >= since)
                })
                .collect();
            candidates = Cow::Owned(kept);
        }

        let selected: Vec<Vec<String>> = vec![
            spec.types.iter().map(|t| t.as_str().to_owned()).collect(),
            spec.kinds.clone(),
            spec.themes.to_vec(),
            spec.territories.to_vec(),
            spec.years.iter().map(ToString::to_string).collect(),
        ];
        let selected_ids: Vec<Vec<u32>> = selected
            .iter()
            .zip(&self.dictionaries)
            .map(|(values, dictionary)| values.iter().map(|v| dictionary.lookup(v)).collect())
            .collect();
        let sizes: Vec<usize> = self.dictionaries.iter().map(|d| d.values.len()).collect();
        let outcome = apply_facets(
            &self.profiles,
            &self.postings,
            &candidates,
            &selected_ids,
            &sizes,
        );
        let total = outcome.matching.count_ones(..);
        let hits = self.first_hits(spec, &outcome.matching, total, matches.as_ref());
        Ok(Found {
            total,
            hits,
            counts: outcome.counts,
            selected,
            text: matches,
        })
    }

    /// The entries a text query matches (of one type, if given); `None` for a query
    /// without words.
    fn text_matches(
        &self,
        text: &TextQuery,
        fixed_type: Option<ItemType>,
    ) -> Result<Option<TextMatches>> {
        let clauses = text
            .clauses()
            .into_iter()
            .map(|clause| self.clause_matches(clause))
            .collect::<Result<Vec<_>>>()?;
        let Some((first, others)) = clauses.split_first() else {
            return Ok(None);
        };
        let mut set = first.set.clone();
        for clause in others {
            set.intersect_with(&clause.set);
        }
        if let Some(item_type) = fixed_type {
            set.intersect_with(&self.live[type_index(item_type)]);
        }
        Ok(Some(TextMatches { clauses, set }))
    }

    /// What one clause matches, computed once while the snapshot stays the same.
    fn clause_matches(&self, clause: Clause) -> Result<Arc<ClauseMatches>> {
        let kept = || {
            self.clause_matches
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
        };
        if let Some(matches) = kept().get(&clause) {
            return Ok(matches);
        }
        let hits = self.text.clause_hits(&clause)?;
        let entry_of = |doc_no| self.entry_of(doc_no).map(|entry| entry as u32);
        let segments: Vec<_> = hits
            .segments
            .into_iter()
            .map(|segment| segment.renumbered(entry_of))
            .collect();
        let matches = Arc::new(ClauseMatches::new(&segments, hits.snippet_terms));
        kept().put(clause, matches.clone());
        Ok(matches)
    }

    /// The first `spec.window` matches in order: the text matches that remain, scored and
    /// ranked; or walked along a stored order when matches are many; else sorted.
    fn first_hits(
        &self,
        spec: &Spec<'_>,
        matching: &FixedBitSet,
        total: usize,
        text: Option<&TextMatches>,
    ) -> Vec<(usize, Score)> {
        let window = spec.window.min(total);
        if window == 0 {
            return Vec::new();
        }
        if let (Order::Relevance, Some(text)) = (spec.order, text) {
            return self.ranked(text, matching, window);
        }
        let stored = match spec.order {
            Order::Relevance => stored_slot(Order::DateDesc),
            order => stored_slot(order),
        };
        if let (Some(slot), Some(item_type)) = (stored, spec.fixed_type) {
            let walked = &self.orders[type_index(item_type)][slot];
            // A walk reads about window × len / total entries, a sort every match.
            if window.saturating_mul(walked.len()) / total <= total.saturating_mul(4) {
                return walked
                    .iter()
                    .map(|e| *e as usize)
                    .filter(|e| matching.contains(*e))
                    .take(window)
                    .map(|e| (e, 0.0))
                    .collect();
            }
        }
        let mut hits: Vec<(usize, Score)> = matching.ones().map(|e| (e, 0.0)).collect();
        self.sort(&mut hits, spec.order, window);
        hits.truncate(window);
        hits
    }

    /// The `window` most relevant of the text matches still `matching`, in order: each
    /// scored as the sum of its clauses' scores. Many matches share a score: ordering on
    /// one integer for score and date, and comparing in full only on equal integers, is
    /// several times faster than comparing in full.
    fn ranked(
        &self,
        text: &TextMatches,
        matching: &FixedBitSet,
        window: usize,
    ) -> Vec<(usize, Score)> {
        let mut keyed: Vec<(u64, u32, Score)> = matching
            .ones()
            .map(|entry| {
                let score = text.clauses.iter().map(|clause| clause.score(entry)).sum();
                (self.relevance_key(entry, score), entry as u32, score)
            })
            .collect();
        let compare = |a: &(u64, u32, Score), b: &(u64, u32, Score)| {
            b.0.cmp(&a.0)
                .then_with(|| self.compare(Order::Relevance, a.1 as usize, b.1 as usize))
        };
        if window < keyed.len() {
            keyed.select_nth_unstable_by(window - 1, compare);
            keyed.truncate(window);
        }
        keyed.sort_unstable_by(compare);
        keyed
            .into_iter()
            .map(|(_, entry, score)| (entry as usize, score))
            .collect()
    }

    /// The page of ordered hits that `pagination` asks for, as DTOs, and where it sits.
    fn page<T>(
        &self,
        found: Found,
        pagination: Pagination,
        dto: impl Fn(Item) -> Option<T>,
    ) -> (Vec<T>, PageInfo) {
        let total = found.total as u64;
        let items = page_of(found.hits, pagination)
            .into_iter()
            .filter_map(|(entry, _)| dto(self.summary_of(entry)))
            .collect();
        (
            items,
            PageInfo::new(total, pagination.page, pagination.limit),
        )
    }

    /// An entry's summary as served, with its themes and territories.
    fn summary_of(&self, number: usize) -> Item {
        self.entries[number].item(&self.references)
    }

    /// Orders as relevance does on score and date (the higher, the earlier): the score's
    /// bits (a positive float orders as its bits), then the start day, undated last.
    fn relevance_key(&self, entry: usize, score: Score) -> u64 {
        let score = u64::from(score.max(0.0).to_bits());
        let day = self.spans[entry]
            .map(|(start, _)| u64::from(start.num_days_from_ce().max(0) as u32) + 1)
            .unwrap_or(0);
        (score << 32) | day
    }

    /// How two entries compare under `order`, the score aside. Ties end on the id, so that
    /// every order is total and the same whatever order the entries were loaded in.
    fn compare(&self, order: Order, a: usize, b: usize) -> Ordering {
        let titles = || self.title_ranks[a].cmp(&self.title_ranks[b]);
        let by_date = |descending: bool| {
            let dates = match (self.spans[a].map(|s| s.0), self.spans[b].map(|s| s.0)) {
                (Some(p), Some(q)) if descending => q.cmp(&p),
                (Some(p), Some(q)) => p.cmp(&q),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            };
            dates.then_with(titles)
        };
        let (x, y) = (&self.entries[a], &self.entries[b]);
        match order {
            Order::Title => titles(),
            Order::DateAsc => by_date(false),
            Order::DateDesc | Order::Relevance => by_date(true),
            Order::Updated => x.updated_at().cmp(&y.updated_at()),
        }
        .then_with(|| x.id().cmp(&y.id()))
    }

    /// Puts the first `window` hits in order; the rest only need counting.
    fn sort(&self, hits: &mut [(usize, Score)], order: Order, window: usize) {
        let compare = |a: &(usize, Score), b: &(usize, Score)| {
            let relevance = match order {
                Order::Relevance => b.1.total_cmp(&a.1),
                _ => Ordering::Equal,
            };
            relevance.then_with(|| self.compare(order, a.0, b.0))
        };
        if window > 0 && window < hits.len() {
            hits.select_nth_unstable_by(window - 1, compare);
            hits[..window].sort_by(compare);
        } else {
            hits.sort_by(compare);
        }
    }

    fn facet(&self, found: &Found, dimension: usize) -> Vec<FacetValue> {
        let dictionary = &self.dictionaries[dimension];
        let value_of = |id: u32| dictionary.value(id);
        let selected = &found.selected[dimension];
        let counts = &found.counts[dimension];
        match dimension {
            TYPE => facet_values(counts, value_of, selected, FacetOrder::ByCount, |v| {
                label_of::<ItemType>(v)
            }),
            KIND => facet_values(counts, value_of, selected, FacetOrder::ByCount, kind_label),
            THEME => facet_values(counts, value_of, selected, FacetOrder::ByCount, |v| {
                self.themes.get(v).cloned().unwrap_or_else(|| v.to_owned())
            }),
            TERRITORY => facet_values(counts, value_of, selected, FacetOrder::ByCount, |v| {
                self.territories
                    .get(v)
                    .map(|t| t.name.clone())
                    .unwrap_or_else(|| v.to_owned())
            }),
            _ => facet_values(
                counts,
                value_of,
                selected,
                FacetOrder::ByValueDesc,
                str::to_owned,
            ),
        }
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
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn clause_matches_keep_each_entry_score_from_every_segment() {
        // Segments hold entries in any order, across the 64-bit words of the set.
        let segments = vec![
            vec![(130, 1.5), (3, 0.25), (64, 2.0)],
            vec![],
            vec![(0, 4.0), (200, 0.5), (63, 3.0)],
        ];
        let matches = ClauseMatches::new(&segments, Vec::new());
        let expected: std::collections::BTreeMap<usize, Score> = segments
            .iter()
            .flatten()
            .map(|(entry, score)| (*entry as usize, *score))
            .collect();
        assert_eq!(
            matches.set.ones().collect::<Vec<_>>(),
            expected.keys().copied().collect::<Vec<_>>()
        );
        for (entry, score) in expected {
            assert_eq!(matches.score(entry), score, "entry {entry}");
        }
        let nothing = ClauseMatches::new(&[], Vec::new());
        assert_eq!(nothing.set.count_ones(..), 0);
    }

    #[test]
    fn an_event_ending_today_is_still_upcoming() {
        let today = date(2026, 11, 26);
        let span = Some((date(2026, 11, 25), today));
        assert!(in_period(span, EventPeriod::Upcoming, today));
        assert!(!in_period(span, EventPeriod::Past, today));
        assert!(!in_period(None, EventPeriod::Past, today));
        assert!(in_period(None, EventPeriod::All, today));
    }

    fn publication(n: u128, title: &str, theme: &str) -> PublicationSummary {
        PublicationSummary {
            id: Uuid::from_u128(n),
            slug: format!("publication-{n}"),
            title: title.to_owned(),
            summary: String::new(),
            kind: PublicationKind::Guide,
            publication_date: None,
            year: Some(2020),
            themes: vec![Theme {
                slug: theme.to_owned(),
                label: theme.to_owned(),
            }],
            territories: Vec::new(),
            updated_at: chrono::DateTime::UNIX_EPOCH,
            version: 1,
        }
    }

    fn search(engine: &Engine, q: &str) -> Vec<String> {
        let query = PublicationQuery {
            q: q.to_owned(),
            ..PublicationQuery::default()
        };
        let list = engine.publications(&query).expect("search");
        list.items.into_iter().map(|p| p.slug).collect()
    }

    #[test]
    fn single_items_are_added_replaced_and_removed() {
        let engine = Engine::build(CatalogSource {
            themes: vec![Theme {
                slug: "sante".to_owned(),
                label: "Santé".to_owned(),
            }],
            publications: vec![(publication(1, "Médiation en santé", "sante"), String::new())],
            ..CatalogSource::default()
        })
        .expect("engine");
        engine
            .upsert(CatalogItem::Publication(
                publication(2, "Jardins partagés", "sante"),
                "potagers".to_owned(),
            ))
            .expect("add");
        assert_eq!(search(&engine, "potagers"), vec!["publication-2"]);
        assert_eq!(engine.counts(), [2, 0, 0]);

        replace_with_vergers(&engine);
        assert!(search(&engine, "jardins").is_empty());
        assert!(
            search(&engine, "potagers").is_empty(),
            "matches kept for a query are forgotten when the content changes"
        );
        assert_eq!(search(&engine, "vergers"), vec!["publication-2"]);
        assert_eq!(engine.counts(), [2, 0, 0]);

        // Details take their summaries from here: each once, as now, and only live ones.
        let ids = [2, 1, 2, 7].map(Uuid::from_u128);
        let titles = |engine: &Engine| -> Vec<String> {
            engine
                .publication_summaries(&ids)
                .into_iter()
                .map(|p| p.title)
                .collect()
        };
        assert_eq!(titles(&engine), ["Vergers partagés", "Médiation en santé"]);
        assert_eq!(
            engine.publication_summaries(&ids)[0].themes[0].slug,
            "sante",
            "with their themes"
        );
        assert!(engine.event_summaries(&ids).is_empty());
        assert!(engine.member_summaries(&ids).is_empty());

        engine.remove(Uuid::from_u128(1)).expect("remove");
        assert_eq!(titles(&engine), ["Vergers partagés"]);
        assert!(search(&engine, "mediation").is_empty());
        let all = engine
            .publications(&PublicationQuery::default())
            .expect("list");
        assert_eq!(all.page.total, 1);
        assert_eq!(
            all.facets.theme[0].count, 1,
            "removed items leave the counts"
        );
    }

    /// A folder of its own to keep engines in, removed with the returned guard.
    fn kept_folder() -> (tempfile::TempDir, Arc<IndexFolder>) {
        let dir = tempfile::tempdir().expect("folder");
        let folder = IndexFolder::take(dir.path())
            .expect("folder")
            .expect("free");
        (dir, Arc::new(folder))
    }

    fn replace_with_vergers(engine: &Engine) {
        engine
            .upsert(CatalogItem::Publication(
                publication(2, "Vergers partagés", "sante"),
                String::new(),
            ))
            .expect("replace");
    }

    fn kept_engine(folder: &Arc<IndexFolder>) -> Engine {
        let mut builder = EngineBuilder::kept(
            vec![Theme {
                slug: "sante".to_owned(),
                label: "Santé".to_owned(),
            }],
            Vec::new(),
            Some(folder.clone()),
        )
        .expect("builder");
        for (n, title) in [(1, "Médiation en santé"), (2, "Jardins partagés")] {
            builder
                .add(CatalogItem::Publication(
                    publication(n, title, "sante"),
                    "quartiers prioritaires".to_owned(),
                ))
                .expect("add");
        }
        builder.finish().expect("engine")
    }

    #[test]
    fn a_kept_engine_is_resumed_as_saved_and_goes_on_changing() {
        let (_dir, folder) = kept_folder();
        let engine = kept_engine(&folder);
        replace_with_vergers(&engine);
        engine.save(&"état 1").expect("save");
        drop(engine);

        let (engine, state) = Engine::resume::<String>(folder.clone())
            .expect("resume")
            .expect("a kept engine");
        assert_eq!(state, "état 1");
        assert_eq!(engine.counts(), [2, 0, 0]);
        assert_eq!(search(&engine, "vergers"), vec!["publication-2"]);
        assert!(search(&engine, "jardins").is_empty());
        assert_eq!(search(&engine, "quartiers"), vec!["publication-1"]);
        let list = engine
            .publications(&PublicationQuery::default())
            .expect("list");
        assert_eq!(list.facets.theme[0].label, "Santé");
        assert_eq!(list.facets.theme[0].count, 2);

        // New documents take numbers the index has not used.
        engine
            .upsert(CatalogItem::Publication(
                publication(3, "Ruchers urbains", "sante"),
                String::new(),
            ))
            .expect("add");
        engine.remove(Uuid::from_u128(1)).expect("remove");
        assert_eq!(search(&engine, "ruchers"), vec!["publication-3"]);
        assert!(search(&engine, "mediation").is_empty());
        assert_eq!(search(&engine, "vergers"), vec!["publication-2"]);
    }

    #[test]
    fn what_changed_after_the_checkpoint_is_left_to_the_replay() {
        let (_dir, folder) = kept_folder();
        let engine = kept_engine(&folder);
        engine.save(&0_u32).expect("save");
        // Committed to the kept index, but not checkpointed: a crash comes first.
        replace_with_vergers(&engine);
        drop(engine);

        let (engine, _) = Engine::resume::<u32>(folder)
            .expect("resume")
            .expect("a kept engine");
        // Neither version of the replaced item: the change log's replay brings it back.
        assert!(search(&engine, "vergers").is_empty());
        assert!(search(&engine, "jardins").is_empty());
        assert_eq!(search(&engine, "mediation"), vec!["publication-1"]);
        assert_eq!(engine.counts(), [1, 0, 0]);
        replace_with_vergers(&engine);
        assert_eq!(search(&engine, "vergers"), vec!["publication-2"]);
    }

    #[test]
    fn a_kept_folder_serves_one_instance_and_a_damaged_checkpoint_is_refused() {
        let (dir, folder) = kept_folder();
        assert!(
            IndexFolder::take(dir.path()).expect("folder").is_none(),
            "taken"
        );
        assert!(Engine::resume::<u32>(folder.clone())
            .expect("nothing kept yet")
            .is_none());
        let engine = kept_engine(&folder);
        engine.save(&0_u32).expect("save");
        let generation = folder.current().expect("current");
        drop(engine);
        let catalogue = generation.join(kept::CATALOGUE);
        let text = std::fs::read_to_string(&catalogue).expect("catalogue");
        let cut = text.trim_end().rfind('\n').expect("several lines");
        std::fs::write(&catalogue, &text[..cut]).expect("truncate");
        assert!(Engine::resume::<u32>(folder).is_err());
    }

    #[test]
    fn long_summaries_are_cut_at_a_word() {
        assert_eq!(shorten("un deux trois", 8), "un deux…");
        assert_eq!(escape_html("<a & b>"), "&lt;a &amp; b&gt;");
    }
}
