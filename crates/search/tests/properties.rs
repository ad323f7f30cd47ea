//! Consistency properties of lists, on random catalogues and random queries:
//! - adding a filter never increases the total;
//! - the counts of a single-valued facet add up to the total;
//! - walking every page returns each item exactly once, also while items are inserted
//!   (in the order made for walking: least recently changed first);
//! - a facet value's count is the total that choosing it would give;
//! - filters keep the order of what remains, in every sort, page after page (large results
//!   are read along a stored order, small ones sorted: both must agree).

// Test helpers may panic: a failed expectation is the test failing.
#![allow(clippy::expect_used)]

use std::collections::HashSet;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use passerelle_search::{CatalogItem, CatalogSource, Engine};
use passerelle_types::{
    FacetValue, Pagination, PublicationKind, PublicationQuery, PublicationSort, PublicationSummary,
    Territory, TerritoryLevel, Theme,
};
use proptest::prelude::*;
use uuid::Uuid;

const THEMES: [&str; 4] = ["conseils-citoyens", "emploi", "education", "cadre-de-vie"];
const TERRITORIES: [(&str, &str); 3] = [
    ("departement-11", "Aude"),
    ("departement-30", "Gard"),
    ("departement-34", "Hérault"),
];
/// Few words, so text queries match some items and not others.
const WORDS: [&str; 6] = [
    "rencontre",
    "habitants",
    "diagnostic",
    "jeunesse",
    "quartier",
    "santé",
];

/// What a random publication is made of.
#[derive(Debug, Clone)]
struct Draft {
    kind: PublicationKind,
    themes: Vec<usize>,
    territories: Vec<usize>,
    year: i32,
    day: Option<u32>,
    words: Vec<usize>,
}

fn draft() -> impl Strategy<Value = Draft> {
    (
        prop::sample::select(PublicationKind::ALL),
        prop::collection::btree_set(0..THEMES.len(), 0..3),
        prop::collection::btree_set(0..TERRITORIES.len(), 0..2),
        2015..2027i32,
        prop::option::of(1..28u32),
        prop::collection::vec(0..WORDS.len(), 1..4),
    )
        .prop_map(|(kind, themes, territories, year, day, words)| Draft {
            kind,
            themes: themes.into_iter().collect(),
            territories: territories.into_iter().collect(),
            year,
            day,
            words,
        })
}

fn territory(index: usize) -> Territory {
    let (id, name) = TERRITORIES[index];
    Territory {
        id: id.to_owned(),
        code: id.trim_start_matches("departement-").to_owned(),
        level: TerritoryLevel::Departement,
        name: name.to_owned(),
        parent_id: None,
    }
}

fn theme(index: usize) -> Theme {
    Theme {
        slug: THEMES[index].to_owned(),
        label: THEMES[index].to_owned(),
    }
}

/// The `n`th publication: every one changed after the one before.
fn publication(n: usize, draft: &Draft) -> (PublicationSummary, String) {
    let epoch: DateTime<Utc> = DateTime::UNIX_EPOCH + Duration::days(20_000);
    let title: Vec<&str> = draft.words.iter().map(|&w| WORDS[w]).collect();
    (
        PublicationSummary {
            id: Uuid::from_u128(n as u128 + 1),
            slug: format!("publication-{n}"),
            title: title.join(" "),
            summary: String::new(),
            kind: draft.kind,
            publication_date: draft
                .day
                .and_then(|day| NaiveDate::from_ymd_opt(draft.year, 3, day)),
            year: Some(draft.year),
            themes: draft.themes.iter().map(|&t| theme(t)).collect(),
            territories: draft.territories.iter().map(|&t| territory(t)).collect(),
            updated_at: epoch + Duration::minutes(n as i64),
            version: 1,
        },
        String::new(),
    )
}

fn engine(drafts: &[Draft]) -> Engine {
    Engine::build(CatalogSource {
        themes: (0..THEMES.len()).map(theme).collect(),
        territories: (0..TERRITORIES.len()).map(territory).collect(),
        publications: drafts
            .iter()
            .enumerate()
            .map(|(n, draft)| publication(n, draft))
            .collect(),
        ..CatalogSource::default()
    })
    .expect("engine")
}

/// Filters of a random query; `None` leaves a dimension unfiltered.
#[derive(Debug, Clone)]
struct Filters {
    q: Option<usize>,
    kind: Option<PublicationKind>,
    theme: Option<usize>,
    territory: Option<usize>,
    year: Option<i32>,
}

fn filters() -> impl Strategy<Value = Filters> {
    (
        prop::option::of(0..WORDS.len()),
        prop::option::of(prop::sample::select(PublicationKind::ALL)),
        prop::option::of(0..THEMES.len()),
        prop::option::of(0..TERRITORIES.len()),
        prop::option::of(2015..2027i32),
    )
        .prop_map(|(q, kind, theme, territory, year)| Filters {
            q,
            kind,
            theme,
            territory,
            year,
        })
}

impl Filters {
    fn query(&self) -> PublicationQuery {
        PublicationQuery {
            q: self.q.map(|w| WORDS[w].to_owned()).unwrap_or_default(),
            kind: self.kind.into_iter().collect(),
            theme: self
                .theme
                .map(|t| THEMES[t].to_owned())
                .into_iter()
                .collect(),
            territory: self
                .territory
                .map(|t| TERRITORIES[t].0.to_owned())
                .into_iter()
                .collect(),
            year: self.year.into_iter().collect(),
            ..PublicationQuery::default()
        }
    }

    /// The same filters with one more dimension filtered, one per unfiltered dimension.
    fn narrower(&self, other: &Filters) -> Vec<Filters> {
        let mut narrower = Vec::new();
        if self.q.is_none() && other.q.is_some() {
            narrower.push(Filters {
                q: other.q,
                ..self.clone()
            });
        }
        if self.kind.is_none() && other.kind.is_some() {
            narrower.push(Filters {
                kind: other.kind,
                ..self.clone()
            });
        }
        if self.theme.is_none() && other.theme.is_some() {
            narrower.push(Filters {
                theme: other.theme,
                ..self.clone()
            });
        }
        if self.territory.is_none() && other.territory.is_some() {
            narrower.push(Filters {
                territory: other.territory,
                ..self.clone()
            });
        }
        if self.year.is_none() && other.year.is_some() {
            narrower.push(Filters {
                year: other.year,
                ..self.clone()
            });
        }
        narrower
    }
}

fn total(engine: &Engine, query: &PublicationQuery) -> u64 {
    engine.publications(query).expect("list").page.total
}

/// A facet's counts for the values in effect: all of them when the dimension is not
/// filtered, the selected ones when it is.
fn counted(facet: &[FacetValue], filtered: bool) -> u64 {
    facet
        .iter()
        .filter(|value| !filtered || value.selected)
        .map(|value| value.count)
        .sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn adding_a_filter_never_increases_the_total(
        drafts in prop::collection::vec(draft(), 0..60),
        base in filters(),
        extra in filters(),
    ) {
        let engine = engine(&drafts);
        let before = total(&engine, &base.query());
        for narrower in base.narrower(&extra) {
            let after = total(&engine, &narrower.query());
            prop_assert!(after <= before, "{base:?} → {narrower:?}: {before} → {after}");
        }
    }

    #[test]
    fn single_valued_facets_add_up_to_the_total(
        drafts in prop::collection::vec(draft(), 0..60),
        filters in filters(),
    ) {
        let engine = engine(&drafts);
        let list = engine.publications(&filters.query()).expect("list");
        // Each publication has exactly one kind and one year.
        prop_assert_eq!(counted(&list.facets.kind, filters.kind.is_some()), list.page.total);
        prop_assert_eq!(counted(&list.facets.year, filters.year.is_some()), list.page.total);
    }

    #[test]
    fn a_facet_count_is_the_total_its_value_would_give(
        drafts in prop::collection::vec(draft(), 0..60),
        filters in filters(),
    ) {
        let engine = engine(&drafts);
        let query = filters.query();
        let list = engine.publications(&query).expect("list");
        for value in &list.facets.theme {
            let chosen = PublicationQuery { theme: vec![value.value.clone()], ..query.clone() };
            prop_assert_eq!(value.count, total(&engine, &chosen), "thème {}", value.value);
        }
        for value in &list.facets.territory {
            let chosen = PublicationQuery {
                territory: vec![value.value.clone()],
                ..query.clone()
            };
            prop_assert_eq!(value.count, total(&engine, &chosen), "territoire {}", value.value);
        }
    }

    #[test]
    fn filters_keep_the_order_of_what_remains_page_after_page(
        drafts in prop::collection::vec(draft(), 1..60),
        filters in filters(),
        sort in prop::sample::select(vec![
            PublicationSort::Relevance,
            PublicationSort::DateDesc,
            PublicationSort::DateAsc,
            PublicationSort::Title,
            PublicationSort::Updated,
        ]),
        limit in 1..12u32,
    ) {
        let engine = engine(&drafts);
        let mut unfiltered = Filters { kind: None, theme: None, territory: None, year: None, ..filters.clone() }.query();
        unfiltered.sort = Some(sort);
        unfiltered.pagination = Pagination { page: 1, limit: 100 };
        let mut query = filters.query();
        query.sort = Some(sort);
        query.pagination = Pagination { page: 1, limit };
        let mut walked = Vec::new();
        loop {
            let page = engine.publications(&query).expect("page");
            if page.items.is_empty() {
                break;
            }
            walked.extend(page.items.into_iter().map(|p| p.slug));
            query.pagination.page += 1;
        }
        let kept: HashSet<&String> = walked.iter().collect();
        let expected: Vec<String> = engine
            .publications(&unfiltered)
            .expect("list")
            .items
            .into_iter()
            .map(|p| p.slug)
            .filter(|slug| kept.contains(slug))
            .collect();
        prop_assert_eq!(walked, expected);
    }

    #[test]
    fn walking_every_page_returns_each_item_once_while_items_are_inserted(
        drafts in prop::collection::vec(draft(), 1..60),
        inserted in prop::collection::vec(draft(), 0..30),
        filters in filters(),
        limit in 1..12u32,
    ) {
        let engine = engine(&drafts);
        let mut query = filters.query();
        query.sort = Some(PublicationSort::Updated);
        query.pagination = Pagination { page: 1, limit };
        let present: HashSet<String> = {
            let mut all = query.clone();
            all.pagination = Pagination { page: 1, limit: 100 };
            engine.publications(&all).expect("list").items.into_iter().map(|p| p.slug).collect()
        };
        let mut seen = HashSet::new();
        let mut inserted = inserted.iter().enumerate();
        loop {
            let page = engine.publications(&query).expect("page");
            if page.items.is_empty() {
                break;
            }
            for item in page.items {
                prop_assert!(seen.insert(item.slug.clone()), "{} twice", item.slug);
            }
            // Between two pages, someone publishes.
            if let Some((n, draft)) = inserted.next() {
                let (summary, body) = publication(drafts.len() + n, draft);
                engine
                    .upsert(CatalogItem::publication(summary, body))
                    .expect("upsert");
            }
            query.pagination.page += 1;
        }
        let missed: Vec<&String> = present.difference(&seen).collect();
        prop_assert!(missed.is_empty(), "missed {missed:?}");
    }
}
