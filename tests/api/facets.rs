//! Facet counts must say exactly how many items a choice would leave.

use passerelle_tests::direct::insert_draft;
use passerelle_tests::{
    for_both_backends, on_both_backends, seed_counts, spawn_app_with, Backend, TestApp,
};
use passerelle_types::{FacetValue, PublicationList};

/// A list's total and its facets, read by name: each facet is named as the filter it sets.
fn facets_of(list: &serde_json::Value) -> (u64, Vec<(String, Vec<FacetValue>)>) {
    let total = list["total"].as_u64().expect("total");
    let facets = list["facets"]
        .as_object()
        .expect("facets")
        .iter()
        .map(|(name, values)| {
            let values = serde_json::from_value(values.clone()).expect("facet values");
            (name.clone(), values)
        })
        .collect();
    (total, facets)
}

/// For every value of every facet, the list filtered on that value (in place of any other
/// value of the same facet) must hold exactly `count` items.
async fn check_facets(app: &TestApp, list_path: &str, base: &str) {
    let list = app.json(&format!("{list_path}?{base}")).await;
    let (_, groups) = facets_of(&list);
    let mut checked = 0;
    for (parameter, values) in groups {
        let others: Vec<&str> = base
            .split('&')
            .filter(|pair| !pair.is_empty() && !pair.starts_with(&format!("{parameter}=")))
            .collect();
        for value in values {
            let mut pairs = others.clone();
            let filter = format!("{parameter}={}", value.value);
            pairs.push(&filter);
            let path = format!("{list_path}?{}", pairs.join("&"));
            let (total, _) = facets_of(&app.json(&path).await);
            assert_eq!(total, value.count, "{path}: facet said {}", value.count);
            assert!(!value.label.is_empty());
            checked += 1;
        }
    }
    assert!(checked > 0, "no facet value checked for {list_path}?{base}");
}

async fn publication_facet_counts_match_the_filtered_totals(app: TestApp) {
    check_facets(&app, "/api/v1/publications", "").await;
    check_facets(&app, "/api/v1/publications", "theme=conseils-citoyens").await;
    check_facets(
        &app,
        "/api/v1/publications",
        "territory=departement-34&kind=guide",
    )
    .await;
}

async fn event_facet_counts_match_the_filtered_totals(app: TestApp) {
    check_facets(&app, "/api/v1/events", "").await;
    check_facets(&app, "/api/v1/events", "when=past&kind=seminaire").await;
}

async fn member_facet_counts_match_the_filtered_totals(app: TestApp) {
    check_facets(&app, "/api/v1/members", "").await;
    check_facets(&app, "/api/v1/members", "territory=region-76").await;
}

async fn a_facet_is_counted_under_the_other_filters_but_not_its_own(app: TestApp) {
    let list: PublicationList = app
        .json("/api/v1/publications?theme=egalite-femmes-hommes&territory=departement-30")
        .await;
    assert_eq!(list.page.total, 2);
    let gard = list
        .facets
        .territory
        .iter()
        .find(|f| f.value == "departement-30")
        .expect("selected value listed");
    assert!(gard.selected);
    assert_eq!(gard.label, "Gard");
    assert_eq!(gard.count, 2);
    // Other themes are counted as if the theme filter were replaced: still within the Gard.
    let conseils = list
        .facets
        .theme
        .iter()
        .find(|f| f.value == "conseils-citoyens")
        .expect("listed");
    assert_eq!(
        conseils.count, 2,
        "état des lieux and network guide, both in the Gard"
    );
    // The kind facet is counted under both active filters.
    let total_by_kind: u64 = list.facets.kind.iter().map(|f| f.count).sum();
    assert_eq!(total_by_kind, 2);
    // Years are listed most recent first, labels in French.
    let kinds: Vec<_> = list.facets.kind.iter().map(|f| f.label.as_str()).collect();
    assert!(kinds.contains(&"Document de capitalisation"), "{kinds:?}");
}

async fn search_facet_counts_match_the_filtered_totals(app: TestApp) {
    check_facets(&app, "/api/v1/search", "").await;
    check_facets(&app, "/api/v1/search", "q=conseils+citoyens").await;
    check_facets(&app, "/api/v1/search", "q=formation&type=event").await;
    check_facets(&app, "/api/v1/publications", "q=guide").await;
}

on_both_backends!(
    search_facet_counts_match_the_filtered_totals,
    publication_facet_counts_match_the_filtered_totals,
    event_facet_counts_match_the_filtered_totals,
    member_facet_counts_match_the_filtered_totals,
    a_facet_is_counted_under_the_other_filters_but_not_its_own,
);

async fn drafts_never_appear_in_lists_details_or_counts(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |conn| {
        insert_draft(
            conn,
            "brouillon-egalite",
            "Brouillon sur l'égalité",
            "egalite-femmes-hommes",
        )
        .expect("insert draft");
    })
    .await
    else {
        return;
    };
    let list: PublicationList = app.json("/api/v1/publications?limit=100").await;
    assert_eq!(list.page.total, seed_counts().publications);
    assert!(!list.items.iter().any(|p| p.slug == "brouillon-egalite"));
    let egalite = list
        .facets
        .theme
        .iter()
        .find(|f| f.value == "egalite-femmes-hommes")
        .expect("listed");
    assert_eq!(egalite.count, 2);
    assert!(!list.facets.year.iter().any(|f| f.value == "2026"));
    app.problem("/api/v1/publications/brouillon-egalite", 404)
        .await;
}

for_both_backends!(drafts_never_appear_in_lists_details_or_counts);
