use std::collections::HashSet;

use passerelle_tests::{on_both_backends, seed_counts, TestApp};
use passerelle_types::{Event, EventKind, EventList, EventRole, EventStatus};

async fn lists_every_seed_event(app: TestApp) {
    let list: EventList = app.json("/api/v1/events").await;
    assert_eq!(list.page.total, seed_counts().events);
    assert!(list
        .items
        .iter()
        .all(|e| e.status == EventStatus::Scheduled));
    assert!(list
        .items
        .iter()
        .all(|e| e.schedule.time_zone == "Europe/Paris"));
    // Most recent first by default; the undated seminar comes last.
    assert_eq!(list.items[0].slug, "seminaire-marketing-territorial-2019");
    assert_eq!(
        list.items.last().map(|e| e.slug.as_str()),
        Some("seminaire-territoires-zero-chomeur-de-longue-duree")
    );
}

async fn the_training_cycle_is_three_events_in_three_cities(app: TestApp) {
    let list: EventList = app.json("/api/v1/events?kind=formation").await;
    assert_eq!(list.page.total, 3);
    let cities: HashSet<_> = list
        .items
        .iter()
        .filter_map(|e| e.venue.as_ref()?.commune.as_ref().map(|c| c.name.clone()))
        .collect();
    assert_eq!(
        cities,
        HashSet::from([
            "Montpellier".to_owned(),
            "Nîmes".to_owned(),
            "Narbonne".to_owned()
        ])
    );
    for event in &list.items {
        // The source gives the months, not the days: the dates stay empty.
        assert_eq!(event.schedule.start_date, None);
        assert_eq!(
            event.schedule.period.as_deref(),
            Some("septembre-octobre 2019")
        );
        assert_eq!(event.schedule.year, Some(2019));
    }
    // Narbonne's session served both the Aude and the Pyrénées-Orientales.
    let pyrenees = "/api/v1/events?kind=formation&territory=departement-66";
    assert_eq!(
        app.slugs(pyrenees).await,
        ["formation-egalite-femmes-hommes-narbonne-2019"]
    );
}

async fn past_and_upcoming_split_dated_events(app: TestApp) {
    let past: EventList = app.json("/api/v1/events?when=past").await;
    // Every dated seed event is over; the undated one is neither past nor upcoming.
    assert_eq!(past.page.total, seed_counts().dated_events);
    let upcoming: EventList = app.json("/api/v1/events?when=upcoming").await;
    assert_eq!(upcoming.page.total, 0);
    assert!(upcoming.items.is_empty());
    let all: EventList = app.json("/api/v1/events?when=all").await;
    assert_eq!(all.page.total, seed_counts().events);
}

async fn date_range_and_sort_order(app: TestApp) {
    let autumn: EventList = app
        .json("/api/v1/events?from=2019-10-01&to=2019-10-31&sort=date_asc")
        .await;
    let slugs: Vec<_> = autumn.items.iter().map(|e| e.slug.as_str()).collect();
    // Exact dates in October, plus the sessions known only by their year.
    assert!(slugs.contains(&"rencontres-conseils-citoyens-herault-2019"));
    assert!(slugs.contains(&"seminaire-mise-en-reseau-conseils-citoyens-gard-2019"));
    assert!(!slugs.contains(&"seminaire-marketing-territorial-2019"));
    let fifth = slugs
        .iter()
        .position(|s| *s == "rencontres-conseils-citoyens-herault-2019")
        .expect("present");
    let fifteenth = slugs
        .iter()
        .position(|s| *s == "seminaire-mise-en-reseau-conseils-citoyens-gard-2019")
        .expect("present");
    assert!(fifth < fifteenth, "ascending order: {slugs:?}");

    let oldest_first: EventList = app.json("/api/v1/events?sort=date_asc").await;
    assert_eq!(
        oldest_first.items[0].slug,
        "rencontres-conseils-citoyens-herault-2018"
    );
}

async fn detail_gives_venue_organizers_and_publications(app: TestApp) {
    let event: Event = app
        .json("/api/v1/events/rencontres-conseils-citoyens-herault-2019")
        .await;
    assert_eq!(event.summary.kind, EventKind::Rencontre);
    assert_eq!(
        event.summary.schedule.start_date.map(|d| d.to_string()),
        Some("2019-10-05".to_owned())
    );
    let venue = event.summary.venue.as_ref().expect("venue");
    assert_eq!(venue.name.as_deref(), Some("Agropolis International"));
    assert_eq!(
        venue.commune.as_ref().map(|c| c.code.as_str()),
        Some("34172")
    );
    let roles: HashSet<_> = event
        .organizations
        .iter()
        .map(|o| (o.member.slug.as_str(), o.role))
        .collect();
    assert!(roles.contains(&("prefecture-de-l-herault", EventRole::Initiateur)));
    assert!(roles.contains(&("villes-et-territoires-occitanie", EventRole::Organisateur)));
    assert!(roles.contains(&("villes-et-territoires-occitanie", EventRole::Animateur)));
    assert!(roles.contains(&("ddcs-de-l-herault", EventRole::Partenaire)));
    assert!(roles.contains(&("agropolis-international", EventRole::Lieu)));
}

async fn training_session_links_back_to_the_dossier(app: TestApp) {
    let session: Event = app
        .json("/api/v1/events/formation-egalite-femmes-hommes-nimes-2019")
        .await;
    let publications: HashSet<_> = session
        .publications
        .iter()
        .map(|p| p.slug.as_str())
        .collect();
    assert!(publications.contains("capitalisation-egalite-femmes-hommes-contrats-de-ville"));
    assert!(publications.contains("presentation-formation-egalite-femmes-hommes"));
    assert!(session
        .organizations
        .iter()
        .any(|o| o.member.slug == "l-etre-egale" && o.role == EventRole::Intervenant));
    assert!(session.body.contains("Claudy Vouhé"));
}

on_both_backends!(
    lists_every_seed_event,
    the_training_cycle_is_three_events_in_three_cities,
    past_and_upcoming_split_dated_events,
    date_range_and_sort_order,
    detail_gives_venue_organizers_and_publications,
    training_session_links_back_to_the_dossier,
);
