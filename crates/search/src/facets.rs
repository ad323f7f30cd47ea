//! Facet counting, date spans, French ordering and paging: the list logic that the engine
//! applies after text matching.
//!
//! Each facet is counted under every *other* active filter, so that a client can show how
//! many items a choice would leave ("Gard (3)") without the facet emptying itself.

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::NaiveDate;
use passerelle_types::{FacetValue, Pagination};

/// The values an item has on each facet dimension, as interned ids, in a fixed order.
#[derive(Debug, Clone, Default)]
pub struct FacetProfile(pub Vec<Vec<u32>>);

/// Items matching every selection, and per dimension the counts under the other selections.
pub struct FacetOutcome {
    pub matching: Vec<usize>,
    pub counts: Vec<HashMap<u32, u64>>,
}

/// `selected[d]` empty means "no filter on dimension d"; values within one dimension are
/// alternatives.
pub fn apply_facets<'a>(
    items: impl IntoIterator<Item = &'a FacetProfile>,
    selected: &[Vec<u32>],
) -> FacetOutcome {
    let dims = selected.len();
    let mut counts = vec![HashMap::new(); dims];
    let mut matching = Vec::new();
    for (index, FacetProfile(values)) in items.into_iter().enumerate() {
        let hits: Vec<bool> = (0..dims)
            .map(|d| {
                selected[d].is_empty()
                    || values
                        .get(d)
                        .is_some_and(|vs| vs.iter().any(|v| selected[d].contains(v)))
            })
            .collect();
        let misses = hits.iter().filter(|hit| !**hit).count();
        if misses == 0 {
            matching.push(index);
        }
        for (d, count) in counts.iter_mut().enumerate() {
            // Counted on dimension d when every other dimension matches.
            let others_match = misses == 0 || (misses == 1 && !hits[d]);
            if others_match {
                // Profiles hold each value once per dimension.
                for value in values.get(d).into_iter().flatten() {
                    *count.entry(*value).or_insert(0) += 1;
                }
            }
        }
    }
    FacetOutcome { matching, counts }
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
    counts: &HashMap<u32, u64>,
    value_of: impl Fn(u32) -> String,
    selected: &[String],
    order: FacetOrder,
    label: impl Fn(&str) -> String,
) -> Vec<FacetValue> {
    let counted: Vec<(String, u64)> = counts
        .iter()
        .map(|(id, count)| (value_of(*id), *count))
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

/// Orders by date (undated items last in both directions), then by title.
pub fn by_date_then_title(
    a: (Option<NaiveDate>, &str),
    b: (Option<NaiveDate>, &str),
    descending: bool,
) -> Ordering {
    let by_date = match (a.0, b.0) {
        (Some(x), Some(y)) if descending => y.cmp(&x),
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    by_date.then_with(|| by_title(a.1, b.1))
}

/// French alphabetical order, ignoring case, accents and leading punctuation.
pub fn by_title(a: &str, b: &str) -> Ordering {
    collation_key(a)
        .cmp(&collation_key(b))
        .then_with(|| a.cmp(b))
}

/// A sort key that folds case and French diacritics.
pub fn collation_key(s: &str) -> String {
    s.chars()
        .skip_while(|c| !c.is_alphanumeric())
        .flat_map(|c| {
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
            if folded.is_empty() {
                c.to_lowercase().collect::<Vec<_>>()
            } else {
                folded.chars().collect()
            }
        })
        .collect()
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
    fn profile(kind: u32, themes: &[u32]) -> FacetProfile {
        FacetProfile(vec![vec![kind], themes.to_vec()])
    }

    fn sel(values: &[u32]) -> Vec<u32> {
        values.to_vec()
    }

    #[test]
    fn each_facet_is_counted_under_the_other_filters_only() {
        let items = [profile(1, &[10]), profile(1, &[11]), profile(2, &[10, 11])];
        let out = apply_facets(&items, &[sel(&[1]), sel(&[10])]);
        assert_eq!(out.matching, vec![0]);
        // Kinds counted under theme=sante: the guide and the video.
        assert_eq!(out.counts[0].get(&1), Some(&1));
        assert_eq!(out.counts[0].get(&2), Some(&1));
        // Themes counted under kind=guide: one each.
        assert_eq!(out.counts[1].get(&10), Some(&1));
        assert_eq!(out.counts[1].get(&11), Some(&1));
    }

    #[test]
    fn values_within_a_facet_are_alternatives() {
        let items = [profile(1, &[]), profile(2, &[]), profile(3, &[])];
        let out = apply_facets(&items, &[sel(&[1, 2]), sel(&[])]);
        assert_eq!(out.matching, vec![0, 1]);
    }

    #[test]
    fn selected_values_stay_listed_with_zero() {
        let counts = HashMap::from([(7u32, 2u64)]);
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
    fn undated_items_sort_last_both_ways() {
        let d = NaiveDate::from_ymd_opt(2019, 1, 1);
        assert_eq!(
            by_date_then_title((None, "a"), (d, "b"), true),
            Ordering::Greater
        );
        assert_eq!(
            by_date_then_title((None, "a"), (d, "b"), false),
            Ordering::Greater
        );
    }

    #[test]
    fn titles_sort_without_regard_to_accents() {
        let mut titles = vec!["Zéro chômeur", "Égalité", "« Guide »", "état"];
        titles.sort_by(|a, b| by_title(a, b));
        assert_eq!(titles, vec!["Égalité", "état", "« Guide »", "Zéro chômeur"]);
    }
}
