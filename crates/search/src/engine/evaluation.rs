//! How a snapshot answers a query: filters checked, text matches, facet counts, order and
//! page.

use super::snapshot::Snapshot;
use super::*;

impl Snapshot {
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
