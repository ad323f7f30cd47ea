//! Outages: PostgreSQL stopped under a running server, a full disk under SQLite. The server
//! answers fast and clearly while it lasts, loses nothing, and recovers alone.

use std::time::{Duration, Instant};

use diesel::RunQueryDsl;
use passerelle_store::{Database, DatabaseUrl};
use passerelle_tests::{
    assert_contains, spawn_app_on, PostgresServer, SmallDisk, TestApp, FAULT_ANSWER_WITHIN,
};
use passerelle_types::{EditorialPublication, PublicationList, Role};
use reqwest::{Method, StatusCode};
use serde_json::json;

const SEEDED_PUBLICATION: &str = "/api/v1/publications/video-iness-narbonne";

fn draft(title: &str) -> serde_json::Value {
    json!({
        "title": title,
        "summary": "Compte rendu de la rencontre départementale des conseils citoyens.",
        "kind": "compte_rendu",
        "themes": ["conseils-citoyens"],
        "territories": ["departement-11"],
    })
}

/// Sends the request; the answer, and how long it took.
async fn timed(request: reqwest::RequestBuilder) -> (reqwest::Response, Duration) {
    let started = Instant::now();
    let response = tokio::time::timeout(Duration::from_secs(10), request.send())
        .await
        .expect("an answer, not a hang")
        .expect("the server answers");
    (response, started.elapsed())
}

fn create(app: &TestApp, token: &str, title: &str) -> reqwest::RequestBuilder {
    app.request_with(token, Method::POST, "/api/v1/editorial/publications")
        .json(&draft(title))
}

async fn total(app: &TestApp, status: &str, token: &str) -> u64 {
    let list: serde_json::Value = app
        .request_with(
            token,
            Method::GET,
            &format!("/api/v1/editorial/publications?status={status}&limit=1"),
        )
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("editorial list");
    list["total"].as_u64().expect("total")
}

/// PostgreSQL stopped while the server runs: readiness fails, calls that need the database
/// answer 503 within a second, reads from the index keep working; PostgreSQL started again,
/// the server recovers without a restart.
#[tokio::test]
async fn postgresql_stopped_then_started_again() {
    let Some(postgres) = PostgresServer::start_new() else {
        return;
    };
    let db = Database::open(&DatabaseUrl::Postgresql(postgres.url())).expect("open");
    db.migrate().expect("migrate");
    passerelle_seed::load(&mut db.connection().expect("connection")).expect("seed");
    let app = spawn_app_on(db);
    let editor = app.staff(Role::Editor);
    assert_eq!(app.get("/readyz").await.status(), 200);

    postgres.stop();

    let (response, took) = timed(app.request(Method::GET, "/readyz")).await;
    let problem =
        passerelle_tests::expect_problem(response, StatusCode::SERVICE_UNAVAILABLE.as_u16()).await;
    assert!(took < FAULT_ANSWER_WITHIN, "/readyz took {took:?}");
    assert_contains(&problem.detail, "base de données");

    let (response, took) = timed(app.request(Method::GET, SEEDED_PUBLICATION)).await;
    passerelle_tests::expect_problem(response, StatusCode::SERVICE_UNAVAILABLE.as_u16()).await;
    assert!(took < FAULT_ANSWER_WITHIN, "detail took {took:?}");

    let (response, took) = timed(create(&app, &editor.token, "Pendant la panne")).await;
    passerelle_tests::expect_problem(response, StatusCode::SERVICE_UNAVAILABLE.as_u16()).await;
    assert!(took < FAULT_ANSWER_WITHIN, "write took {took:?}");

    // Lists and search are answered from the in-memory index.
    let list: PublicationList = app
        .json("/api/v1/publications?theme=conseils-citoyens")
        .await;
    assert!(list.page.total > 0);

    postgres.start();

    // Recovers alone: the pool drops its dead connections and opens new ones.
    let deadline = Instant::now() + Duration::from_secs(5);
    while app.get("/readyz").await.status() != 200 {
        assert!(
            Instant::now() < deadline,
            "not ready 5 s after PostgreSQL came back"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(app.get(SEEDED_PUBLICATION).await.status(), 200);
    let (response, _) = timed(create(&app, &editor.token, "Après la panne")).await;
    assert_eq!(response.status(), 201);
    // The write refused during the outage was not half-applied.
    assert_eq!(total(&app, "draft", &editor.token).await, 1);
}

/// SQLite on a disk that fills up: writes fail with a clear 507, reads keep working, and
/// once space returns writes succeed and the file is intact.
#[tokio::test]
async fn sqlite_on_a_full_disk() {
    let Some(disk) = SmallDisk::mount(16) else {
        return;
    };
    let path = disk.path().join("passerelle.sqlite3");
    let db = Database::open(&DatabaseUrl::Sqlite(path)).expect("open");
    db.migrate().expect("migrate");
    passerelle_seed::load(&mut db.connection().expect("connection")).expect("seed");
    // An empty write-ahead log, so the next write needs new space.
    diesel::sql_query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&mut **db.connection().expect("connection"))
        .expect("checkpoint");
    let app = spawn_app_on(db.clone());
    let editor = app.staff(Role::Editor);
    let drafts_before = total(&app, "draft", &editor.token).await;
    diesel::sql_query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&mut **db.connection().expect("connection"))
        .expect("checkpoint");

    let filler = disk.fill();

    for attempt in 0..3 {
        let title = format!("Sur un disque plein {attempt}");
        let (response, took) = timed(create(&app, &editor.token, &title)).await;
        let problem =
            passerelle_tests::expect_problem(response, StatusCode::INSUFFICIENT_STORAGE.as_u16())
                .await;
        assert!(took < FAULT_ANSWER_WITHIN, "write took {took:?}");
        assert_eq!(problem.title, "Espace de stockage plein");
        assert_contains(&problem.detail, "espace disque");
    }
    assert_eq!(app.get(SEEDED_PUBLICATION).await.status(), 200);
    let list: PublicationList = app
        .json("/api/v1/publications?theme=conseils-citoyens")
        .await;
    assert!(list.page.total > 0);
    assert_eq!(app.get("/readyz").await.status(), 200, "reads still work");

    std::fs::remove_file(filler).expect("space returns");

    let (response, _) = timed(create(&app, &editor.token, "Place retrouvée")).await;
    assert_eq!(response.status(), 201);
    let created: EditorialPublication = response.json().await.expect("created");
    assert_eq!(created.content.title, "Place retrouvée");
    // Refused writes left nothing behind; the file passes SQLite's own check.
    assert_eq!(total(&app, "draft", &editor.token).await, drafts_before + 1);
    #[derive(diesel::QueryableByName)]
    struct Check {
        #[diesel(sql_type = diesel::sql_types::Text)]
        integrity_check: String,
    }
    let checks: Vec<Check> = diesel::sql_query("PRAGMA integrity_check")
        .load(&mut **db.connection().expect("connection"))
        .expect("integrity check");
    let verdicts: Vec<&str> = checks.iter().map(|c| c.integrity_check.as_str()).collect();
    assert_eq!(verdicts, ["ok"]);
}
