//! Bounded fuzzing of query-string parsing, for every list: random bytes and random
//! parameter soup never panic, every refusal names its parameter in a French sentence, and
//! whatever is accepted writes itself back to a query string that parses to the same query.
//!
//! `PASSERELLE_FUZZ_CASES` sets the number of cases per target (1,000 by default, a few
//! seconds); raise it for a longer run.

use passerelle_types::{
    EventQuery, MemberQuery, PublicationQuery, QueryError, SearchQuery, WithdrawalQuery,
};
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("PASSERELLE_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000)
}

/// Values a partner, a typo or an attacker may send.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        // Plausible values of every parameter.
        prop::sample::select(vec![
            "sante",
            "conseils-citoyens",
            "departement-34",
            "commune-30189",
            "guide",
            "video",
            "rencontre",
            "conseil_citoyen",
            "upcoming",
            "past",
            "all",
            "date_desc",
            "date_asc",
            "title",
            "relevance",
            "updated",
            "name",
            "2024",
            "2019",
            "2024-03-15",
            "2026-11-27",
            "2026-11-27T10:00:00Z",
            "2026-11-27T10:00:00+01:00",
            "1",
            "20",
            "100",
            "publication",
            "event",
            "member",
            "fr",
            "departement",
            "commune",
        ])
        .prop_map(str::to_owned),
        // Lists, numbers and dates at and past their limits.
        "[a-z_-]{0,12}(,[a-z_-]{0,12}){0,3}",
        "-?[0-9]{1,25}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2})?)?",
        // Percent-escapes, valid UTF-8 or not, and anything at all.
        "(%[0-9A-Fa-f]{2}){1,6}",
        any::<String>(),
        "\"[a-zé ]{0,20}\"?",
    ]
}

fn parameter(names: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        9 => prop::sample::select(names).prop_map(str::to_owned),
        1 => "[a-z_%]{0,10}",
    ]
}

/// `name=value` pairs joined with `&`, values percent-encoded or raw.
fn soup(names: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec((parameter(names), value(), any::<bool>()), 0..8).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(name, value, encode)| {
                if encode {
                    serde_urlencoded::to_string([(name, value)]).unwrap_or_default()
                } else {
                    format!("{name}={value}")
                }
            })
            .collect::<Vec<_>>()
            .join("&")
    })
}

fn refusal_is_explained(error: &QueryError, names: &[&str]) -> Result<(), TestCaseError> {
    prop_assert!(!error.message.trim().is_empty());
    prop_assert!(
        error.parameter.is_empty()
            || names.contains(&error.parameter.as_str())
            || error.message.contains("inconnu"),
        "{error:?}"
    );
    Ok(())
}

/// Declares the fuzz targets of one query type.
macro_rules! fuzz_query {
    ($module:ident, $query:ty) => {
        mod $module {
            use super::*;

            proptest! {
                #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

                #[test]
                fn random_bytes_never_panic(raw in any::<Vec<u8>>()) {
                    let text = String::from_utf8_lossy(&raw);
                    if let Err(error) = <$query>::parse(&text) {
                        refusal_is_explained(&error, <$query>::PARAMETERS)?;
                    }
                }

                #[test]
                fn accepted_queries_write_back_to_themselves(text in soup(<$query>::PARAMETERS)) {
                    match <$query>::parse(&text) {
                        Ok(query) => {
                            let written = query.to_query_string();
                            prop_assert_eq!(<$query>::parse(&written), Ok(query), "{} → {}", text, written);
                        }
                        Err(error) => refusal_is_explained(&error, <$query>::PARAMETERS)?,
                    }
                }
            }
        }
    };
}

fuzz_query!(publications, PublicationQuery);
fuzz_query!(events, EventQuery);
fuzz_query!(members, MemberQuery);
fuzz_query!(search, SearchQuery);
fuzz_query!(deletions, WithdrawalQuery);
