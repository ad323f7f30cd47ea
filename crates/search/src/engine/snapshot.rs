//! The catalogue as one consistent snapshot: adding and retiring entries, and answering
//! a query — filters, text matches, facet counts, order and page.

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

    pub(super) fn check_filters(&self, spec: &Spec<'_>) -> Result<()> {
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

    pub(super) fn find(&self, spec: &Spec<'_>) -> Result<Found> {
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
    pub(super) fn text_matches(
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
    pub(super) fn clause_matches(&self, clause: Clause) -> Result<Arc<ClauseMatches>> {
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
    pub(super) fn first_hits(
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
    pub(super) fn ranked(
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
    pub(super) fn page<T>(
        &self,
        found: Found,
        pagination: Pagination,
        dto: impl Fn(ItemSummary) -> Option<T>,
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
    pub(super) fn summary_of(&self, number: usize) -> ItemSummary {
        self.entries[number].item(&self.references)
    }

    /// Orders as relevance does on score and date (the higher, the earlier): the score's
    /// bits (a positive float orders as its bits), then the start day, undated last.
    pub(super) fn relevance_key(&self, entry: usize, score: Score) -> u64 {
        let score = u64::from(score.max(0.0).to_bits());
        let day = self.spans[entry]
            .map(|(start, _)| u64::from(start.num_days_from_ce().max(0) as u32) + 1)
            .unwrap_or(0);
        (score << 32) | day
    }

    /// How two entries compare under `order`, the score aside. Ties end on the id, so that
    /// every order is total and the same whatever order the entries were loaded in.
    pub(super) fn compare(&self, order: Order, a: usize, b: usize) -> Ordering {
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
    pub(super) fn sort(&self, hits: &mut [(usize, Score)], order: Order, window: usize) {
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

    pub(super) fn facet(&self, found: &Found, dimension: usize) -> Vec<FacetValue> {
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
