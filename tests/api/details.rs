//! A detail takes the summaries it shows (its own, its related items') from the search
//! engine rather than from the database: it must read exactly as the database tells it.

use std::sync::{Arc, Mutex};

use diesel::connection::{Connection, InstrumentationEvent};
use passerelle_store::{find, find_many, DatabaseSummaries, DbConnection, Reference};
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
        let read = find::<Publication>(&mut conn, &summary.slug).expect("read");
        assert_eq!(Some(served), read, "{}", summary.slug);
    }

    let events: EventList = app.json("/api/v1/events?limit=100").await;
    assert!(events.page.total >= 9);
    assert_eq!(events.items.len() as u64, events.page.total);
    for summary in &events.items {
        let served: Event = app.json(&format!("/api/v1/events/{}", summary.slug)).await;
        let read = find::<Event>(&mut conn, &summary.slug).expect("read");
        assert_eq!(Some(served), read, "{}", summary.slug);
    }

    let members: MemberList = app.json("/api/v1/members?limit=100").await;
    assert!(members.page.total > 10);
    assert_eq!(members.items.len() as u64, members.page.total);
    let mut linked = 0;
    for summary in &members.items {
        let served: Member = app.json(&format!("/api/v1/members/{}", summary.slug)).await;
        linked += served.publications.len() + served.events.len();
        let read = find::<Member>(&mut conn, &summary.slug).expect("read");
        assert_eq!(Some(served), read, "{}", summary.slug);
    }
    assert!(
        linked > 20,
        "the seed links members to what they did: {linked}"
    );
}

/// The keys a batch of detail requests can bring: every slug, every id (spelled in capitals,
/// as a URL may), and keys of nothing published.
fn keys_of(publications: &PublicationList) -> Vec<String> {
    let mut keys: Vec<String> = publications
        .items
        .iter()
        .flat_map(|summary| [summary.slug.clone(), summary.id.to_string().to_uppercase()])
        .collect();
    keys.push("aucune-publication-de-ce-nom".to_owned());
    keys.push(uuid::Uuid::new_v4().to_string());
    keys
}

/// Details read together, in one statement, read as each would alone: whichever key they
/// are asked by, the same one twice, mixed with keys of nothing.
async fn details_read_together_read_as_alone(app: TestApp) {
    let mut conn = app.db.connection().expect("connection");
    let publications: PublicationList = app.json("/api/v1/publications?limit=100").await;
    let mut keys = keys_of(&publications);
    keys.push(publications.items[0].slug.clone());
    let reference = Reference::load(&mut conn).expect("reference");
    let together = find_many::<Publication>(&mut conn, &DatabaseSummaries(&reference), &keys)
        .expect("read together");
    assert_eq!(together.len(), 2 * publications.items.len());
    for key in &keys {
        let alone = find::<Publication>(&mut conn, key).expect("read alone");
        assert_eq!(together.get(key), alone.as_ref(), "{key}");
    }
}

/// Batches of different sizes are read by one prepared statement, kept by the connection,
/// not parsed and planned again at each batch (SQLite: one statement per power of two of
/// keys; PostgreSQL: one for any number, the keys bound as one array).
async fn batches_of_details_share_a_prepared_statement(app: TestApp) {
    let mut conn = app.db.connection().expect("connection");
    let prepared = Arc::new(Mutex::new(Vec::<String>::new()));
    let recorder = Arc::clone(&prepared);
    let record = move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::CacheQuery { sql, .. } = event {
            recorder.lock().expect("recorder").push(sql.to_owned());
        }
    };
    match &mut **conn {
        DbConnection::Sqlite(conn) => conn.set_instrumentation(record),
        DbConnection::Postgresql(conn) => conn.set_instrumentation(record),
    }
    let publications: PublicationList = app.json("/api/v1/publications?limit=100").await;
    let slugs: Vec<String> = publications.items.iter().map(|p| p.slug.clone()).collect();
    let reference = Reference::load(&mut conn).expect("reference");
    for batch in [&slugs[..3], &slugs[..4], &slugs[4..7]] {
        let found = find_many::<Publication>(&mut conn, &DatabaseSummaries(&reference), batch)
            .expect("read");
        assert_eq!(found.len(), batch.len());
    }
    let prepared = prepared.lock().expect("recorder");
    let detail_statements = prepared
        .iter()
        .filter(|sql| sql.contains("publication_links"))
        .count();
    assert_eq!(detail_statements, 1, "{prepared:#?}");
}

/// Requests for details that arrive together wait for one read of the database and share
/// it (see `detail_reads`): each still gets its own answer, 404 for what is not published.
async fn detail_requests_arriving_together_each_get_their_answer(app: TestApp) {
    let mut conn = app.db.connection().expect("connection");
    let publications: PublicationList = app.json("/api/v1/publications?limit=100").await;
    let keys = keys_of(&publications);
    let mut requests = tokio::task::JoinSet::new();
    for _ in 0..3 {
        for key in &keys {
            let request = app
                .client
                .get(app.url(&format!("/api/v1/publications/{key}")));
            let key = key.clone();
            requests.spawn(async move {
                let response = request.send().await.expect("GET");
                let status = response.status();
                (key, status, response.text().await.expect("body"))
            });
        }
    }
    let mut answered = 0;
    while let Some(done) = requests.join_next().await {
        let (key, status, body) = done.expect("request");
        match find::<Publication>(&mut conn, &key).expect("read") {
            Some(read) => {
                assert_eq!(status, 200, "{key}: {body}");
                let served: Publication = serde_json::from_str(&body).expect("JSON");
                assert_eq!(served, read, "{key}");
            }
            None => assert_eq!(status, 404, "{key}: {body}"),
        }
        answered += 1;
    }
    assert_eq!(answered, 3 * keys.len());
}

on_both_backends!(
    every_detail_reads_as_the_database_tells_it,
    details_read_together_read_as_alone,
    batches_of_details_share_a_prepared_statement,
    detail_requests_arriving_together_each_get_their_answer
);

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
        find::<Publication>(&mut conn, "guide-publie-ailleurs").expect("read")
    );
}

for_both_backends!(
    a_detail_the_engine_does_not_hold_yet_is_read_from_the_database,
    bodies_are_rendered_when_written_and_served_as_stored
);

/// Rich text (bodies, descriptions) is rendered to HTML once, when it is written, and a
/// detail serves that HTML; a row written before the column existed (or reset after a
/// renderer change) is rendered when read.
async fn bodies_are_rendered_when_written_and_served_as_stored(backend: Backend) {
    use diesel::prelude::*;
    use passerelle_store::models::rendered_body;
    use passerelle_store::schema::{events, members, publications};

    let Some(app) = fresh_database(backend).map(spawn_app_on) else {
        return;
    };
    let mut conn = app.db.connection().expect("connection");
    let stored: Vec<(String, String, Option<String>)> = publications::table
        .select((
            publications::slug,
            publications::body,
            publications::body_html,
        ))
        .order(publications::slug)
        .load(&mut **conn)
        .expect("publications");
    assert!(stored.len() >= 2);
    for (slug, body, html) in &stored {
        assert_eq!(html, &rendered_body(body), "{slug}: rendered by the seed");
    }
    let event_bodies: Vec<(String, Option<String>)> = events::table
        .select((events::body, events::body_html))
        .load(&mut **conn)
        .expect("events");
    assert!(event_bodies.iter().any(|(body, _)| !body.is_empty()));
    for (body, html) in &event_bodies {
        assert_eq!(html, &rendered_body(body));
    }

    let descriptions: Vec<(String, Option<String>)> = members::table
        .select((members::description, members::description_html))
        .load(&mut **conn)
        .expect("members");
    assert!(descriptions.iter().any(|(text, _)| !text.is_empty()));
    for (text, html) in &descriptions {
        assert_eq!(html, &rendered_body(text));
    }

    // What is stored is what is served, …
    let (marked, _, _) = &stored[0];
    let marker = "<p>Rendu à l'écriture</p>";
    diesel::update(publications::table.filter(publications::slug.eq(marked)))
        .set(publications::body_html.eq(marker))
        .execute(&mut **conn)
        .expect("mark");
    let served: Publication = app.json(&format!("/api/v1/publications/{marked}")).await;
    assert_eq!(served.body_html, marker);

    // … and what is not stored is rendered at the read.
    let (unrendered, body, html) = stored
        .iter()
        .skip(1)
        .find(|(_, body, _)| !body.is_empty())
        .expect("a seeded publication with a body");
    diesel::update(publications::table.filter(publications::slug.eq(unrendered)))
        .set(publications::body_html.eq(None::<String>))
        .execute(&mut **conn)
        .expect("reset");
    let served: Publication = app
        .json(&format!("/api/v1/publications/{unrendered}"))
        .await;
    assert_eq!(served.body, *body);
    assert_eq!(Some(served.body_html), *html);

    let (event, event_html): (String, Option<String>) = events::table
        .filter(events::body.ne(""))
        .select((events::slug, events::body_html))
        .first(&mut **conn)
        .expect("a seeded event with a body");
    diesel::update(events::table.filter(events::slug.eq(&event)))
        .set(events::body_html.eq(None::<String>))
        .execute(&mut **conn)
        .expect("reset");
    let served: Event = app.json(&format!("/api/v1/events/{event}")).await;
    assert_eq!(Some(served.body_html), event_html);

    let (member, member_html): (String, Option<String>) = members::table
        .filter(members::description.ne(""))
        .select((members::slug, members::description_html))
        .first(&mut **conn)
        .expect("a seeded member with a description");
    diesel::update(members::table.filter(members::slug.eq(&member)))
        .set(members::description_html.eq(None::<String>))
        .execute(&mut **conn)
        .expect("reset");
    let served: Member = app.json(&format!("/api/v1/members/{member}")).await;
    assert_eq!(Some(served.description_html), member_html);
}
