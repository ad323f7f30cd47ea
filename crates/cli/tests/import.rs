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
use passerelle_tests::{assert_contains, fresh_database_and_url, Backend, ServerProcess};
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

    /// Runs `passerelle import SOURCE FILE EXTRA…` on the centre's database.
    fn import(&self, source: &str, file: &Path, extra: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .args(["import", source])
            .arg(file)
            .args(extra)
            .env("DATABASE_URL", &self.url)
            .env("PASSERELLE_DATA_DIR", self.data.path())
            .env("NO_COLOR", "1")
            .output()
            .expect("passerelle runs")
    }

    /// Imports and expects success; the report printed.
    fn imported(&self, source: &str, file: &Path, extra: &[&str]) -> String {
        let output = self.import(source, file, extra);
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

    /// GETs `path` until the running server has followed the change (2 s at most).
    async fn get_eventually<T: serde::de::DeserializeOwned>(&self, path: &str) -> T {
        let since = Instant::now();
        while self.status(path).await != 200 {
            assert!(
                since.elapsed() < Duration::from_secs(2),
                "{path} not found 2 s after the import"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.get(path).await
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

    fn members(&self) -> i64 {
        let mut conn = self.db.connection().expect("connection");
        passerelle_store::schema::members::table
            .count()
            .get_result(&mut **conn)
            .expect("count")
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
    a_slug_already_taken_is_numbered_and_the_other_item_kept,
    a_spreadsheet_of_members_becomes_published_members_without_duplicates,
    a_spreadsheet_with_faults_names_each_line_and_column_and_writes_nothing,
);

async fn an_export_becomes_publications_events_members_and_themes_that_a_running_server_finds(
    centre: Centre,
) {
    centre.searched_within_two_seconds("mobiliser", 0).await;
    let file = centre.export_file("export.xml", EXPORT);
    let output = centre.import("wordpress", &file, &[]);
    // A long import says how far it has gone; this one, when it is done.
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(log.contains("import : 10 élément(s) sur 10"), "{log}");
    let report = String::from_utf8_lossy(&output.stdout).into_owned();
    for line in [
        "Publications : 5 créé(s), 0 mis à jour, 0 inchangé(s)",
        "Événements : 3 créé(s)",
        // « Villes et Territoires Occitanie » is already a member: matched, not made twice.
        "Membres du réseau (organisateurs) : 1 créé(s), 0 mis à jour, 0 inchangé(s), 1 rattaché(s)",
        "Thèmes créés : 2",
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
    // Tags are kept as keywords, shown and searched.
    assert_eq!(guide.keywords, ["Emploi"]);
    let found: SearchResults = centre.get("/api/v1/search?q=emploi&limit=100").await;
    assert!(
        found
            .items
            .iter()
            .any(|hit| hit.slug == "guide-mobiliser-habitants"),
        "the guide is found by its keyword"
    );
    assert_contains(&guide.body, "## Télécharger");
    assert_contains(
        &guide.body,
        "![Atelier à Nîmes](https://centre.example/wp-content/uploads/2019/03/atelier-nimes.jpg)",
    );
    assert!(
        guide
            .body
            .contains("Atelier des habitants à Nîmes, mars 2019"),
        "{}",
        guide.body
    );
    assert_contains(&guide.body_html, "<h2>Télécharger</h2>");

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
    centre.imported("wordpress", &file, &[]);
    let before = centre.footprint();
    let report = centre.imported("wordpress", &file, &[]);
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
    centre.imported("wordpress", &file, &[]);
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
    let report = centre.imported("wordpress", &centre.export_file("newer.xml", &newer), &[]);
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
    let report = centre.imported("wordpress", &file, &["--dry-run"]);
    assert!(
        report.starts_with("Simulation : rien n'a été écrit."),
        "{report}"
    );
    assert!(report.contains("Publications : 5 créé(s)"), "{report}");
    assert_eq!(centre.footprint(), before);
    // And the real import afterwards does what the dry run said.
    let real = centre.imported("wordpress", &file, &[]);
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
    let output = centre.import(
        "wordpress",
        &centre.export_file("doubled.xml", &doubled),
        &[],
    );
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
    let output = centre.import(
        "wordpress",
        &centre.export_file("truncated.xml", truncated),
        &[],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("tronqué"), "{stderr}");

    let entity = EXPORT.replacen(
        "<title>Centre de ressources",
        "<title>Centre&nbsp;de ressources",
        1,
    );
    let output = centre.import("wordpress", &centre.export_file("entity.xml", &entity), &[]);
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
    // A photo larger than documents may be (1 Mo here): it stays a link to the old site.
    let mut photo = vec![0xFF, 0xD8, 0xFF, 0xE0];
    photo.resize(1_500_000, 0);
    std::fs::write(uploads.join("2019/03/atelier-nimes.jpg"), photo).expect("jpg");
    let file = centre.export_file("export.xml", EXPORT);
    // Imported first without the copy of the uploads, then with it: the documents come.
    centre.imported("wordpress", &file, &[]);
    let report = centre.imported(
        "wordpress",
        &file,
        &[
            "--uploads",
            uploads.to_str().expect("path"),
            "--max-upload-mb",
            "1",
        ],
    );
    assert!(
        report.contains("atelier-nimes.jpg dépasse la taille permise (1 Mo) : gardé en lien."),
        "{report}"
    );
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

    let again = centre.imported(
        "wordpress",
        &file,
        &["--uploads", uploads.to_str().expect("path")],
    );
    assert!(again.contains("Rien à changer"), "{again}");
    assert_eq!(centre.footprint()[5], 1, "the document is not stored twice");
}

/// The network directory as a centre keeps it: a French header row, `;` between columns,
/// a column Passerelle does not know, a structure it already has (from the seed).
const MEMBERS: &str = "\u{feff}Nom de la structure;Type;Commune;Département;Site internet;Contact public;Thèmes;Code QPV;Référent interne
Conseil citoyen de Pissevin;Conseil citoyen;Nîmes;30;www.pissevin.example;conseil@pissevin.example;Conseils citoyens, Participation des habitants;QN03004M;Anne
Association Quartiers Solidaires;Associations;34172;;https://quartiers-solidaires.example;04 67 00 00 00;;;Paul
Villes et Territoires Occitanie;Centre de ressources;Toulouse;31;https://www.villesetterritoires.fr;;Mise en réseau;;
Collectif du Mas de Mingue;collectif;Mas de Mingue;30;;;;;
";

async fn a_spreadsheet_of_members_becomes_published_members_without_duplicates(centre: Centre) {
    let members_before = centre.members();
    let file = centre.export_file("annuaire.csv", MEMBERS);
    let report = centre.imported("members", &file, &[]);
    for line in [
        "Import du fichier annuaire.csv",
        // The seed's « Villes et Territoires Occitanie » is updated, not made twice.
        "Membres du réseau : 3 créé(s), 1 mis à jour, 0 inchangé(s)",
        "Colonne « Référent interne » inconnue",
        "commune « Mas de Mingue » inconnue de Passerelle ; la structure est rattachée à son département",
    ] {
        assert!(report.contains(line), "« {line} » missing from the report:\n{report}");
    }
    centre.searched_within_two_seconds("pissevin", 1).await;
    let council: passerelle_types::Member = centre
        .get("/api/v1/members/conseil-citoyen-de-pissevin")
        .await;
    assert_eq!(
        council.summary.kind,
        passerelle_types::MemberKind::ConseilCitoyen
    );
    assert_eq!(
        council.website.as_deref(),
        Some("https://www.pissevin.example")
    );
    assert_eq!(
        council.contact.as_ref().and_then(|c| c.email.as_deref()),
        Some("conseil@pissevin.example")
    );
    assert_eq!(council.summary.qpv_code.as_deref(), Some("QN03004M"));
    let themes: Vec<&str> = council
        .summary
        .themes
        .iter()
        .map(|t| t.slug.as_str())
        .collect();
    assert_eq!(themes, ["conseils-citoyens", "participation-des-habitants"]);
    assert_eq!(
        council
            .summary
            .territories
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>(),
        ["Nîmes"]
    );
    let association: passerelle_types::Member = centre
        .get("/api/v1/members/association-quartiers-solidaires")
        .await;
    assert_eq!(association.summary.territories[0].name, "Montpellier");
    assert_eq!(
        association
            .contact
            .as_ref()
            .and_then(|c| c.phone.as_deref()),
        Some("04 67 00 00 00")
    );

    let members_after = centre.members();
    assert_eq!(members_after, members_before + 3);
    let again = centre.imported("members", &file, &[]);
    assert!(
        again.contains("Membres du réseau : 0 créé(s), 0 mis à jour, 4 inchangé(s)"),
        "{again}"
    );

    // The same directory saved by Excel as « CSV (séparateur : virgule) » in Windows-1252.
    let latin: Vec<u8> = "Nom,Type,Commune\nCollectif des Hauts de Nîmes,collectif,30189\n"
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("latin-1"))
        .collect();
    let path = centre.data.path().join("excel.csv");
    std::fs::write(&path, latin).expect("file");
    let report = centre.imported("members", &path, &[]);
    assert!(report.contains("1 créé(s)"), "{report}");
    let _: passerelle_types::Member = centre
        .get_eventually("/api/v1/members/collectif-des-hauts-de-nimes")
        .await;
}

async fn a_spreadsheet_with_faults_names_each_line_and_column_and_writes_nothing(centre: Centre) {
    let before = centre.footprint();
    let faulty = "Nom;Type;Commune;Site;Thèmes;QPV\n\
Bon élève;association;Nîmes;;;\n\
Entreprise Martin;entreprise;Nîmes;;;\n\
Sans site;association;Nîmes;voir notre page;;\n\
Thème rare;association;Nîmes;;Astronomie;\n\
QPV faux;association;Nîmes;;;12345\n\
;association;Nîmes;;;\n";
    let file = centre.export_file("fautes.csv", faulty);
    let output = centre.import("members", &file, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    for fault in [
        "rien n'a été écrit",
        "ligne 3, colonne B (Type) : type « entreprise » inconnu",
        "ligne 4, colonne D (Site) : « voir notre page » n'est pas une adresse web",
        "ligne 5, colonne E (Thèmes) : thème « Astronomie » inconnu",
        "ligne 6, colonne F (QPV) : code de quartier prioritaire attendu",
        "ligne 7, colonne A (Nom) : le nom est obligatoire",
    ] {
        assert!(stderr.contains(fault), "« {fault} » missing:\n{stderr}");
    }
    assert_eq!(centre.footprint(), before);

    let report = centre.imported("members", &file, &["--skip-invalid"]);
    assert!(report.contains("Membres du réseau : 1 créé(s)"), "{report}");
    assert!(report.contains("ligne invalide : 5"), "{report}");
    assert!(
        report.contains("Lignes ignorées, et pourquoi :\n  - ligne 3, colonne B (Type)"),
        "{report}"
    );
}

async fn a_slug_already_taken_is_numbered_and_the_other_item_kept(centre: Centre) {
    let taken = "capitalisation-egalite-femmes-hommes-contrats-de-ville";
    let before = centre.status_of(taken);
    let export = EXPORT.replace(
        "<wp:post_name><![CDATA[note-interne]]></wp:post_name>",
        &format!("<wp:post_name><![CDATA[{taken}]]></wp:post_name>"),
    );
    centre.imported("wordpress", &centre.export_file("export.xml", &export), &[]);
    assert_eq!(
        centre.status_of(taken),
        before,
        "the seed's publication is untouched"
    );
    assert_eq!(centre.status_of(&format!("{taken}-2")), "draft");
}
