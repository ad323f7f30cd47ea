//! Several `passerelle serve` processes on one PostgreSQL database: a change committed
//! with its change-log row reaches every instance's search within two seconds.

// Test helpers may panic: a failed expectation is the test failing.
#![allow(clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use diesel::{Connection, RunQueryDsl};
use passerelle_store::models::{PublicationRow, PUBLISHED};
use passerelle_store::schema::publications;
use passerelle_store::{record_change, ChangedEntity, Database, DatabaseUrl};
use passerelle_tests::temporary_postgres_database;
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
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn a_change_reaches_every_instance_within_two_seconds() {
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

    // What the write API does: the content and its change-log row in one transaction.
    let mut conn = db.connection().expect("connection");
    conn.transaction::<_, passerelle_store::StoreError, _>(|conn| {
        let now = chrono::Utc::now().naive_utc();
        let id = uuid::Uuid::new_v4().to_string();
        diesel::insert_into(publications::table)
            .values(PublicationRow {
                id: id.clone(),
                slug: "jardins-agroecologie-quartiers".to_owned(),
                title: "Jardins partagés et agroécologie dans les quartiers".to_owned(),
                summary: "Retours d'expérience de jardins partagés.".to_owned(),
                body: String::new(),
                kind: "guide".to_owned(),
                publication_date: None,
                year: Some(2026),
                editorial_status: PUBLISHED.to_owned(),
                created_at: now,
                updated_at: now,
            })
            .execute(conn)?;
        record_change(conn, ChangedEntity::Publication, &id)
    })
    .expect("write");
    let written = Instant::now();

    for (n, instance) in instances.iter().enumerate() {
        loop {
            if instance.total(&client, "agroecologie").await == 1 {
                break;
            }
            assert!(
                written.elapsed() < Duration::from_secs(2),
                "instance {n} still does not find the new publication after 2 s"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    println!(
        "seen by both instances {:?} after the commit",
        written.elapsed()
    );
}
