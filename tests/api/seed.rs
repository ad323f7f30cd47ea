//! The seed content reaches the API whole, and loading it again changes nothing.

use passerelle_seed::SeedReport;
use passerelle_tests::{fresh_database, on_both_backends, spawn_app_on, Backend, TestApp};
use passerelle_types::{Event, Member, Publication};

async fn every_seed_item_is_served_with_its_facts(app: TestApp) {
    let content = passerelle_seed::content().expect("seed parses");
    for seed in &content.publications {
        let served: Publication = app
            .json(&format!("/api/v1/publications/{}", seed.slug))
            .await;
        assert_eq!(served.summary.title, seed.title);
        assert_eq!(served.summary.kind, seed.kind);
        assert_eq!(served.events.len(), seed.events.len(), "{}", seed.slug);
        assert_eq!(
            served.organizations.len(),
            seed.organizations.len(),
            "{}",
            seed.slug
        );
    }
    for seed in &content.events {
        let served: Event = app.json(&format!("/api/v1/events/{}", seed.slug)).await;
        assert_eq!(served.summary.title, seed.title);
        assert_eq!(served.summary.schedule.start_date, seed.start_date);
        assert_eq!(
            served.organizations.len(),
            seed.organizations.len(),
            "{}",
            seed.slug
        );
    }
    for seed in &content.members {
        let served: Member = app.json(&format!("/api/v1/members/{}", seed.slug)).await;
        assert_eq!(served.summary.name, seed.name);
        assert_eq!(served.summary.territories.len(), seed.territories.len());
    }
}

on_both_backends!(every_seed_item_is_served_with_its_facts);

async fn loading_the_seed_twice_changes_nothing(backend: Backend) {
    let Some(db) = fresh_database(backend) else {
        return;
    };
    let before: serde_json::Value = spawn_app_on(db.clone())
        .json("/api/v1/publications?limit=100")
        .await;
    let again = passerelle_seed::load(&mut db.connection().expect("connection")).expect("reload");
    assert_eq!(again, SeedReport::default());
    let after: serde_json::Value = spawn_app_on(db)
        .json("/api/v1/publications?limit=100")
        .await;
    assert_eq!(before, after);
}

passerelle_tests::for_both_backends!(loading_the_seed_twice_changes_nothing);
