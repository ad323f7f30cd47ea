//! The cross-type search and `q=` on the lists.

use passerelle_tests::{on_both_backends, seed_counts, TestApp};
use passerelle_types::{EventList, ItemType, MemberList, PublicationList, SearchResults};

async fn empty_query_lists_everything_in_the_default_order(app: TestApp) {
    let all: SearchResults = app.json("/api/v1/search?q=&limit=100").await;
    let seed = seed_counts();
    assert_eq!(
        all.page.total,
        seed.publications + seed.events + seed.members
    );
    let plain: PublicationList = app.json("/api/v1/publications").await;
    let empty_q: PublicationList = app.json("/api/v1/publications?q=").await;
    assert_eq!(plain, empty_q);
    let blank_q: PublicationList = app.json("/api/v1/publications?q=%20%20").await;
    assert_eq!(plain, blank_q);
}

async fn counts_per_type_add_up_to_the_total(app: TestApp) {
    let results: SearchResults = app.json("/api/v1/search?q=conseils+citoyens").await;
    let by_type: u64 = results.facets.item_type.iter().map(|f| f.count).sum();
    assert_eq!(by_type, results.page.total);
    assert!(results
        .facets
        .item_type
        .iter()
        .any(|f| f.value == "publication" && f.count > 0));
    assert!(results
        .facets
        .item_type
        .iter()
        .any(|f| f.value == "event" && f.count > 0));
    let labels: Vec<_> = results
        .facets
        .item_type
        .iter()
        .map(|f| f.label.as_str())
        .collect();
    assert!(labels.contains(&"Événements"), "{labels:?}");
    // Restricting the type keeps the type counts, as any facet under its own filter.
    let events: SearchResults = app
        .json("/api/v1/search?q=conseils+citoyens&type=event")
        .await;
    assert!(events.items.iter().all(|h| h.item_type == ItemType::Event));
    assert_eq!(
        events.facets.item_type,
        results
            .facets
            .item_type
            .iter()
            .map(|f| {
                let mut f = f.clone();
                f.selected = f.value == "event";
                f
            })
            .collect::<Vec<_>>()
    );
}

async fn hits_carry_a_highlighted_escaped_snippet(app: TestApp) {
    let results: SearchResults = app.json("/api/v1/search?q=formation").await;
    assert!(results.page.total > 0);
    let marked = results
        .items
        .iter()
        .filter(|h| h.snippet.contains("<mark>"))
        .count();
    assert!(marked > 0, "no highlighted snippet");
    for hit in &results.items {
        let without_marks = hit.snippet.replace("<mark>", "").replace("</mark>", "");
        assert!(
            !without_marks.contains('<'),
            "unescaped HTML in {}",
            hit.snippet
        );
        assert!(!hit.kind_label.is_empty());
    }
    let session = results
        .items
        .iter()
        .find(|h| h.slug == "formation-egalite-femmes-hommes-nimes-2019")
        .expect("session found");
    assert_eq!(session.year, Some(2019));
    assert_eq!(session.kind, "formation");
}

async fn lists_search_within_their_own_type(app: TestApp) {
    let publications: PublicationList = app.json("/api/v1/publications?q=narbonne").await;
    assert_eq!(publications.items[0].slug, "video-iness-narbonne");
    let events: EventList = app.json("/api/v1/events?q=narbonne").await;
    // The three sessions name Narbonne; the one held there comes first.
    assert_eq!(events.page.total, 3);
    assert_eq!(
        events.items[0].slug,
        "formation-egalite-femmes-hommes-narbonne-2019"
    );
    let members: MemberList = app.json("/api/v1/members?q=narbonne").await;
    let slugs: Vec<_> = members.items.iter().map(|m| m.slug.as_str()).collect();
    assert!(
        slugs.contains(&"iness-narbonne") && slugs.contains(&"grand-narbonne"),
        "{slugs:?}"
    );
    // Facets follow the text: only kinds that match the query are counted.
    assert!(publications
        .facets
        .kind
        .iter()
        .all(|f| f.count <= publications.page.total));
    // An explicit order wins over relevance.
    let by_title: PublicationList = app.json("/api/v1/publications?q=conseils&sort=title").await;
    let titles: Vec<_> = by_title.items.iter().map(|p| p.title.as_str()).collect();
    // French order: "État…" among the E, before "Guide…".
    let position = |prefix: &str| titles.iter().position(|t| t.starts_with(prefix));
    assert!(
        position("Compte rendu") < position("État des lieux"),
        "{titles:?}"
    );
    assert!(position("État des lieux") < position("Guide"), "{titles:?}");
    let past: EventList = app.json("/api/v1/events?q=conseils&when=past").await;
    assert!(past.page.total >= 3);
    let upcoming: EventList = app.json("/api/v1/events?q=conseils&when=upcoming").await;
    assert_eq!(upcoming.page.total, 0);
}

async fn search_pages_cover_the_results_once(app: TestApp) {
    let all: SearchResults = app.json("/api/v1/search?q=conseils&limit=100").await;
    let mut seen = Vec::new();
    let pages = all.page.total.div_ceil(2);
    for page in 1..=pages {
        let results: SearchResults = app
            .json(&format!("/api/v1/search?q=conseils&limit=2&page={page}"))
            .await;
        seen.extend(results.items.into_iter().map(|h| h.id));
    }
    let expected: Vec<_> = all.items.iter().map(|h| h.id).collect();
    assert_eq!(seen, expected, "pages keep the relevance order");
}

async fn overlong_queries_are_refused_and_syntax_never_fails(app: TestApp) {
    let long = "a".repeat(201);
    for path in [
        format!("/api/v1/search?q={long}"),
        format!("/api/v1/publications?q={long}"),
        format!("/api/v1/events?q={long}"),
        format!("/api/v1/members?q={long}"),
    ] {
        let problem = app.problem(&path, 400).await;
        assert_eq!(problem.parameter.as_deref(), Some("q"));
        assert!(problem.detail.contains("200"));
    }
    let exactly_200 = "é".repeat(200);
    assert_eq!(
        app.get(&format!("/api/v1/search?q={exactly_200}"))
            .await
            .status(),
        200
    );
    for q in [
        "%22",
        "%22%C3%A9galit%C3%A9",
        "a:b",
        "(((",
        "***",
        "-",
        "%22%22%22",
        "title:egalite",
        "conseil+AND+OR+NOT",
        "%5C",
        "%7B%7D%5B%5D",
        "~2",
        "%5E3",
        "%E2%80%94",
    ] {
        for list in ["search", "publications", "events", "members"] {
            let path = format!("/api/v1/{list}?q={q}");
            assert_eq!(app.get(&path).await.status(), 200, "{path}");
        }
    }
    let unbalanced: SearchResults = app.json("/api/v1/search?q=%22zero+chomeur").await;
    assert!(
        unbalanced.page.total >= 2,
        "an unbalanced quote is searched as plain words"
    );
}

async fn search_filters_are_validated_like_the_lists(app: TestApp) {
    for (path, parameter) in [
        ("/api/v1/search?type=page", "type"),
        ("/api/v1/search?kind=brochure", "kind"),
        ("/api/v1/search?theme=inconnu", "theme"),
        ("/api/v1/search?territory=commune-00000", "territory"),
        ("/api/v1/search?sort=popularite", "sort"),
        ("/api/v1/search?when=past", "when"),
        ("/api/v1/search?limit=0", "limit"),
    ] {
        let problem = app.problem(path, 400).await;
        assert_eq!(problem.parameter.as_deref(), Some(parameter), "{path}");
    }
}

on_both_backends!(
    empty_query_lists_everything_in_the_default_order,
    counts_per_type_add_up_to_the_total,
    hits_carry_a_highlighted_escaped_snippet,
    lists_search_within_their_own_type,
    search_pages_cover_the_results_once,
    overlong_queries_are_refused_and_syntax_never_fails,
    search_filters_are_validated_like_the_lists,
);
