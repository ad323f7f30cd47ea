//! `passerelle export` and `passerelle import archive`: a site moves from SQLite to
//! PostgreSQL and back through its backup archive. The archives are the same bytes at each
//! step, and the restored site answers every public read as the original does.

// Test helpers may panic: a failed expectation is the test failing.
#![allow(clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
use passerelle_store::archive::{RegistrationRecord, TallyRecord, WholeRows};
use passerelle_store::editorial::{transition, Publications, Transition};
use passerelle_store::schema::{events, publications};
use passerelle_store::{Actor, Database, DatabaseUrl};
use passerelle_tests::{
    create_staff, fresh_database_and_url, temporary_postgres_database, ServerProcess,
};
use passerelle_types::{
    EventList, MemberList, PublicationList, RegistrationMode, RegistrationSettings, Role,
    SitePageInput, SitePageKind,
};

const EXPORT: &str = include_str!("fixtures/wordpress-export.xml");
const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";

/// Runs `passerelle ARGS…` on a database, its data folder `data`.
fn run(database_url: &str, data: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("PASSERELLE_DATA_DIR", data)
        .env("NO_COLOR", "1")
        .output()
        .expect("passerelle runs")
}

/// Runs `passerelle ARGS…`, expects success, and gives what it printed.
fn passerelle(database_url: &str, data: &Path, args: &[&str]) -> String {
    let output = run(database_url, data, args);
    assert!(
        output.status.success(),
        "passerelle {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A site with something of everything: the seed, an imported WordPress site with drafts,
/// a document and import origins, an item in the bin, an account.
fn full_site(data: &Path) -> Option<(Database, String)> {
    let (db, url) = fresh_database_and_url(passerelle_tests::Backend::Sqlite)?;
    let uploads = data.join("uploads/2019/03");
    std::fs::create_dir_all(&uploads).expect("uploads");
    std::fs::write(uploads.join("guide-mobilisation.pdf"), PDF).expect("pdf");
    let export = data.join("export.xml");
    std::fs::write(&export, EXPORT).expect("export");
    let uploads = data.join("uploads");
    passerelle(
        &url,
        data,
        &[
            "import",
            "wordpress",
            export.to_str().expect("path"),
            "--uploads",
            uploads.to_str().expect("path"),
        ],
    );
    let mut conn = db.connection().expect("connection");
    let id: String = publications::table
        .filter(publications::slug.eq("note-interne"))
        .select(publications::id)
        .first(&mut **conn)
        .expect("an imported draft");
    transition::<Publications>(
        &mut conn,
        &Actor::command_line(),
        &id,
        None,
        Transition::Delete,
    )
    .expect("to the bin");
    // Registrations, their counts and a page of the site travel too.
    let actor = Actor::command_line();
    let event: String = events::table
        .select(events::id)
        .order(events::id)
        .first(&mut **conn)
        .expect("an imported event");
    passerelle_store::registrations::set_registration_settings(
        &mut conn,
        &actor,
        &event,
        RegistrationSettings {
            mode: Some(RegistrationMode::Passerelle),
            capacity: Some(30),
            waiting_list: true,
            reminder_hours: Some(48),
            ..Default::default()
        },
    )
    .expect("settings");
    let at = passerelle_store::now();
    RegistrationRecord {
        id: "0b7c3f0e-5a4f-4d6e-9a63-2f1f7b1d0c11".to_owned(),
        event_id: event.clone(),
        token_hash: "empreinte".to_owned(),
        email: "lea@exemple.fr".to_owned(),
        name: "Léa Martin".to_owned(),
        organisation: None,
        audience: "elu".to_owned(),
        commune: Some("Nîmes".to_owned()),
        accessibility_needs: Some("Boucle magnétique".to_owned()),
        newsletter: false,
        status: "confirmed".to_owned(),
        created_at: at,
        confirm_before: None,
        confirmed_at: Some(at),
        cancelled_at: None,
        attended: true,
        updated_at: at,
        reminded_at: None,
    }
    .restore(&mut conn)
    .expect("a registration");
    TallyRecord {
        event_id: event,
        status: "confirmed".to_owned(),
        audience: "habitant".to_owned(),
        departement: "30".to_owned(),
        attended: false,
        count: 12,
    }
    .restore(&mut conn)
    .expect("counts");
    passerelle_store::save_site_page(
        &mut conn,
        &actor,
        SitePageKind::LegalNotice,
        SitePageInput {
            title: "Mentions légales".to_owned(),
            body: "Éditeur : l'association.".to_owned(),
            conformity: None,
        },
    )
    .expect("a page");
    drop(conn);
    create_staff(&db, Role::Admin);
    Some((db, url))
}

fn export(url: &str, data: &Path, name: &str) -> (PathBuf, Vec<u8>) {
    let path = data.join(name);
    passerelle(
        url,
        data,
        &["export", "--output", path.to_str().expect("path")],
    );
    let bytes = std::fs::read(&path).expect("archive");
    (path, bytes)
}

/// A server on a site, its documents in `data/documents`, its absolute links (calendars,
/// feeds) naming the same public address whatever port it listens on.
fn serve(database_url: &str, data: &Path) -> ServerProcess {
    ServerProcess::start(
        Path::new(env!("CARGO_BIN_EXE_passerelle")),
        database_url,
        &[
            "--documents-dir",
            data.join("documents").to_str().expect("path"),
            "--public-url",
            "https://ressources.example",
        ],
    )
}

/// Every public read a partner site makes, as the server answers it.
async fn public_reads(server: &ServerProcess) -> Vec<(String, String)> {
    let client = reqwest::Client::new();
    let get = |path: String| {
        let client = client.clone();
        let url = server.url(&path);
        async move {
            let response = client.get(url).send().await.expect("request");
            assert_eq!(response.status(), 200, "{path}");
            (path, response.text().await.expect("body"))
        }
    };
    let mut reads = Vec::new();
    for path in [
        "/api/v1/publications?limit=100",
        "/api/v1/events?limit=100",
        "/api/v1/members?limit=100",
        "/api/v1/search?q=conseils+citoyens&limit=100",
        "/api/v1/search?q=guide&limit=100",
        "/api/v1/themes",
        "/api/v1/territories",
        "/api/v1/events.ics",
    ] {
        reads.push(get(path.to_owned()).await);
    }
    let publications: PublicationList = serde_json::from_str(&reads[0].1).expect("list");
    let events: EventList = serde_json::from_str(&reads[1].1).expect("list");
    let members: MemberList = serde_json::from_str(&reads[2].1).expect("list");
    let details = publications
        .items
        .iter()
        .map(|p| format!("/api/v1/publications/{}", p.slug))
        .chain(
            events
                .items
                .iter()
                .map(|e| format!("/api/v1/events/{}", e.slug)),
        )
        .chain(
            members
                .items
                .iter()
                .map(|m| format!("/api/v1/members/{}", m.slug)),
        );
    for path in details {
        reads.push(get(path).await);
    }
    reads
}

/// Every editorial list (drafts and bin) and every item in it, as editors read them.
async fn editorial_reads(server: &ServerProcess, token: &str) -> Vec<(String, String)> {
    let client = reqwest::Client::new();
    let read = |path: String| {
        let request = client.get(server.url(&path)).bearer_auth(token);
        async move {
            let body = request
                .send()
                .await
                .expect("request")
                .text()
                .await
                .expect("body");
            (path, body)
        }
    };
    let mut reads = Vec::new();
    for kind in ["publications", "events", "members"] {
        for deleted in [false, true] {
            let (path, body) = read(format!(
                "/api/v1/editorial/{kind}?limit=100&deleted={deleted}"
            ))
            .await;
            let list: passerelle_types::EditorialList = serde_json::from_str(&body).expect("list");
            for item in &list.items {
                reads.push(read(format!("/api/v1/editorial/{kind}/{}", item.id)).await);
            }
            reads.push((path, body));
        }
    }
    reads
}

#[tokio::test]
async fn a_site_moves_from_sqlite_to_postgresql_and_back_through_the_same_archive() {
    let Some(postgres) = temporary_postgres_database() else {
        return;
    };
    let data = tempfile::tempdir().expect("data folder");
    let Some((original_db, sqlite)) = full_site(data.path()) else {
        return;
    };
    let (archive, first) = export(&sqlite, data.path(), "premiere.tar");
    let held = String::from_utf8_lossy(&first);
    for kept in [
        "registration_settings.jsonl",
        "Boucle magnétique",
        "registration_tallies.jsonl",
        "Éditeur : l'association.",
    ] {
        assert!(held.contains(kept), "the archive lacks « {kept} »");
    }

    // Into an empty PostgreSQL, documents in a folder of its own.
    let data_pg = tempfile::tempdir().expect("data folder");
    let report = passerelle(
        &postgres,
        data_pg.path(),
        &["import", "archive", archive.to_str().expect("path")],
    );
    let publications = passerelle_tests::seed_counts().publications + 5;
    assert!(
        report.contains(&format!("Publications : {publications} créé(s)")),
        "{report}"
    );
    let (archive_pg, second) = export(&postgres, data_pg.path(), "seconde.tar");
    assert!(
        first == second,
        "the archive of the restored site differs from the original's"
    );

    // And back into a new SQLite file.
    let data_back = tempfile::tempdir().expect("data folder");
    let back = format!(
        "sqlite://{}",
        data_back.path().join("retour.sqlite3").display()
    );
    passerelle(
        &back,
        data_back.path(),
        &["import", "archive", archive_pg.to_str().expect("path")],
    );
    let (_, third) = export(&back, data_back.path(), "troisieme.tar");
    assert!(
        first == third,
        "SQLite → PostgreSQL → SQLite changed the archive"
    );

    // Both sites answer every public read the same, documents included.
    let (original, restored) = (
        serve(&sqlite, data.path()),
        serve(&postgres, data_pg.path()),
    );
    let (before, after) = (public_reads(&original).await, public_reads(&restored).await);
    assert!(before.len() > 20, "{} reads", before.len());
    for ((path, a), (_, b)) in before.iter().zip(&after) {
        assert_eq!(a, b, "{path} differs");
    }

    // And every editorial read: drafts, the bin, each item as editors see it.
    let postgres_db = Database::open(&DatabaseUrl::Postgresql(postgres.clone())).expect("open");
    let (editor, restored_editor) = (
        create_staff(&original_db, Role::Editor),
        create_staff(&postgres_db, Role::Editor),
    );
    let (editorial_before, editorial_after) = (
        editorial_reads(&original, &editor.token).await,
        editorial_reads(&restored, &restored_editor.token).await,
    );
    assert!(
        editorial_before.len() > 20,
        "{} editorial reads",
        editorial_before.len()
    );
    assert_eq!(editorial_before, editorial_after);

    let guide: passerelle_types::Publication = serde_json::from_str(
        &before
            .iter()
            .find(|(p, _)| p.ends_with("guide-mobiliser-habitants"))
            .expect("guide")
            .1,
    )
    .expect("publication");
    let document = reqwest::get(restored.url(&guide.attachments[0].url))
        .await
        .expect("download");
    assert_eq!(&document.bytes().await.expect("bytes")[..], PDF);
}

#[tokio::test]
async fn an_archive_is_restored_only_into_an_empty_database_and_checked_first() {
    let data = tempfile::tempdir().expect("data folder");
    let Some((db, sqlite)) = full_site(data.path()) else {
        return;
    };
    let (archive, bytes) = export(&sqlite, data.path(), "site.tar");
    let refused = run(
        &sqlite,
        data.path(),
        &["import", "archive", archive.to_str().expect("path")],
    );
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("la base n'est pas vide"));

    // One byte changed in a file of the archive: refused by its checksum, nothing written.
    let mut damaged = bytes.clone();
    let at = bytes
        .windows(5)
        .position(|w| w == b"Guide")
        .expect("a title in the archive");
    damaged[at] = b'X';
    let path = data.path().join("abimee.tar");
    std::fs::write(&path, damaged).expect("write");
    let empty = format!("sqlite://{}", data.path().join("vide.sqlite3").display());
    let output = run(
        &empty,
        data.path(),
        &["import", "archive", path.to_str().expect("path")],
    );
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("ne correspond pas à son empreinte"),
        "{stderr}"
    );
    let restored =
        Database::open(&DatabaseUrl::Sqlite(data.path().join("vide.sqlite3"))).expect("open");
    assert!(!passerelle_store::archive::holds_anything(
        &mut restored.connection().expect("connection")
    )
    .expect("count"));
    drop(db);
}
