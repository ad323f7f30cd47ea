//! `passerelle import wordpress` as a centre runs it: the real command, on an export file
//! written on the model of WordPress's own (with The Events Calendar), into a seeded
//! database that a running server reads meanwhile. On SQLite and on PostgreSQL.

// Test helpers may panic: a failed expectation is the test failing.
#![allow(clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
use passerelle_store::schema::{
    attachments, audit_log, content_changes, import_origins, publications, themes,
};
use passerelle_store::Database;
use passerelle_tests::{fresh_database_and_url, Backend, ServerProcess};
use passerelle_types::{Event, EventRole, Publication, PublicationKind, SearchResults};

const EXPORT: &str = include_str!("fixtures/wordpress-export.xml");
/// The smallest file `identify` takes for a PDF.
const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";

/// A centre moving in: its database (seeded), a server running on it, a data folder.
struct Centre {
    url: String,
    db: Database,
    data: tempfile::TempDir,
    server: ServerProcess,
    client: reqwest::Client,
}

impl Centre {
    fn open(backend: Backend) -> Option<Centre> {
        let (db, url) = fresh_database_and_url(backend)?;
        let data = tempfile::tempdir().expect("data folder");
        let documents = data.path().join("documents");
        let server = ServerProcess::start(
            Path::new(env!("CARGO_BIN_EXE_passerelle")),
            &url,
            &[
                "--refresh-ms",
                "100",
                "--documents-dir",
                documents.to_str().expect("path"),
            ],
        );
        Some(Centre {
            url,
            db,
            data,
            server,
            client: reqwest::Client::new(),
        })
    }

    /// Writes an export file into the data folder.
    fn export_file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.data.path().join(name);
        std::fs::write(&path, text).expect("export written");
        path
    }

    /// Runs `passerelle import wordpress FILE EXTRA…` on the centre's database.
    fn import(&self, file: &Path, extra: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .args(["import", "wordpress"])
            .arg(file)
            .args(extra)
            .env("DATABASE_URL", &self.url)
            .env("PASSERELLE_DATA_DIR", self.data.path())
            .env("NO_COLOR", "1")
            .output()
            .expect("passerelle runs")
    }

    /// Imports and expects success; the report printed.
    fn imported(&self, file: &Path, extra: &[&str]) -> String {
        let output = self.import(file, extra);
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "import failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        stdout
    }

    async fn get<T: serde::de::DeserializeOwned>(&self, path: &str) -> T {
        let response = self
            .client
            .get(self.server.url(path))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 200, "GET {path}");
        response.json().await.expect("JSON")
    }

    async fn status(&self, path: &str) -> u16 {
        self.client
            .get(self.server.url(path))
            .send()
            .await
            .expect("request")
            .status()
            .as_u16()
    }

    /// Waits for the running server's search to find `expected` results for `query`,
    /// at most 2 s.
    async fn searched_within_two_seconds(&self, query: &str, expected: u64) {
        let since = Instant::now();
        loop {
            let results: SearchResults = self.get(&format!("/api/v1/search?q={query}")).await;
            if results.page.total == expected {
                return;
            }
            assert!(
                since.elapsed() < Duration::from_secs(2),
                "« {query} » gives {} result(s), not {expected}, 2 s after the import",
                results.page.total
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// What the database holds that an import writes, counted.
    fn footprint(&self) -> [i64; 6] {
        let mut conn = self.db.connection().expect("connection");
        let conn: &mut passerelle_store::DbConnection = &mut conn;
        [
            publications::table.count().get_result(conn).expect("count"),
            themes::table.count().get_result(conn).expect("count"),
            audit_log::table.count().get_result(conn).expect("count"),
            content_changes::table
                .count()
                .get_result(conn)
                .expect("count"),
            import_origins::table
                .count()
                .get_result(conn)
                .expect("count"),
            attachments::table.count().get_result(conn).expect("count"),
        ]
    }

    fn status_of(&self, slug: &str) -> String {
        let mut conn = self.db.connection().expect("connection");
        publications::table
            .filter(publications::slug.eq(slug))
            .select(publications::editorial_status)
            .first(&mut **conn)
            .expect("publication")
    }
}

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test]
            async fn $name() {
                if let Some(centre) = super::Centre::open(super::Backend::Sqlite) {
                    super::$name(centre).await;
                }
            })*
        }
        mod postgres {
            $(#[tokio::test]
            async fn $name() {
                if let Some(centre) = super::Centre::open(super::Backend::Postgresql) {
                    super::$name(centre).await;
                }
            })*
        }
    };
}

on_both_backends!(
    an_export_becomes_publications_events_members_and_themes_that_a_running_server_finds,
    importing_the_same_export_again_changes_nothing,
    a_newer_export_updates_what_changed_and_never_duplicates,
    a_dry_run_tells_what_would_happen_and_writes_nothing,
    a_damaged_export_is_refused_with_its_line_and_column_and_writes_nothing,
    uploaded_files_found_locally_become_documents_and_the_others_stay_links,
);

async fn an_export_becomes_publications_events_members_and_themes_that_a_running_server_finds(
    centre: Centre,
) {
    centre.searched_within_two_seconds("mobiliser", 0).await;
    let file = centre.export_file("export.xml", EXPORT);
    let report = centre.imported(&file, &[]);
    for line in [
        "Publications : 5 créé(s), 0 mis à jour, 0 inchangé(s)",
        "Événements : 3 créé(s)",
        // « Villes et Territoires Occitanie » is already a member: matched, not made twice.
        "Membres du réseau (organisateurs) : 1 créé(s), 0 mis à jour, 0 inchangé(s), 1 rattaché(s)",
        "Thèmes créés depuis les catégories : 2",
        "page : 1",
        "révision : 1",
        "élément de menu : 1",
        "à la corbeille dans WordPress : 1",
        "commentaires : 1",
        "[contact-form-7] (1 fois)",
        "Villeneuve-sur-Nulle-Part",
    ] {
        assert!(
            report.contains(line),
            "« {line} » missing from the report:\n{report}"
        );
    }
    centre.searched_within_two_seconds("mobiliser", 1).await;

    // A published post, its excerpt as summary, its categories as themes and kind.
    let guide: Publication = centre
        .get("/api/v1/publications/guide-mobiliser-habitants")
        .await;
    assert_eq!(
        guide.summary.title,
        "Guide : mobiliser les habitants des quartiers"
    );
    assert_eq!(
        guide.summary.summary,
        "Les méthodes des conseils citoyens pour mobiliser les habitants."
    );
    assert_eq!(guide.summary.kind, PublicationKind::Guide);
    assert_eq!(
        guide
            .summary
            .publication_date
            .map(|d| d.to_string())
            .as_deref(),
        Some("2019-03-14")
    );
    let themes: Vec<(&str, &str)> = guide
        .summary
        .themes
        .iter()
        .map(|t| (t.slug.as_str(), t.label.as_str()))
        .collect();
    assert!(
        themes.contains(&("guides", "Guides & méthodes")),
        "{themes:?}"
    );
    assert!(
        themes.contains(&("participation-citoyenne", "Participation citoyenne")),
        "{themes:?}"
    );
    assert!(guide.body.contains("## Télécharger"), "{}", guide.body);
    assert!(guide.body.contains("![Atelier à Nîmes](https://centre.example/wp-content/uploads/2019/03/atelier-nimes.jpg)"), "{}", guide.body);
    assert!(
        guide
            .body
            .contains("Atelier des habitants à Nîmes, mars 2019"),
        "{}",
        guide.body
    );
    assert!(
        guide.body_html.contains("<h2>Télécharger</h2>"),
        "{}",
        guide.body_html
    );

    // Never public by accident: drafts, pending, scheduled and private posts stay drafts.
    assert_eq!(
        centre.status_of("l-egalite-femmes-hommes-dans-les-contrats-de-ville"),
        "draft"
    );
    for slug in ["compte-rendu-copil", "quartiers-2030", "note-interne"] {
        assert_eq!(centre.status_of(slug), "draft", "{slug}");
        assert_eq!(
            centre.status(&format!("/api/v1/publications/{slug}")).await,
            404,
            "{slug}"
        );
    }
    assert_eq!(
        centre
            .status("/api/v1/publications/brouillon-abandonne")
            .await,
        404
    );

    // An event: Paris times, the venue's commune, both organisers, the bare address fixed.
    let meeting: Event = centre
        .get("/api/v1/events/rencontre-conseils-citoyens-gard")
        .await;
    let schedule = &meeting.summary.schedule;
    assert_eq!(
        schedule.start_date.map(|d| d.to_string()).as_deref(),
        Some("2019-03-14")
    );
    assert_eq!(
        schedule.start_time.map(|t| t.to_string()).as_deref(),
        Some("09:30:00")
    );
    assert_eq!(
        schedule.end_time.map(|t| t.to_string()).as_deref(),
        Some("17:00:00")
    );
    let venue = meeting.summary.venue.as_ref().expect("venue");
    assert_eq!(venue.name.as_deref(), Some("Maison de quartier Pissevin"));
    assert_eq!(
        venue.address.as_deref(),
        Some("1 place Pythagore, 30900 Nimes")
    );
    assert_eq!(
        venue.commune.as_ref().map(|c| c.name.as_str()),
        Some("Nîmes")
    );
    let organisers: Vec<(&str, EventRole)> = meeting
        .organizations
        .iter()
        .map(|o| (o.member.name.as_str(), o.role))
        .collect();
    assert!(
        organisers.contains(&("Villes et Territoires Occitanie", EventRole::Organisateur)),
        "{organisers:?}"
    );
    assert!(
        organisers.contains(&("Collectif Habitants Solidaires", EventRole::Organisateur)),
        "{organisers:?}"
    );
    assert!(
        meeting
            .links
            .iter()
            .any(|l| l.url == "https://www.gard.example/rencontre"),
        "{:?}",
        meeting.links
    );
    assert!(
        meeting
            .body
            .contains("https://www.youtube-nocookie.com/embed/xyz"),
        "{}",
        meeting.body
    );

    // All day: the days, no times; an unknown commune leaves the address.
    let seminar: Event = centre.get("/api/v1/events/seminaire-evaluation").await;
    let schedule = &seminar.summary.schedule;
    assert_eq!(
        schedule.start_date.map(|d| d.to_string()).as_deref(),
        Some("2019-11-05")
    );
    assert_eq!(
        schedule.end_date.map(|d| d.to_string()).as_deref(),
        Some("2019-11-06")
    );
    assert_eq!((schedule.start_time, schedule.end_time), (None, None));
    let venue = seminar.summary.venue.as_ref().expect("venue");
    assert_eq!(
        venue.address.as_deref(),
        Some("Rue de la Mairie, 34999 Villeneuve-sur-Nulle-Part")
    );
    assert!(venue.commune.is_none());
}

async fn importing_the_same_export_again_changes_nothing(centre: Centre) {
    let file = centre.export_file("export.xml", EXPORT);
    centre.imported(&file, &[]);
    let before = centre.footprint();
    let report = centre.imported(&file, &[]);
    assert!(
        report.contains("Publications : 0 créé(s), 0 mis à jour, 5 inchangé(s)"),
        "{report}"
    );
    assert!(
        report.contains("Événements : 0 créé(s), 0 mis à jour, 3 inchangé(s)"),
        "{report}"
    );
    assert!(!report.contains("Thèmes créés"), "{report}");
    assert!(report.contains("Rien à changer"), "{report}");
    assert_eq!(
        centre.footprint(),
        before,
        "no row, version, audit entry or change added"
    );
}

async fn a_newer_export_updates_what_changed_and_never_duplicates(centre: Centre) {
    let file = centre.export_file("export.xml", EXPORT);
    centre.imported(&file, &[]);
    let publications_before = centre.footprint()[0];
    let newer = EXPORT
        .replace(
            "<title><![CDATA[Guide : mobiliser les habitants des quartiers]]></title>\n\t\t<link>https://centre.example/2019/03/14/guide-mobiliser-habitants/</link>",
            "<title><![CDATA[Guide : mobiliser les habitants (édition augmentée)]]></title>\n\t\t<link>https://centre.example/2019/03/14/guide-mobiliser-habitants/</link>",
        )
        .replace(
            "<wp:post_id>102</wp:post_id>\n\t\t<wp:post_date><![CDATA[2020-06-02 08:00:00]]></wp:post_date>\n\t\t<wp:post_date_gmt><![CDATA[0000-00-00 00:00:00]]></wp:post_date_gmt>\n\t\t<wp:post_name><![CDATA[]]></wp:post_name>\n\t\t<wp:status><![CDATA[draft]]></wp:status>",
            "<wp:post_id>102</wp:post_id>\n\t\t<wp:post_date><![CDATA[2020-06-02 08:00:00]]></wp:post_date>\n\t\t<wp:post_date_gmt><![CDATA[2020-06-02 06:00:00]]></wp:post_date_gmt>\n\t\t<wp:post_name><![CDATA[egalite-contrats-de-ville]]></wp:post_name>\n\t\t<wp:status><![CDATA[publish]]></wp:status>",
        );
    assert_ne!(newer.matches("augmentée").count(), 0, "the fixture changed");
    assert!(
        newer.contains("egalite-contrats-de-ville"),
        "the fixture changed"
    );
    let report = centre.imported(&centre.export_file("newer.xml", &newer), &[]);
    assert!(
        report.contains("Publications : 0 créé(s), 2 mis à jour, 3 inchangé(s)"),
        "{report}"
    );
    assert_eq!(
        centre.footprint()[0],
        publications_before,
        "nothing duplicated"
    );

    // Once the running server has followed the change: the same address, the new title;
    // the draft now published, under the slug it had.
    centre.searched_within_two_seconds("augmentee", 1).await;
    let guide: Publication = centre
        .get("/api/v1/publications/guide-mobiliser-habitants")
        .await;
    assert_eq!(
        guide.summary.title,
        "Guide : mobiliser les habitants (édition augmentée)"
    );
    assert_eq!(
        centre.status_of("l-egalite-femmes-hommes-dans-les-contrats-de-ville"),
        "published"
    );

    // The change is in the audit log as an import, with the fields it changed.
    let mut conn = centre.db.connection().expect("connection");
    let changes: Vec<String> = audit_log::table
        .filter(audit_log::action.eq("import"))
        .filter(audit_log::entity_id.eq(guide.summary.id.hyphenated().to_string()))
        .select(audit_log::changes)
        .load(&mut **conn)
        .expect("audit");
    assert_eq!(changes.len(), 2, "created, then updated: {changes:?}");
    assert!(changes[1].contains("augmentée"), "{changes:?}");
}

async fn a_dry_run_tells_what_would_happen_and_writes_nothing(centre: Centre) {
    let before = centre.footprint();
    let file = centre.export_file("export.xml", EXPORT);
    let report = centre.imported(&file, &["--dry-run"]);
    assert!(
        report.starts_with("Simulation : rien n'a été écrit."),
        "{report}"
    );
    assert!(report.contains("Publications : 5 créé(s)"), "{report}");
    assert_eq!(centre.footprint(), before);
    // And the real import afterwards does what the dry run said.
    let real = centre.imported(&file, &[]);
    assert_eq!(
        report.lines().skip(1).collect::<Vec<_>>(),
        real.lines().collect::<Vec<_>>()
    );
}

async fn a_damaged_export_is_refused_with_its_line_and_column_and_writes_nothing(centre: Centre) {
    let before = centre.footprint();
    let doubled = EXPORT.replacen(
        "<excerpt:encoded><![CDATA[Les méthodes",
        "<excerpt:encoded><![CDATA[<![CDATA[Les méthodes",
        1,
    );
    let line = doubled
        .lines()
        .position(|l| l.contains("<![CDATA[<![CDATA["))
        .expect("damage")
        + 1;
    let output = centre.import(&centre.export_file("doubled.xml", &doubled), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains(&format!("ligne {line}, colonne ")),
        "{stderr}"
    );
    assert!(
        stderr.contains("deux fois") && stderr.contains("rien n'a été écrit"),
        "{stderr}"
    );

    let truncated = &EXPORT[..EXPORT.find("<wp:post_id>502</wp:post_id>").expect("event")];
    let output = centre.import(&centre.export_file("truncated.xml", truncated), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("tronqué"), "{stderr}");

    let entity = EXPORT.replacen(
        "<title>Centre de ressources",
        "<title>Centre&nbsp;de ressources",
        1,
    );
    let output = centre.import(&centre.export_file("entity.xml", &entity), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("ligne 14, colonne 15") && stderr.contains("&nbsp;"),
        "{stderr}"
    );
    assert_eq!(centre.footprint(), before);
}

async fn uploaded_files_found_locally_become_documents_and_the_others_stay_links(centre: Centre) {
    let uploads = centre.data.path().join("uploads");
    std::fs::create_dir_all(uploads.join("2019/03")).expect("uploads folder");
    std::fs::write(uploads.join("2019/03/guide-mobilisation.pdf"), PDF).expect("pdf");
    let file = centre.export_file("export.xml", EXPORT);
    let report = centre.imported(&file, &["--uploads", uploads.to_str().expect("path")]);
    assert!(
        report.contains("Fichiers : 1 enregistré(s) comme documents, 1 laissé(s) en lien"),
        "{report}"
    );

    let guide: Publication = centre
        .get("/api/v1/publications/guide-mobiliser-habitants")
        .await;
    assert_eq!(guide.attachments.len(), 1, "{:?}", guide.attachments);
    let document = &guide.attachments[0];
    assert_eq!(document.media_type, "application/pdf");
    assert!(
        guide.body.contains(&format!("]({})", document.url)),
        "{}",
        guide.body
    );
    assert!(
        !guide.body.contains("guide-mobilisation.pdf)"),
        "{}",
        guide.body
    );
    assert!(guide
        .body
        .contains("https://centre.example/wp-content/uploads/2019/03/atelier-nimes.jpg"));
    let bytes = centre
        .client
        .get(centre.server.url(&document.url))
        .send()
        .await
        .expect("download")
        .bytes()
        .await
        .expect("bytes");
    assert_eq!(&bytes[..], PDF);

    let again = centre.imported(&file, &["--uploads", uploads.to_str().expect("path")]);
    assert!(again.contains("Fichiers : 0 enregistré(s)"), "{again}");
    assert_eq!(centre.footprint()[5], 1, "the document is not stored twice");
}
