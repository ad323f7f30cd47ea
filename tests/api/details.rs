//! A detail takes the summaries it shows (its own, its related items') from the search
//! engine rather than from the database: it must read exactly as the database tells it.

use passerelle_store::{find_event, find_member, find_publication};
use passerelle_tests::direct::{insert_publication, Logged};
use passerelle_tests::{
    for_both_backends, fresh_database, on_both_backends, spawn_app_on, Backend, TestApp,
};
use passerelle_types::{Event, EventList, Member, MemberList, Publication, PublicationList};

async fn every_detail_reads_as_the_database_tells_it(app: TestApp) {
    let mut conn = app.db.connection().expect("connection");

    let publications: PublicationList = app.json("/api/v1/publications?limit=100").await;
    assert!(publications.page.total >= 10);
    assert_eq!(publications.items.len() as u64, publications.page.total);
    for summary in &publications.items {
        let served: Publication = app
            .json(&format!("/api/v1/publications/{}", summary.slug))
            .await;
        let read = find_publication(&mut conn, &summary.slug).expect("read");
        assert_eq!(Some(served), read, "{}", summary.slug);
    }

    let events: EventList = app.json("/api/v1/events?limit=100").await;
    assert!(events.page.total >= 9);
    assert_eq!(events.items.len() as u64, events.page.total);
    for summary in &events.items {
        let served: Event = app.json(&format!("/api/v1/events/{}", summary.slug)).await;
        let read = find_event(&mut conn, &summary.slug).expect("read");
        assert_eq!(Some(served), read, "{}", summary.slug);
    }

    let members: MemberList = app.json("/api/v1/members?limit=100").await;
    assert!(members.page.total > 10);
    assert_eq!(members.items.len() as u64, members.page.total);
    let mut linked = 0;
    for summary in &members.items {
        let served: Member = app.json(&format!("/api/v1/members/{}", summary.slug)).await;
        linked += served.publications.len() + served.events.len();
        let read = find_member(&mut conn, &summary.slug).expect("read");
        assert_eq!(Some(served), read, "{}", summary.slug);
    }
    assert!(
        linked > 20,
        "the seed links members to what they did: {linked}"
    );
}

on_both_backends!(every_detail_reads_as_the_database_tells_it);

/// Another instance published it a moment ago and this one's engine has not applied the
/// change yet: the detail is read from the database meanwhile, not answered 404.
async fn a_detail_the_engine_does_not_hold_yet_is_read_from_the_database(backend: Backend) {
    let Some(app) = fresh_database(backend).map(spawn_app_on) else {
        return;
    };
    let mut conn = app.db.connection().expect("connection");
    insert_publication(
        &mut conn,
        "guide-publie-ailleurs",
        "Guide Zébulon publié par une autre instance",
        Logged::Yes,
    )
    .expect("insert");
    let listed: PublicationList = app.json("/api/v1/publications?q=zebulon").await;
    assert_eq!(listed.page.total, 0, "this engine has not caught up");
    let served: Publication = app.json("/api/v1/publications/guide-publie-ailleurs").await;
    assert_eq!(
        served.summary.title,
        "Guide Zébulon publié par une autre instance"
    );
    assert_eq!(
        Some(served),
        find_publication(&mut conn, "guide-publie-ailleurs").expect("read")
    );
}

for_both_backends!(a_detail_the_engine_does_not_hold_yet_is_read_from_the_database);
