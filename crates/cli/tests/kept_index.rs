//! The search index kept between runs: a restart reads it back and replays what changed
//! while the server was down; an index that does not match the database is rebuilt.
//! Each server is stopped with SIGKILL, as a crash would.

// Test helpers may panic: a failed expectation is the test failing.
#![allow(clippy::expect_used)]

use std::path::{Path, PathBuf};

use diesel::Connection;
use passerelle_tests::direct::{insert_publication, publish_guide, unpublish, Logged};
use passerelle_tests::{fresh_database_and_url, kept_index_dir, Backend, ServerProcess};

fn start(url: &str) -> ServerProcess {
    ServerProcess::start(Path::new(env!("CARGO_BIN_EXE_passerelle")), url, &[])
}

/// The generation the next start resumes from, as named in the folder.
fn current_generation(folder: &Path) -> String {
    std::fs::read_to_string(folder.join("CURRENT")).expect("a current generation")
}

fn generations(folder: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(folder)
        .expect("index folder")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.is_dir())
        .collect()
}

async fn a_restarted_server_answers_from_the_kept_index(backend: Backend) {
    let Some((db, url)) = fresh_database_and_url(backend) else {
        return;
    };
    let folder = kept_index_dir(&url);
    let client = reqwest::Client::new();

    let unpublished = a_published_slug(&db);
    let server = start(&url);
    let seeded = server.search_total(&client, "conseils+citoyens").await;
    assert!(seeded > 0);
    assert_eq!(detail_status(&server, &client, &unpublished).await, 200);
    let built = current_generation(&folder);
    server.kill_now();

    // While the server is down: one publication more, one fewer.
    let mut conn = db.connection().expect("connection");
    publish_guide(
        &mut conn,
        "ruchers-urbains",
        "Ruchers et apiculture urbaine",
    );
    conn.transaction(|conn| unpublish(conn, &unpublished))
        .expect("unpublish");

    let server = start(&url);
    assert_eq!(
        current_generation(&folder),
        built,
        "the kept index is resumed, not rebuilt"
    );
    assert_eq!(server.search_total(&client, "apiculture").await, 1);
    assert_eq!(
        detail_status(&server, &client, &unpublished).await,
        404,
        "the publication unpublished meanwhile is gone"
    );
    assert_eq!(
        list_total(&server, &client).await,
        published_count(&db),
        "the list counts what the database publishes, nothing twice"
    );
    server.kill_now();

    // A write the change log never saw: the kept index no longer matches the database,
    // so it is rebuilt rather than trusted.
    conn.transaction(|conn| {
        insert_publication(
            conn,
            "vergers-solidaires",
            "Vergers solidaires en pied d'immeuble",
            Logged::No,
        )
    })
    .expect("insert without its change");
    let server = start(&url);
    assert_eq!(server.search_total(&client, "vergers").await, 1);
    assert_ne!(current_generation(&folder), built, "rebuilt");
    assert_eq!(
        generations(&folder).len(),
        1,
        "the old generation is removed"
    );
    server.kill_now();
}

fn a_published_slug(db: &passerelle_store::Database) -> String {
    use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
    use passerelle_store::schema::publications;
    publications::table
        .filter(publications::editorial_status.eq(passerelle_store::models::PUBLISHED))
        .select(publications::slug)
        .order(publications::slug)
        .first(&mut **db.connection().expect("connection"))
        .expect("a published publication")
}

fn published_count(db: &passerelle_store::Database) -> u64 {
    let mut conn = db.connection().expect("connection");
    let (count, _) = passerelle_store::published_fingerprint(
        &mut conn,
        passerelle_store::ChangedEntity::PUBLICATION,
    )
    .expect("count");
    count as u64
}

async fn list_total(server: &ServerProcess, client: &reqwest::Client) -> u64 {
    let path = "/api/v1/publications?limit=1";
    let list: passerelle_types::PublicationList = server.json(client, path).await;
    list.page.total
}

async fn detail_status(server: &ServerProcess, client: &reqwest::Client, slug: &str) -> u16 {
    client
        .get(server.url(&format!("/api/v1/publications/{slug}")))
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

passerelle_tests::for_both_backends!(a_restarted_server_answers_from_the_kept_index);
