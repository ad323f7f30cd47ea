//! Several `passerelle serve` processes on one PostgreSQL database: a change committed
//! with its change-log row reaches every instance's search within two seconds — whether
//! it adds, unpublishes, commits after a change with a higher id, or comes through one
//! instance's write API.

// Test helpers may panic: a failed expectation is the test failing.
#![allow(clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::{Connection, ExpressionMethods, QueryDsl, RunQueryDsl};
use passerelle_store::models::{PublicationRow, DRAFT, PUBLISHED};
use passerelle_store::schema::publications;
use passerelle_store::{
    record_change, ChangedEntity, Database, DatabaseUrl, DbConnection, StoreResult,
};
use passerelle_tests::{create_staff, temporary_postgres_database};
use passerelle_types::SearchResults;

/// A server process, killed when dropped.
struct Instance {
    child: Child,
    address: String,
}

impl Instance {
    fn start(database_url: &str) -> Instance {
        let mut child = Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .args([
                "serve",
                "--bind",
                "127.0.0.1:0",
                "--no-seed",
                "--refresh-ms",
                "250",
            ])
            .args(["--spa-dir", "/nonexistent"])
            .env("DATABASE_URL", database_url)
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("passerelle starts");
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = BufReader::new(stderr).lines();
        let port = loop {
            let line = lines
                .next()
                .expect("the server says where it listens")
                .expect("readable log");
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                break digits.parse::<u16>().expect("a port");
            }
        };
        // Keep draining the log so the process never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Instance {
            child,
            address: format!("http://127.0.0.1:{port}"),
        }
    }

    async fn total(&self, client: &reqwest::Client, query: &str) -> u64 {
        let results: SearchResults = client
            .get(format!("{}/api/v1/search?q={query}", self.address))
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("search results");
        results.page.total
    }
}

impl Drop for Instance {
    /// SIGTERM, as a supervisor would: the server shuts down gracefully and removes its
    /// index files. SIGKILL only if that is not possible.
    fn drop(&mut self) {
        let stopped = Command::new("kill")
            .arg(self.child.id().to_string())
            .status()
            .is_ok_and(|status| status.success());
        if !stopped {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

fn insert_publication(conn: &mut DbConnection, slug: &str, title: &str) -> StoreResult<()> {
    let now = chrono::Utc::now().naive_utc();
    let id = uuid::Uuid::new_v4().to_string();
    diesel::insert_into(publications::table)
        .values(PublicationRow {
            id: id.clone(),
            slug: slug.to_owned(),
            title: title.to_owned(),
            summary: String::new(),
            body: String::new(),
            kind: "guide".to_owned(),
            publication_date: None,
            year: Some(2026),
            editorial_status: PUBLISHED.to_owned(),
            created_at: now,
            updated_at: now,
            published_at: Some(now),
        })
        .execute(conn)?;
    // What the write API does: the change-log row in the same transaction.
    record_change(conn, ChangedEntity::Publication, &id)
}

/// Waits until every instance finds `expected` items for `query`, at most 2 s after `since`.
async fn seen_everywhere(
    instances: &[Instance],
    client: &reqwest::Client,
    query: &str,
    expected: u64,
    since: Instant,
) {
    for (n, instance) in instances.iter().enumerate() {
        while instance.total(client, query).await != expected {
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
    let Some(url) = temporary_postgres_database() else {
        return;
    };
    let db = Database::open(&DatabaseUrl::Postgresql(url.clone())).expect("open");
    db.migrate().expect("migrate");
    passerelle_seed::load(&mut db.connection().expect("connection")).expect("seed");

    let instances = [Instance::start(&url), Instance::start(&url)];
    let client = reqwest::Client::new();
    for instance in &instances {
        assert_eq!(instance.total(&client, "agroecologie").await, 0);
        assert!(instance.total(&client, "conseils+citoyens").await > 0);
    }

    // A new publication.
    let mut conn = db.connection().expect("connection");
    conn.transaction(|conn| {
        insert_publication(
            conn,
            "jardins-agroecologie",
            "Jardins partagés et agroécologie",
        )
    })
    .expect("write");
    seen_everywhere(&instances, &client, "agroecologie", 1, Instant::now()).await;

    // A change committed after a later one (its id was taken first) is not missed.
    let mut early = db.connection().expect("connection");
    early.batch_execute("BEGIN").expect("begin");
    insert_publication(
        &mut early,
        "permaculture-quartiers",
        "Permaculture en pied d'immeuble",
    )
    .expect("early write");
    conn.transaction(|conn| insert_publication(conn, "ruchers-urbains", "Ruchers et apiculture"))
        .expect("later write");
    seen_everywhere(&instances, &client, "apiculture", 1, Instant::now()).await;
    early.batch_execute("COMMIT").expect("commit");
    seen_everywhere(&instances, &client, "permaculture", 1, Instant::now()).await;

    // Unpublished: gone from every instance.
    conn.transaction(|conn| {
        let id: String = publications::table
            .filter(publications::slug.eq("jardins-agroecologie"))
            .select(publications::id)
            .first(conn)?;
        diesel::update(publications::table.filter(publications::id.eq(&id)))
            .set(publications::editorial_status.eq(DRAFT))
            .execute(conn)?;
        record_change(conn, ChangedEntity::Publication, &id)
    })
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
    assert_eq!(instances[0].total(&client, "vergers").await, 1);
    seen_everywhere(&instances, &client, "vergers", 1, since).await;
}
