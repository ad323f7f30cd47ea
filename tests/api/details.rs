//! A detail takes the summaries it shows (its own, its related items') from the search
//! engine rather than from the database: it must read exactly as the database tells it.

use passerelle_store::{find_event, find_member, find_publication};
use passerelle_tests::{on_both_backends, TestApp};
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
