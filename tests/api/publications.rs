use std::collections::HashSet;

use passerelle_tests::{on_both_backends, seed_counts, TestApp};
use passerelle_types::{Publication, PublicationKind, PublicationList, PublicationRole};

async fn lists_every_seed_publication_by_default(app: TestApp) {
    let seed = seed_counts().publications;
    let list: PublicationList = app.json("/api/v1/publications").await;
    assert_eq!(list.page.total, seed);
    assert_eq!(list.page.page, 1);
    assert_eq!(list.page.limit, 20);
    assert_eq!(u64::from(list.page.page_count), seed.div_ceil(20));
    assert_eq!(list.items.len() as u64, seed.min(20));
    // Date order, most recent first: only the état des lieux has a known year.
    assert_eq!(
        list.items[0].slug,
        "etat-des-lieux-2019-conseils-citoyens-est-occitanie"
    );
    assert_eq!(list.items[0].year, Some(2019));
}

async fn theme_filter_finds_the_equality_dossier_and_its_presentation(app: TestApp) {
    let list: PublicationList = app
        .json("/api/v1/publications?theme=egalite-femmes-hommes")
        .await;
    let slugs: HashSet<_> = list.items.iter().map(|p| p.slug.as_str()).collect();
    assert_eq!(
        slugs,
        HashSet::from([
            "capitalisation-egalite-femmes-hommes-contrats-de-ville",
            "presentation-formation-egalite-femmes-hommes",
        ])
    );
    assert!(list
        .items
        .iter()
        .all(|p| p.themes.iter().any(|t| t.slug == "egalite-femmes-hommes")));
}

async fn kind_filter_accepts_several_values(app: TestApp) {
    let list: PublicationList = app.json("/api/v1/publications?kind=guide,video").await;
    assert_eq!(list.page.total, 3);
    assert!(list
        .items
        .iter()
        .all(|p| matches!(p.kind, PublicationKind::Guide | PublicationKind::Video)));
    let repeated: PublicationList = app.json("/api/v1/publications?kind=guide&kind=video").await;
    assert_eq!(repeated, list);
}

async fn departement_filter_matches_content_attached_to_its_communes(app: TestApp) {
    // The IN'ESS video is attached to the commune of Narbonne, in the Aude.
    let aude: PublicationList = app
        .json("/api/v1/publications?territory=departement-11")
        .await;
    assert!(aude.items.iter().any(|p| p.slug == "video-iness-narbonne"));
    let narbonne: PublicationList = app
        .json("/api/v1/publications?territory=commune-11262")
        .await;
    assert_eq!(narbonne.page.total, 1);
    // A région covers its départements and their communes.
    let occitanie: PublicationList = app.json("/api/v1/publications?territory=region-76").await;
    assert!(occitanie.page.total > aude.page.total);
    assert!(occitanie
        .items
        .iter()
        .any(|p| p.slug == "video-iness-narbonne"));
    assert!(!occitanie
        .items
        .iter()
        .any(|p| p.slug == "dossier-marketing-territorial-image-des-territoires"));
}

async fn filters_combine(app: TestApp) {
    let path = "/api/v1/publications?theme=conseils-citoyens&territory=departement-30&kind=guide";
    assert_eq!(
        app.slugs(path).await,
        ["guide-les-outils-de-votre-mise-en-reseau"]
    );
}

async fn year_and_date_range_filters_use_what_is_known(app: TestApp) {
    let by_year: PublicationList = app.json("/api/v1/publications?year=2019").await;
    assert_eq!(by_year.page.total, 1);
    // A publication known only by its year falls in any range overlapping that year...
    let in_range: PublicationList = app
        .json("/api/v1/publications?from=2019-06-01&to=2019-06-30")
        .await;
    assert_eq!(in_range.page.total, 1);
    // ...and undated publications never match a range.
    let later: PublicationList = app.json("/api/v1/publications?from=2020-01-01").await;
    assert_eq!(later.page.total, 0);
    assert!(later.items.is_empty());
}

async fn sorts_by_title_and_by_date(app: TestApp) {
    let by_title: PublicationList = app.json("/api/v1/publications?sort=title").await;
    let titles: Vec<_> = by_title.items.iter().map(|p| p.title.clone()).collect();
    assert_eq!(
        titles[0],
        "Compte rendu des 3e rencontres départementales des conseils citoyens de l'Hérault"
    );
    // "Égalité…" sorts among the E, not after Z.
    let egalite = titles
        .iter()
        .position(|t| t.starts_with("Égalité"))
        .expect("present");
    let video = titles
        .iter()
        .position(|t| t.starts_with("Vidéo"))
        .expect("present");
    assert!(egalite < video);

    let ascending: PublicationList = app.json("/api/v1/publications?sort=date_asc").await;
    // Dated first in both directions; the one dated publication leads.
    assert_eq!(ascending.items[0].year, Some(2019));
}

async fn pages_cover_the_list_exactly_once(app: TestApp) {
    let seed = seed_counts().publications;
    let pages = seed.div_ceil(3);
    let mut seen = Vec::new();
    for page in 1..=pages {
        let list: PublicationList = app
            .json(&format!("/api/v1/publications?limit=3&page={page}"))
            .await;
        assert_eq!(list.page.total, seed);
        assert_eq!(u64::from(list.page.page_count), pages);
        let expected = if page == pages {
            seed - 3 * (pages - 1)
        } else {
            3
        };
        assert_eq!(list.items.len() as u64, expected);
        seen.extend(list.items.into_iter().map(|p| p.id));
    }
    let unique: HashSet<_> = seen.iter().collect();
    assert_eq!(unique.len() as u64, seed);

    let past_the_end: PublicationList = app
        .json(&format!("/api/v1/publications?limit=3&page={}", pages + 1))
        .await;
    assert!(past_the_end.items.is_empty());
    assert_eq!(past_the_end.page.total, seed);

    let largest: PublicationList = app.json("/api/v1/publications?limit=100").await;
    assert_eq!(largest.items.len(), 10);
    let smallest: PublicationList = app.json("/api/v1/publications?limit=1").await;
    assert_eq!(smallest.items.len(), 1);
    assert_eq!(smallest.page.page_count, 10);
}

async fn detail_links_the_equality_dossier_to_its_three_training_sessions(app: TestApp) {
    let dossier: Publication = app
        .json("/api/v1/publications/capitalisation-egalite-femmes-hommes-contrats-de-ville")
        .await;
    assert_eq!(
        dossier.summary.kind,
        PublicationKind::DocumentCapitalisation
    );
    let sessions: HashSet<_> = dossier.events.iter().map(|e| e.slug.as_str()).collect();
    assert_eq!(
        sessions,
        HashSet::from([
            "formation-egalite-femmes-hommes-montpellier-2019",
            "formation-egalite-femmes-hommes-nimes-2019",
            "formation-egalite-femmes-hommes-narbonne-2019",
        ])
    );
    assert!(dossier.body.contains("Claudy Vouhé"));
    assert!(dossier.body.contains("7 août 2019"));
    assert_eq!(dossier.organizations.len(), 1);
    assert_eq!(dossier.organizations[0].role, PublicationRole::Auteur);
    assert_eq!(
        dossier.organizations[0].member.slug,
        "villes-et-territoires-occitanie"
    );
}

async fn detail_is_found_by_id_as_well_as_by_slug(app: TestApp) {
    let by_slug: Publication = app.json("/api/v1/publications/video-iness-narbonne").await;
    let by_id: Publication = app
        .json(&format!("/api/v1/publications/{}", by_slug.summary.id))
        .await;
    assert_eq!(by_id, by_slug);
    let upper = by_slug.summary.id.to_string().to_uppercase();
    let by_upper_id: Publication = app.json(&format!("/api/v1/publications/{upper}")).await;
    assert_eq!(by_upper_id.summary.id, by_slug.summary.id);
    // The quoted sentence of the seed is kept word for word.
    assert!(by_slug.body.contains(
        "« On ne fait pas à l'IN'ESS une politique pour les quartiers, mais c'est à partir du \
         quartier que l'on fait une politique pour l'ensemble du territoire »"
    ));
    assert!(by_slug.body.contains("Sandrine Solé"));
}

async fn dossier_comes_from_the_seminar_it_reports_on(app: TestApp) {
    let dossier: Publication = app
        .json("/api/v1/publications/dossier-marketing-territorial-image-des-territoires")
        .await;
    assert_eq!(dossier.events.len(), 1);
    assert_eq!(
        dossier.events[0].slug,
        "seminaire-marketing-territorial-2019"
    );
    assert_eq!(
        dossier.events[0].schedule.start_date.map(|d| d.to_string()),
        Some("2019-11-22".to_owned())
    );
}

on_both_backends!(
    lists_every_seed_publication_by_default,
    theme_filter_finds_the_equality_dossier_and_its_presentation,
    kind_filter_accepts_several_values,
    departement_filter_matches_content_attached_to_its_communes,
    filters_combine,
    year_and_date_range_filters_use_what_is_known,
    sorts_by_title_and_by_date,
    pages_cover_the_list_exactly_once,
    detail_links_the_equality_dossier_to_its_three_training_sessions,
    detail_is_found_by_id_as_well_as_by_slug,
    dossier_comes_from_the_seminar_it_reports_on,
);
