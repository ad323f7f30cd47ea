//! The catalogue as one consistent snapshot: its entries, and adding and retiring them;
//! how it answers a query is in `evaluation.rs`.

use super::*;

/// Interns the values of one facet dimension as small integers.
#[derive(Default)]
pub(super) struct Interner {
    pub(super) ids: HashMap<String, u32>,
    pub(super) values: Vec<String>,
}

impl Interner {
    pub(super) fn intern(&mut self, value: &str) -> u32 {
        if let Some(id) = self.ids.get(value) {
            return *id;
        }
        let id = self.values.len() as u32;
        self.ids.insert(value.to_owned(), id);
        self.values.push(value.to_owned());
        id
    }

    /// A value never seen matches nothing.
    pub(super) fn lookup(&self, value: &str) -> u32 {
        self.ids.get(value).copied().unwrap_or(u32::MAX)
    }

    pub(super) fn value(&self, id: u32) -> String {
        self.values.get(id as usize).cloned().unwrap_or_default()
    }
}

pub(super) struct Snapshot {
    pub(super) entries: Vec<Entry>,
    /// Per entry, beside it rather than in it, so filtering walks small arrays.
    pub(super) profiles: Profiles,
    pub(super) spans: Vec<Option<(NaiveDate, NaiveDate)>>,
    pub(super) item_types: Vec<ItemType>,
    /// Live entries of each type; replaced and removed entries stay in `entries` but leave
    /// these sets, the stored orders and the text index.
    pub(super) live: [FixedBitSet; 3],
    /// The entries carrying each facet value.
    pub(super) postings: Postings,
    /// Live entries of each type in each of `STORED_ORDERS`: a page of a large result is
    /// read by walking an order rather than by sorting every match.
    pub(super) orders: [[Vec<u32>; STORED_ORDERS.len()]; 3],
    /// Whether `orders` are kept up to date (not during a bulk build, sorted at its end).
    pub(super) ordered: bool,
    pub(super) by_id: HashMap<Uuid, usize>,
    pub(super) dictionaries: Vec<Interner>,
    pub(super) themes: HashMap<String, String>,
    pub(super) territories: HashMap<String, Territory>,
    /// The themes and territories entries refer to.
    pub(super) references: References,
    /// Every live entry in title order (French collation, then id), and each entry's
    /// place in it: sorts compare two numbers instead of two titles.
    pub(super) by_title: Vec<u32>,
    pub(super) title_ranks: Vec<u32>,
    pub(super) text: TextIndex,
    /// Each entry's document number in the text index, and back (`NO_ENTRY` where the
    /// index holds no live entry). Equal while an engine is built in one go; they part
    /// when an engine is read back from a kept index, whose numbers have gaps.
    pub(super) doc_of_entry: Vec<u64>,
    pub(super) entry_of_doc: Vec<u32>,
    pub(super) next_doc: u64,
    /// The latest query clauses' matches, forgotten at every change of the snapshot.
    pub(super) clause_matches: Mutex<ClauseCache>,
}

pub(super) const NO_ENTRY: u32 = u32::MAX;

impl Snapshot {
    /// An empty catalogue whose text index is open for a bulk build.
    pub(super) fn empty(themes: Vec<Theme>, territories: Vec<Territory>, text: TextIndex) -> Self {
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
            clause_matches: Mutex::new(ClauseCache::new()),
        }
    }

    /// Adds an item during a bulk build; its long text goes to the index and is dropped.
    pub(super) fn add(&mut self, item: ItemSummary, body: &str) -> Result<()> {
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
    pub(super) fn reserve(&mut self, items: usize) {
        self.entries.reserve_exact(items);
        self.title_ranks.reserve_exact(items);
        self.spans.reserve_exact(items);
        self.item_types.reserve_exact(items);
        self.doc_of_entry.reserve_exact(items);
        self.by_id.reserve(items);
        self.profiles.reserve(items);
    }

    pub(super) fn number_doc(&mut self, number: usize, kept: Option<u64>) -> u64 {
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
    pub(super) fn entry_of(&self, doc_no: u64) -> Option<usize> {
        match self.entry_of_doc.get(doc_no as usize) {
            Some(&number) if number != NO_ENTRY => Some(number as usize),
            _ => None,
        }
    }

    /// The generation folder of a kept engine.
    pub(super) fn build_folder(&self) -> Option<PathBuf> {
        self.text
            .kept_dir()
            .and_then(Path::parent)
            .map(Path::to_owned)
    }

    /// Adds an entry (not yet to the text index) and returns its number.
    pub(super) fn append(&mut self, item: ItemSummary) -> usize {
        let (item_themes, item_territories, span, year) = match &item {
            ItemSummary::Publication(p) => (
                &p.themes,
                &p.territories,
                date_span(p.publication_date, None, p.year),
                p.year,
            ),
            ItemSummary::Event(e) => (
                &e.themes,
                &e.territories,
                date_span(e.schedule.start_date, e.schedule.end_date, e.schedule.year),
                e.schedule.year,
            ),
            ItemSummary::Member(m) => (&m.themes, &m.territories, None, None),
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
    pub(super) fn title_order(&self, a: usize, b_title: &str, b: usize) -> Ordering {
        collate(self.entries[a].title(), b_title)
            .then_with(|| self.entries[a].id().cmp(&self.entries[b].id()))
    }

    /// Numbers the entries along `by_title` (after an entry came in: a few milliseconds
    /// for the largest catalogues, rare next to reads).
    pub(super) fn rank_titles(&mut self) {
        for (rank, entry) in self.by_title.iter().enumerate() {
            self.title_ranks[*entry as usize] = rank as u32;
        }
    }

    /// Puts every stored order in order, at the end of a bulk build.
    pub(super) fn sort_orders(&mut self) {
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
    pub(super) fn retire(&mut self, id: Uuid) -> Option<u64> {
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
    pub(super) fn changed(&mut self) {
        self.clause_matches
            .get_mut()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clear();
    }

    pub(super) fn upsert(&mut self, item: ItemSummary, body: &str) -> Result<()> {
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

    pub(super) fn remove(&mut self, id: Uuid) -> Result<bool> {
        if !self.by_id.contains_key(&id) {
            return Ok(false);
        }
        self.changed();
        if let Some(doc_no) = self.retire(id) {
            self.text.update(&[doc_no], None)?;
        }
        Ok(true)
    }
}
