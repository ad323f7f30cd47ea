//! `passerelle serve` killed with SIGKILL in the middle of a stream of writes, then started
//! again on the same database: every acknowledged write is there, none is half-applied, and
//! search agrees with the database. On SQLite and on PostgreSQL.

// Test helpers may panic: a failed expectation is the test failing.
#![allow(clippy::expect_used)]

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use diesel::{QueryDsl, RunQueryDsl, TextExpressionMethods};
use passerelle_store::models::PUBLISHED;
use passerelle_store::schema::publications;
use passerelle_tests::{create_staff, fresh_database_and_url, Backend, ServerProcess};
use passerelle_types::{EditorialPublication, EditorialStatus, Role};
use serde_json::json;
use uuid::Uuid;

/// A word found nowhere else in the content, so search counts only this test's items.
const MARKER: &str = "Zygomatique";
const WRITERS: usize = 4;
/// Enough acknowledged writes before the kill that every kind of write has landed.
const KILL_AFTER: usize = 60;

/// What the server acknowledged (answered 2xx) for one publication.
#[derive(Debug, Clone, Default)]
struct Acknowledged {
    title: String,
    published: bool,
    summary: Option<String>,
}

fn content(title: &str) -> serde_json::Value {
    json!({
        "title": title,
        "summary": "Relevé des actions des conseils citoyens de l'Hérault.",
        "body": "## Constats\n\nDes **habitants** mobilisés.",
        "kind": "compte_rendu",
        "year": 2026,
        "themes": ["conseils-citoyens"],
        "territories": ["departement-34"],
        "links": [{"url": "https://www.villesetterritoires.fr/", "label": "Le site", "media_type": null}],
    })
}

/// Creates, publishes and edits publications until the server stops answering.
async fn write_until_killed(
    address: String,
    token: String,
    writer: usize,
    log: Arc<Mutex<HashMap<Uuid, Acknowledged>>>,
) {
    let client = reqwest::Client::new();
    let url = |path: &str| format!("{address}{path}");
    for n in 0.. {
        let title = format!("{MARKER} {writer}-{n}");
        let Ok(response) = client
            .post(url("/api/v1/editorial/publications"))
            .bearer_auth(&token)
            .json(&content(&title))
            .send()
            .await
        else {
            return;
        };
        if response.status() != 201 {
            panic!("création refusée : {}", response.status());
        }
        let Ok(created) = response.json::<EditorialPublication>().await else {
            return;
        };
        let record = |change: &dyn Fn(&mut Acknowledged)| {
            let mut log = log.lock().expect("log");
            change(log.entry(created.id).or_default());
        };
        record(&|ack| ack.title = title.clone());
        // A write that names the version it read.
        let item = url(&format!("/api/v1/editorial/publications/{}", created.id));
        let at_version = |method: reqwest::Method, address: &str, version: u32| {
            client
                .request(method, address)
                .bearer_auth(&token)
                .header("If-Match", format!("\"{version}\""))
        };

        let publish = format!("{item}/publish");
        let Ok(response) = at_version(reqwest::Method::POST, &publish, 1).send().await else {
            return;
        };
        if response.status() != 200 {
            return;
        }
        record(&|ack| ack.published = true);

        let summary = format!("Résumé revu par l'auteur {writer}, passage {n}.");
        let Ok(response) = at_version(reqwest::Method::PATCH, &item, 2)
            .json(&json!({ "summary": summary }))
            .send()
            .await
        else {
            return;
        };
        if response.status() != 200 {
            return;
        }
        record(&|ack| ack.summary = Some(summary.clone()));
    }
}

async fn a_server_killed_during_writes_keeps_every_acknowledged_write(backend: Backend) {
    let Some((db, url)) = fresh_database_and_url(backend) else {
        return;
    };
    let token = create_staff(&db, Role::Editor).token;
    let binary = Path::new(env!("CARGO_BIN_EXE_passerelle"));
    let unlimited = [
        "--rate-limit-writes",
        "1000000",
        "--rate-limit-reads",
        "1000000",
        // The kept index is checkpointed as often as changes come: the kill may land in
        // the middle of one, and the restart must resume or rebuild soundly all the same.
        "--checkpoint-secs",
        "0",
    ];

    let server = ServerProcess::start(binary, &url, &unlimited);
    let log = Arc::new(Mutex::new(HashMap::new()));
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            tokio::spawn(write_until_killed(
                server.address.clone(),
                token.clone(),
                writer,
                log.clone(),
            ))
        })
        .collect();
    let acknowledged = || {
        let log = log.lock().expect("log");
        log.len() + log.values().filter(|a| a.published).count()
    };
    let waited = tokio::time::timeout(Duration::from_secs(60), async {
        while acknowledged() < KILL_AFTER {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await;
    assert!(waited.is_ok(), "the writes did not go through");
    server.kill_now();
    for writer in writers {
        writer.await.expect("writer");
    }
    let log = log.lock().expect("log").clone();

    let server = ServerProcess::start(binary, &url, &unlimited);
    let client = reqwest::Client::new();

    // Every acknowledged write is there.
    for (id, ack) in &log {
        let response = client
            .get(server.url(&format!("/api/v1/editorial/publications/{id}")))
            .bearer_auth(&token)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 200, "{} lost", ack.title);
        let stored: EditorialPublication = response.json().await.expect("publication");
        assert_eq!(stored.content.title, ack.title);
        if ack.published {
            assert_eq!(stored.status, EditorialStatus::Published, "{}", ack.title);
        }
        if let Some(summary) = &ack.summary {
            assert_eq!(&stored.content.summary, summary);
        }
    }

    // None is half-applied: whatever reached the database, acknowledged or not, is whole.
    let mut conn = db.connection().expect("connection");
    let stored: Vec<(String, String)> = publications::table
        .filter(publications::title.like(format!("{MARKER}%")))
        .select((publications::id, publications::editorial_status))
        .load(&mut **conn)
        .expect("stored publications");
    assert!(stored.len() >= log.len());
    eprintln!(
        "{backend:?} : {} publication(s) acquittée(s) avant SIGKILL, {} en base au redémarrage",
        log.len(),
        stored.len()
    );
    for (id, _) in &stored {
        let publication: EditorialPublication = client
            .get(server.url(&format!("/api/v1/editorial/publications/{id}")))
            .bearer_auth(&token)
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("publication");
        let content = &publication.content;
        assert_eq!(content.themes, ["conseils-citoyens"], "{}", content.title);
        assert_eq!(content.territories, ["departement-34"], "{}", content.title);
        assert_eq!(content.links.len(), 1, "{}", content.title);
        assert!(content.body.contains("**habitants**"), "{}", content.title);
    }

    // Search agrees with the database.
    let published = stored
        .iter()
        .filter(|(_, status)| status == PUBLISHED)
        .count();
    assert_eq!(
        server.search_total(&client, MARKER).await as usize,
        published
    );
    assert!(published >= log.values().filter(|a| a.published).count());
}

passerelle_tests::for_both_backends!(a_server_killed_during_writes_keeps_every_acknowledged_write);
