//! Bounded fuzzing of full-text query parsing: whatever a visitor types in the search box
//! (quotes, operators, wildcards, any script, control characters), the engine answers a
//! page — never a panic, never an error.
//!
//! `PASSERELLE_FUZZ_CASES` sets the number of cases (1,000 by default).

// Test helpers may panic: a failed expectation is the test failing.
#![allow(clippy::expect_used)]

use std::sync::OnceLock;

use chrono::DateTime;
use passerelle_search::{CatalogSource, Engine};
use passerelle_types::{
    PublicationKind, PublicationQuery, PublicationSummary, SearchQuery, Theme, MAX_QUERY_CHARS,
};
use proptest::prelude::*;
use uuid::Uuid;

fn cases() -> u32 {
    std::env::var("PASSERELLE_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000)
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let titles = [
            "Rencontre départementale des conseils citoyens de l'Aude",
            "Égalité femmes-hommes dans les contrats de ville",
            "Diagnostic en marchant : le quartier Pissevin à Nîmes",
            "Vidéo : l'INESS de Narbonne",
        ];
        let publications = titles
            .iter()
            .enumerate()
            .map(|(n, title)| {
                let summary = PublicationSummary {
                    id: Uuid::from_u128(n as u128 + 1),
                    slug: format!("publication-{n}"),
                    title: (*title).to_owned(),
                    summary: "Les habitants des quartiers prioritaires s'expriment.".to_owned(),
                    kind: PublicationKind::Guide,
                    publication_date: None,
                    year: Some(2024),
                    themes: vec![Theme {
                        slug: "conseils-citoyens".to_owned(),
                        label: "Conseils citoyens".to_owned(),
                    }],
                    territories: Vec::new(),
                    updated_at: DateTime::UNIX_EPOCH,
                    version: 1,
                };
                (summary, "Participation, emploi, cadre de vie.".to_owned())
            })
            .collect();
        Engine::build(CatalogSource {
            publications,
            ..CatalogSource::default()
        })
        .expect("engine")
    })
}

/// What people type: words of the corpus, query syntax, and anything at all.
fn typed() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(vec![
            "conseils",
            "citoyens",
            "égalité",
            "Nîmes",
            "quartier",
            "\"",
            "(",
            ")",
            "*",
            "?",
            "~",
            "^",
            ":",
            "-",
            "+",
            "AND",
            "OR",
            "NOT",
            "title:",
            "[",
            "]",
            "{",
            "}",
            "\\",
            "'",
            "2024",
            "l'",
            "œ",
            "ß",
            "İ",
            "ﬁ",
            "👩‍👩‍👧",
        ])
        .prop_map(str::to_owned),
        any::<String>(),
        "[\\p{L}\\p{N}\\p{P}\\p{S} ]{0,12}",
    ];
    prop::collection::vec(piece, 0..8).prop_map(|pieces| {
        let text = pieces.join(" ");
        text.chars().take(MAX_QUERY_CHARS).collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn any_typed_text_gets_a_page(q in typed()) {
        let engine = engine();
        let search = engine
            .search(&SearchQuery { q: q.clone(), ..SearchQuery::default() })
            .map_err(|e| TestCaseError::fail(format!("search « {q} »: {e}")))?;
        prop_assert!(search.items.len() as u64 <= search.page.total);
        let list = engine
            .publications(&PublicationQuery { q: q.clone(), ..PublicationQuery::default() })
            .map_err(|e| TestCaseError::fail(format!("list « {q} »: {e}")))?;
        prop_assert!(list.page.total <= 4);
    }
}
