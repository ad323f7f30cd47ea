//! Several `passerelle serve` processes on one PostgreSQL database: a change committed
//! with its change-log row reaches every instance's search within two seconds — whether
//! it adds, unpublishes, commits after a change with a higher id, or comes through one
//! instance's write API.

// Test helpers may panic: a failed expectation is the test failing.
#![allow(clippy::expect_used)]

use std::path::Path;
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::Connection;
use passerelle_tests::direct::{insert_publication, publish_guide, unpublish, Logged};
use passerelle_tests::{create_staff, fresh_database_and_url, Backend, ServerProcess};

fn start_instance(database_url: &str) -> ServerProcess {
    ServerProcess::start(
        Path::new(env!("CARGO_BIN_EXE_passerelle")),
        database_url,
        &["--refresh-ms", "250"],
    )
}

/// Waits until every instance finds `expected` items for `query`, at most 2 s after `since`.
async fn seen_everywhere(
    instances: &[ServerProcess],
    client: &reqwest::Client,
    query: &str,
    expected: u64,
    since: Instant,
) {
    for (n, instance) in instances.iter().enumerate() {
        while instance.search_total(client, query).await != expected {
            assert!(
                since.elapsed() < Duration::from_secs(2),
                "instance {n}: « {query} » does not give {expected} result(s) 2 s after the commit"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

#[tokio::test]
async fn changes_reach_every_instance_within_two_seconds() {
    let Some((db, url)) = fresh_database_and_url(Backend::Postgresql) else {
        return;
    };

    let instances = [start_instance(&url), start_instance(&url)];
    let client = reqwest::Client::new();
    for instance in &instances {
        assert_eq!(instance.search_total(&client, "agroecologie").await, 0);
        assert!(instance.search_total(&client, "conseils+citoyens").await > 0);
    }

    // A new publication.
    let mut conn = db.connection().expect("connection");
    publish_guide(
        &mut conn,
        "jardins-agroecologie",
        "Jardins partagés et agroécologie",
    );
    seen_everywhere(&instances, &client, "agroecologie", 1, Instant::now()).await;

    // A change committed after a later one (its id was taken first) is not missed.
    let mut early = db.connection().expect("connection");
    early.batch_execute("BEGIN").expect("begin");
    insert_publication(
        &mut early,
        "permaculture-quartiers",
        "Permaculture en pied d'immeuble",
        Logged::Yes,
    )
    .expect("early write");
    publish_guide(&mut conn, "ruchers-urbains", "Ruchers et apiculture");
    seen_everywhere(&instances, &client, "apiculture", 1, Instant::now()).await;
    early.batch_execute("COMMIT").expect("commit");
    seen_everywhere(&instances, &client, "permaculture", 1, Instant::now()).await;

    // Unpublished: gone from every instance.
    conn.transaction(|conn| unpublish(conn, "jardins-agroecologie"))
        .expect("unpublish");
    seen_everywhere(&instances, &client, "agroecologie", 0, Instant::now()).await;

    // Through one instance's write API: searchable there as soon as the response arrives,
    // on the other within two seconds.
    let token = create_staff(&db, passerelle_types::Role::Editor).token;
    let created: serde_json::Value = client
        .post(format!(
            "{}/api/v1/editorial/publications",
            instances[0].address
        ))
        .bearer_auth(&token)
        .json(
            &serde_json::json!({"title": "Vergers solidaires en pied d'immeuble", "kind": "guide"}),
        )
        .send()
        .await
        .expect("create")
        .json()
        .await
        .expect("created");
    let id = created["id"].as_str().expect("an id").to_owned();
    let published = client
        .post(format!(
            "{}/api/v1/editorial/publications/{id}/publish",
            instances[0].address
        ))
        .bearer_auth(&token)
        .send()
        .await
        .expect("publish");
    let since = Instant::now();
    assert_eq!(published.status(), 200);
    assert_eq!(instances[0].search_total(&client, "vergers").await, 1);
    seen_everywhere(&instances, &client, "vergers", 1, since).await;
}
