//! Facet counting, date spans, French ordering and paging: the list logic that the engine
//! applies after text matching.
//!
//! Each facet is counted under every *other* active filter, so that a client can show how
//! many items a choice would leave ("Gard (3)") without the facet emptying itself.

use std::borrow::Cow;
use std::cmp::Ordering;

use chrono::NaiveDate;
use fixedbitset::FixedBitSet;
use passerelle_types::{FacetValue, Pagination};

/// The facet values of every item as interned ids, dimension by dimension, in two flat
/// arrays: counting walks memory in order instead of chasing one allocation per value.
pub struct Profiles {
    dimensions: usize,
    /// Start of each (item, dimension) run in `values`, plus the end of the last one.
    offsets: Vec<u32>,
    values: Vec<u32>,
}

impl Profiles {
    pub fn new(dimensions: usize) -> Self {
        Profiles {
            dimensions,
            offsets: vec![0],
            values: Vec::new(),
        }
    }

    /// Makes room for `items` more items; their values, of unknown number, get room for
    /// two per dimension.
    pub fn reserve(&mut self, items: usize) {
        self.offsets.reserve_exact(items * self.dimensions);
        self.values.reserve_exact(items * self.dimensions * 2);
    }

    /// Appends the next item's values, one list per dimension, each without repeats.
    pub fn push(&mut self, item: &[Vec<u32>]) {
        for d in 0..self.dimensions {
            self.values
                .extend(item.get(d).into_iter().flatten().copied());
            self.offsets.push(self.values.len() as u32);
        }
    }

    pub fn values(&self, item: usize, dimension: usize) -> &[u32] {
        let run = item * self.dimensions + dimension;
        let start = self.offsets.get(run).copied().unwrap_or(0) as usize;
        let end = self.offsets.get(run + 1).copied().unwrap_or(0) as usize;
        self.values.get(start..end).unwrap_or(&[])
    }
}

/// For every facet value, the entries that carry it, as a bitset over entry numbers: a
/// filter is an intersection of sets and a count a population count, whatever the number
/// of items. Retired entries may keep their bits; they are never among the candidates.
pub struct Postings {
    sets: Vec<Vec<FixedBitSet>>,
}

impl Postings {
    pub fn new(dimensions: usize) -> Self {
        Postings {
            sets: (0..dimensions).map(|_| Vec::new()).collect(),
        }
    }

    /// Records an entry's values, one list per dimension.
    pub fn add(&mut self, entry: usize, item: &[Vec<u32>]) {
        for (sets, values) in self.sets.iter_mut().zip(item) {
            for value in values {
                let value = *value as usize;
                if sets.len() <= value {
                    sets.resize_with(value + 1, FixedBitSet::new);
                }
                sets[value].grow_and_insert(entry);
            }
        }
    }

    fn get(&self, dimension: usize, value: u32) -> Option<&FixedBitSet> {
        self.sets.get(dimension)?.get(value as usize)
    }
}

/// The candidates matching every selection, and per dimension the counts under the other
/// selections, indexed by value id.
pub struct FacetOutcome {
    pub matching: FixedBitSet,
    pub counts: Vec<Vec<u64>>,
}

/// `selected[d]` empty means "no filter on dimension d"; values within one dimension are
/// alternatives. `sizes[d]` bounds the value ids of dimension d.
pub fn apply_facets(
    profiles: &Profiles,
    postings: &Postings,
    candidates: &FixedBitSet,
    selected: &[Vec<u32>],
    sizes: &[usize],
) -> FacetOutcome {
    let empty = FixedBitSet::new();
    // Per filtered dimension, the entries carrying any of the chosen values.
    let chosen: Vec<Option<Cow<'_, FixedBitSet>>> = selected
        .iter()
        .enumerate()
        .map(|(d, values)| match values.as_slice() {
            [] => None,
            [one] => Some(Cow::Borrowed(postings.get(d, *one).unwrap_or(&empty))),
            many => {
                let mut union = FixedBitSet::new();
                for set in many.iter().filter_map(|v| postings.get(d, *v)) {
                    union.union_with(set);
                }
                Some(Cow::Owned(union))
            }
        })
        .collect();
    let restricted = |skipped: Option<usize>| {
        let mut set = candidates.clone();
        for (d, chosen) in chosen.iter().enumerate() {
            if let Some(chosen) = chosen.as_deref().filter(|_| skipped != Some(d)) {
                set.intersect_with(chosen);
            }
        }
        set
    };
    let matching = restricted(None);
    let mut counts: Vec<Vec<u64>> = sizes.iter().map(|size| vec![0; *size]).collect();
    // Dimensions without a selection are counted over the matching entries, together;
    // each selected one over the entries the other selections leave.
    let free: Vec<usize> = (0..selected.len())
        .filter(|d| chosen[*d].is_none())
        .collect();
    count_values(profiles, postings, &matching, &free, &mut counts);
    for d in (0..selected.len()).filter(|d| chosen[*d].is_some()) {
        count_values(profiles, postings, &restricted(Some(d)), &[d], &mut counts);
    }
    FacetOutcome { matching, counts }
}

/// What walking one entry costs, in words intersected (an estimate: a walk step reads the
/// entry's values through two arrays, scattered in memory, so most often waits for two
/// cache misses; an intersection word is one AND and one population count, in sequence).
const WALK_STEP_COST: usize = 128;

/// Counts, for each value of the `dimensions`, the entries of `within` that carry it:
/// either by walking the entries once, reading all their values; or by one intersection
/// count per value (a pass over the set's words). Walking wins on small sets.
fn count_values(
    profiles: &Profiles,
    postings: &Postings,
    within: &FixedBitSet,
    dimensions: &[usize],
    counts: &mut [Vec<u64>],
) {
    let members = within.count_ones(..);
    let words = within.len().div_ceil(64);
    let values: usize = dimensions.iter().map(|d| counts[*d].len()).sum();
    if members.saturating_mul(WALK_STEP_COST) <= values.saturating_mul(words) {
        for entry in within.ones() {
            for d in dimensions {
                for value in profiles.values(entry, *d) {
                    if let Some(slot) = counts[*d].get_mut(*value as usize) {
                        *slot += 1;
                    }
                }
            }
        }
    } else {
        for d in dimensions {
            for (value, slot) in counts[*d].iter_mut().enumerate() {
                if let Some(set) = postings.get(*d, value as u32) {
                    *slot = within.intersection_count(set) as u64;
                }
            }
        }
    }
}

/// How a facet's values are listed.
#[derive(Clone, Copy)]
pub enum FacetOrder {
    /// Most frequent first, then by label.
    ByCount,
    /// Largest value first (years: the most recent first).
    ByValueDesc,
}

/// Turns counts into the listed values: every value that leaves at least one item, and the
/// selected ones even when they leave none, so a client can always untick them.
pub fn facet_values(
    counts: &[u64],
    value_of: impl Fn(u32) -> String,
    selected: &[String],
    order: FacetOrder,
    label: impl Fn(&str) -> String,
) -> Vec<FacetValue> {
    let counted: Vec<(String, u64)> = counts
        .iter()
        .enumerate()
        .filter(|(_, count)| **count > 0)
        .map(|(id, count)| (value_of(id as u32), *count))
        .collect();
    let mut values: Vec<FacetValue> = counted
        .iter()
        .map(|(value, count)| (value.as_str(), *count))
        .chain(
            selected
                .iter()
                .filter(|s| !counted.iter().any(|(v, _)| v == *s))
                .map(|s| (s.as_str(), 0)),
        )
        .map(|(value, count)| FacetValue {
            value: value.to_owned(),
            label: label(value),
            count,
            selected: selected.iter().any(|s| s == value),
        })
        .collect();
    values.sort_by(|a, b| match order {
        FacetOrder::ByCount => b
            .count
            .cmp(&a.count)
            .then_with(|| collation_key(&a.label).cmp(&collation_key(&b.label))),
        FacetOrder::ByValueDesc => b.value.cmp(&a.value),
    });
    values
}

/// The days an item covers: its exact dates when known, else its whole year.
pub fn date_span(
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    year: Option<i32>,
) -> Option<(NaiveDate, NaiveDate)> {
    match (start, year) {
        (Some(start), _) => Some((start, end.filter(|e| *e >= start).unwrap_or(start))),
        (None, Some(year)) => Some((
            NaiveDate::from_ymd_opt(year, 1, 1)?,
            NaiveDate::from_ymd_opt(year, 12, 31)?,
        )),
        (None, None) => None,
    }
}

/// Whether a span overlaps the requested range. Items of unknown date are left out as soon
/// as a range is asked for.
pub fn within(
    span: Option<(NaiveDate, NaiveDate)>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> bool {
    if from.is_none() && to.is_none() {
        return true;
    }
    match span {
        None => false,
        Some((start, end)) => from.is_none_or(|f| end >= f) && to.is_none_or(|t| start <= t),
    }
}

/// A sort key that folds case and French diacritics.
pub fn collation_key(s: &str) -> String {
    folded(s).collect()
}

/// How two texts compare in French order, as their [`collation_key`]s would, without
/// building either. Titles often share long beginnings ("Compte rendu de la rencontre
/// …"): those are passed over as bytes, since folding goes character by character.
pub fn collate(a: &str, b: &str) -> Ordering {
    let mut common = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !a.is_char_boundary(common) {
        common -= 1;
    }
    let (a_rest, b_rest) = (&a[common..], &b[common..]);
    if a[..common].chars().any(char::is_alphanumeric) {
        fold(a_rest).cmp(fold(b_rest))
    } else {
        folded(a_rest).cmp(folded(b_rest))
    }
}

/// The characters of `s` from its first letter or digit on, with case and French
/// diacritics folded.
fn folded(s: &str) -> impl Iterator<Item = char> + '_ {
    fold(s.trim_start_matches(|c: char| !c.is_alphanumeric()))
}

/// The characters of `s` with case and French diacritics folded.
fn fold(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().flat_map(|c| {
        let folded = match c {
            'à' | 'â' | 'ä' | 'À' | 'Â' | 'Ä' => "a",
            'ç' | 'Ç' => "c",
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => "e",
            'î' | 'ï' | 'Î' | 'Ï' => "i",
            'ô' | 'ö' | 'Ô' | 'Ö' => "o",
            'ù' | 'û' | 'ü' | 'Ù' | 'Û' | 'Ü' => "u",
            'ÿ' | 'Ÿ' => "y",
            'œ' | 'Œ' => "oe",
            'æ' | 'Æ' => "ae",
            _ => "",
        };
        // Either a folded spelling or the lower case, one of the two empty.
        let lower = if folded.is_empty() {
            Some(c.to_lowercase())
        } else {
            None
        };
        folded.chars().chain(lower.into_iter().flatten())
    })
}

/// The slice of `items` that a page covers (empty past the end).
pub fn page_of<T>(items: Vec<T>, pagination: Pagination) -> Vec<T> {
    items
        .into_iter()
        .skip(pagination.offset())
        .take(pagination.limit as usize)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Ids stand for values: kinds 1 guide, 2 video, 3 dossier; themes 10 sante, 11 emploi.
    fn catalogue(items: &[(u32, &[u32])]) -> (Profiles, Postings, FixedBitSet) {
        let mut profiles = Profiles::new(2);
        let mut postings = Postings::new(2);
        let mut all = FixedBitSet::with_capacity(items.len());
        for (entry, (kind, themes)) in items.iter().enumerate() {
            let values = [vec![*kind], themes.to_vec()];
            profiles.push(&values);
            postings.add(entry, &values);
            all.insert(entry);
        }
        (profiles, postings, all)
    }

    fn sel(values: &[u32]) -> Vec<u32> {
        values.to_vec()
    }

    #[test]
    fn each_facet_is_counted_under_the_other_filters_only() {
        let (profiles, postings, all) = catalogue(&[(1, &[10]), (1, &[11]), (2, &[10, 11])]);
        let out = apply_facets(
            &profiles,
            &postings,
            &all,
            &[sel(&[1]), sel(&[10])],
            &[4, 12],
        );
        assert_eq!(out.matching.ones().collect::<Vec<_>>(), vec![0]);
        // Kinds counted under theme=sante: the guide and the video.
        assert_eq!(out.counts[0][1], 1);
        assert_eq!(out.counts[0][2], 1);
        // Themes counted under kind=guide: one each.
        assert_eq!(out.counts[1][10], 1);
        assert_eq!(out.counts[1][11], 1);
    }

    #[test]
    fn values_within_a_facet_are_alternatives() {
        let (profiles, postings, all) = catalogue(&[(1, &[]), (2, &[]), (3, &[])]);
        let out = apply_facets(
            &profiles,
            &postings,
            &all,
            &[sel(&[1, 2]), sel(&[])],
            &[4, 1],
        );
        assert_eq!(out.matching.ones().collect::<Vec<_>>(), vec![0, 1]);
    }

    #[test]
    fn only_candidates_are_counted() {
        let (profiles, postings, mut some) = catalogue(&[(1, &[10]), (1, &[10]), (2, &[11])]);
        some.set(1, false);
        let out = apply_facets(&profiles, &postings, &some, &[sel(&[]), sel(&[])], &[4, 12]);
        assert_eq!(out.matching.ones().collect::<Vec<_>>(), vec![0, 2]);
        assert_eq!((out.counts[0][1], out.counts[1][10]), (1, 1));
    }

    #[test]
    fn walking_and_intersecting_count_alike() {
        // Enough entries for counting by intersection; every seventh left out.
        let items: Vec<(u32, Vec<u32>)> = (0..5_000u32)
            .map(|n| (n % 3, vec![10 + n % 5, 15 + n % 7]))
            .collect();
        let borrowed: Vec<(u32, &[u32])> = items.iter().map(|(k, t)| (*k, t.as_slice())).collect();
        let (profiles, postings, mut within) = catalogue(&borrowed);
        for entry in (0..5_000).step_by(7) {
            within.set(entry, false);
        }
        let mut walked = vec![vec![0; 4], vec![0; 22]];
        for entry in within.ones() {
            for (d, walked) in walked.iter_mut().enumerate() {
                for value in profiles.values(entry, d) {
                    walked[*value as usize] += 1;
                }
            }
        }
        let mut counted = vec![vec![0; 4], vec![0; 22]];
        count_values(&profiles, &postings, &within, &[0, 1], &mut counted);
        assert!(within.count_ones(..) * WALK_STEP_COST > 26 * within.len().div_ceil(64));
        assert_eq!(counted, walked);
        // A small set is walked, both dimensions at once.
        let mut few = FixedBitSet::with_capacity(within.len());
        few.extend(within.ones().take(10));
        let mut counted = vec![vec![0; 4], vec![0; 22]];
        count_values(&profiles, &postings, &few, &[0, 1], &mut counted);
        assert!(few.count_ones(..) * WALK_STEP_COST <= 26 * few.len().div_ceil(64));
        assert_eq!(
            counted
                .iter()
                .map(|c| c.iter().sum::<u64>())
                .collect::<Vec<_>>(),
            [10, 20]
        );
    }

    #[test]
    fn selected_values_stay_listed_with_zero() {
        let counts = [0, 2];
        let selected = vec!["b".to_owned()];
        let values = facet_values(
            &counts,
            |_| "a".to_owned(),
            &selected,
            FacetOrder::ByCount,
            str::to_owned,
        );
        assert_eq!(values.len(), 2);
        assert_eq!(
            (
                values[1].value.as_str(),
                values[1].count,
                values[1].selected
            ),
            ("b", 0, true)
        );
    }

    #[test]
    fn year_only_items_cover_their_whole_year() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        let span = date_span(None, None, Some(2019));
        assert!(within(span, d(2019, 6, 1), None));
        assert!(!within(span, d(2020, 1, 1), None));
        assert!(!within(None, d(2019, 1, 1), None));
        assert!(within(None, None, None));
    }

    #[test]
    fn titles_sort_without_regard_to_accents() {
        let mut titles = vec!["Zéro chômeur", "Égalité", "« Guide »", "état"];
        titles.sort_by_key(|t| collation_key(t));
        assert_eq!(titles, vec!["Égalité", "état", "« Guide »", "Zéro chômeur"]);
        // Comparing on the fly agrees with comparing keys, ligatures and case included.
        let words = [
            "Œuvre",
            "oeuvrer",
            "Oeuvre",
            "ÉTÉ",
            "ete",
            "Ærien",
            "aerien",
            "été ",
            "Z",
            "« Été",
            "« été",
            "« ",
            "«",
            "Compte rendu : Été",
            "Compte rendu : ete",
            "Compte rendu",
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    collate(a, b),
                    collation_key(a).cmp(&collation_key(b)),
                    "{a} / {b}"
                );
            }
        }
    }
}
