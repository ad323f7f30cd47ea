//! Test support: the real server on a random port, against a temporary SQLite file or a
//! PostgreSQL database of its own.
//!
//! PostgreSQL is reached through `PASSERELLE_TEST_POSTGRES_URL` (by default the local
//! server's `test` database). When `PASSERELLE_REQUIRE_POSTGRES=1` (as in CI), an
//! unreachable PostgreSQL fails the tests; otherwise they are skipped with a loud warning.

use std::future::Future;
use std::path::PathBuf;
use std::sync::OnceLock;

use diesel::{Connection, PgConnection, RunQueryDsl};
use passerelle_http::{Application, RateLimitSettings, Settings};
use passerelle_store::{Database, DatabaseUrl, DbConnection};
use passerelle_types::Problem;
use serde::de::DeserializeOwned;

pub use passerelle_store::Backend;

pub mod direct;
mod faults;
mod process;
mod proxy;
mod smtp;

pub use faults::{PostgresServer, SmallDisk, FAULT_ANSWER_WITHIN};
pub use process::{kept_index_dir, ServerProcess};
pub use proxy::{NginxProxy, PROXY_ADDRESS};
pub use smtp::SmtpServer;

const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";
const TEST_DATABASE_PREFIX: &str = "passerelle_test_";

/// A running server and a client for it.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: Database,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path} failed: {e}"))
    }

    /// The slugs of the items a list answers at `path`, in their order.
    pub async fn slugs(&self, path: &str) -> Vec<String> {
        let list: serde_json::Value = self.json(path).await;
        strings(&list["items"], "slug")
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    /// GETs `path` and expects `status`; the answer, for its headers or body.
    pub async fn get_with_status(&self, path: &str, status: u16) -> reqwest::Response {
        let response = self.get(path).await;
        assert_eq!(response.status().as_u16(), status, "GET {path}");
        response
    }

    /// GETs `path`, expects a 200 with JSON and decodes it.
    pub async fn json<T: DeserializeOwned>(&self, path: &str) -> T {
        let response = self.get(path).await;
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        assert_eq!(status, 200, "GET {path}: {body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {path}: {e}\n{body}"))
    }

    /// The version of an item as the editors' API reads it (`/api/v1/editorial/{kind}/{id}`),
    /// to send back in `If-Match`.
    pub async fn editorial_version(&self, token: &str, item: &str) -> i64 {
        let current: serde_json::Value = self
            .client
            .get(self.url(item))
            .bearer_auth(token)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {item} failed: {e}"))
            .json()
            .await
            .unwrap_or_else(|e| panic!("GET {item}: {e}"));
        current["version"]
            .as_i64()
            .unwrap_or_else(|| panic!("GET {item}: no version"))
    }

    /// A write with an API token that names the version it read (`If-Match`), as the
    /// editors' API requires of a write that could overwrite a change.
    pub fn request_at_version(
        &self,
        token: &str,
        method: reqwest::Method,
        path: &str,
        version: impl std::fmt::Display,
    ) -> reqwest::RequestBuilder {
        self.request_with(token, method, path)
            .header("If-Match", format!("\"{version}\""))
    }

    /// Creates an event through the editors' API and publishes it.
    pub async fn publish_event(
        &self,
        token: &str,
        body: serde_json::Value,
    ) -> passerelle_types::EditorialEvent {
        let created: passerelle_types::EditorialEvent = self
            .request_with(token, reqwest::Method::POST, "/api/v1/editorial/events")
            .json(&body)
            .expect_json(201)
            .await;
        let publish = format!("/api/v1/editorial/events/{}/publish", created.id);
        self.request_with(token, reqwest::Method::POST, &publish)
            .expect_json(200)
            .await
    }

    /// GETs `path`, expects `status` with an `application/problem+json` body, and decodes it.
    pub async fn problem(&self, path: &str, status: u16) -> Problem {
        let problem = expect_problem(self.get(path).await, status).await;
        assert_eq!(problem.status, status, "GET {path}");
        assert!(!problem.detail.is_empty(), "GET {path}");
        problem
    }
}

/// Asserts that `text` holds `part`, showing the whole text when it does not.
#[track_caller]
pub fn assert_contains(text: &str, part: &str) {
    assert!(text.contains(part), "« {part} » is missing from:\n{text}");
}

/// A response header as text; empty when absent.
pub fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// A response header that must be there (a validator, a date), as text.
pub fn required_header(response: &reqwest::Response, name: &str) -> String {
    let value = header(response, name);
    assert!(
        !value.is_empty(),
        "{} : pas d'en-tête {name}",
        response.url()
    );
    value
}

/// Expects `status` with an `application/problem+json` body, and decodes it.
pub async fn expect_problem(response: reqwest::Response, status: u16) -> Problem {
    let got = response.status();
    let content_type = header(&response, "content-type");
    let body = response.text().await.unwrap_or_default();
    assert_eq!(got.as_u16(), status, "{body}");
    assert_eq!(content_type, "application/problem+json", "{body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

/// What a test expects of the answer to a request it builds: each method sends the request
/// and fails the test, showing the body, when the status is not the one expected.
pub trait Expect {
    /// Sends; the answer, whatever its status.
    fn answer(self) -> impl Future<Output = reqwest::Response>;
    /// Sends, expects `status` with an `application/problem+json` body, and decodes it.
    fn expect_problem(self, status: u16) -> impl Future<Output = Problem>;
    /// Sends, expects `status` with a JSON body, and decodes it.
    fn expect_json<T: DeserializeOwned>(self, status: u16) -> impl Future<Output = T>;
    /// Sends, expects `status`, and gives the answer (for its headers or body).
    fn expect_status(self, status: u16) -> impl Future<Output = reqwest::Response>;
}

impl Expect for reqwest::RequestBuilder {
    async fn answer(self) -> reqwest::Response {
        self.send()
            .await
            .unwrap_or_else(|e| panic!("request failed: {e}"))
    }

    async fn expect_problem(self, status: u16) -> Problem {
        expect_problem(self.answer().await, status).await
    }

    async fn expect_json<T: DeserializeOwned>(self, status: u16) -> T {
        expect_json(self.answer().await, status).await
    }

    async fn expect_status(self, status: u16) -> reqwest::Response {
        let response = self.answer().await;
        assert_eq!(response.status().as_u16(), status, "{}", response.url());
        response
    }
}

/// The `field` of each object in the JSON array `list` (an item list's `items`, a
/// JSON-LD `organizer`…), where it is a string.
pub fn strings<'a>(list: &'a serde_json::Value, field: &str) -> Vec<&'a str> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|object| object[field].as_str())
        .collect()
}

/// Expects `status` with a JSON body, and decodes it.
pub async fn expect_json<T: DeserializeOwned>(response: reqwest::Response, status: u16) -> T {
    let got = response.status();
    let body = response.text().await.unwrap_or_default();
    assert_eq!(got.as_u16(), status, "{body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

/// The server against a fresh, seeded database of its own (for tests that write), or
/// `None` when that backend is unreachable and not required.
pub fn fresh_app(backend: Backend) -> Option<TestApp> {
    fresh_database(backend).map(spawn_app_on)
}

/// How many items of each kind the initial content holds (all of them published): read
/// from the seed file, so that a test counting everything follows when the file changes.
pub struct SeedCounts {
    pub publications: u64,
    pub events: u64,
    /// Events with a known date or year (the others are neither upcoming nor past).
    pub dated_events: u64,
    pub members: u64,
}

pub fn seed_counts() -> SeedCounts {
    let content = passerelle_seed::content().expect("the seed file reads");
    let count = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
    SeedCounts {
        publications: count(content.publications.len()),
        events: count(content.events.len()),
        dated_events: count(
            content
                .events
                .iter()
                .filter(|e| e.start_date.is_some() || e.year.is_some())
                .count(),
        ),
        members: count(content.members.len()),
    }
}

/// A staff account made for a test, with a personal API token.
pub struct StaffCredentials {
    pub email: String,
    pub password: String,
    pub token: String,
}

/// A signed-in browser: its cookie and anti-CSRF token go with each request.
pub struct BrowserSession<'a> {
    pub app: &'a TestApp,
    pub cookie: String,
    pub csrf: String,
}

impl<'a> BrowserSession<'a> {
    /// Signs in as `email`.
    pub async fn open(app: &'a TestApp, email: &str, password: &str) -> BrowserSession<'a> {
        let (cookie, csrf) = app.browser_session(email, password).await;
        BrowserSession { app, cookie, csrf }
    }

    /// A request with the session's cookie and anti-CSRF token.
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.app
            .request(method, path)
            .header("Cookie", &self.cookie)
            .header("X-CSRF-Token", &self.csrf)
    }

    /// Sends `body` as JSON.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: serde_json::Value,
    ) -> reqwest::Response {
        self.request(method, path)
            .json(&body)
            .send()
            .await
            .expect("send")
    }
}

/// The `name=value` part of a `Set-Cookie` header, to send back in `Cookie`.
pub fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap_or_default().to_owned()
}

/// The password of every test account.
pub const TEST_PASSWORD: &str = "mot-de-passe-de-test";

impl TestApp {
    /// A request with no credentials.
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client.request(method, self.url(path))
    }

    /// A request with an API token, sent as `Authorization: Bearer`.
    pub fn request_with(
        &self,
        token: &str,
        method: reqwest::Method,
        path: &str,
    ) -> reqwest::RequestBuilder {
        self.request(method, path).bearer_auth(token)
    }

    /// Signs in; the answer and the session cookie as `Set-Cookie` gave it.
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
    ) -> (reqwest::Response, Option<String>) {
        let response = self
            .request(reqwest::Method::POST, "/api/v1/session")
            .json(&serde_json::json!({"email": email, "password": password}))
            .send()
            .await
            .expect("sign-in");
        let cookie = response
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        (response, cookie)
    }

    /// A browser session: its cookie (`name=value`) and its anti-CSRF token.
    pub async fn browser_session(&self, email: &str, password: &str) -> (String, String) {
        let (response, cookie) = self.sign_in(email, password).await;
        assert_eq!(response.status(), reqwest::StatusCode::OK);
        let session: passerelle_types::SessionInfo = response.json().await.expect("session");
        (cookie_pair(&cookie.expect("cookie")), session.csrf_token)
    }

    /// Creates an account of `role` and a token for it, straight in the database.
    pub fn staff(&self, role: passerelle_types::Role) -> StaffCredentials {
        create_staff(&self.db, role)
    }
}

/// An account of `role` and a personal token for it, made in the database as
/// `passerelle user create` and `passerelle token create` would.
pub fn create_staff(db: &Database, role: passerelle_types::Role) -> StaffCredentials {
    let email = format!(
        "{}-{}@exemple.fr",
        role.as_str(),
        uuid::Uuid::new_v4().simple()
    );
    let actor = passerelle_store::Actor::command_line();
    let hash = passerelle_auth::hash_password(TEST_PASSWORD).expect("hash");
    let mut conn = db.connection().expect("connection");
    let account =
        passerelle_store::create_account(&mut conn, &actor, &email, &hash, role).expect("account");
    let token = passerelle_auth::generate_secret(passerelle_auth::SecretKind::ApiToken);
    passerelle_store::create_token(
        &mut conn,
        &actor,
        &account.id.hyphenated().to_string(),
        "tests",
        &passerelle_auth::digest(&token),
        &token[..8],
        chrono::Utc::now() + chrono::Duration::days(1),
    )
    .expect("token");
    StaffCredentials {
        email,
        password: TEST_PASSWORD.to_owned(),
        token,
    }
}

/// The server against the shared, seeded database of `backend` (read-only tests), or `None`
/// when PostgreSQL is unreachable and not required.
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    let db = shared_database(backend)?;
    Some(start(db, None))
}

/// The server against a fresh, seeded database of its own, after `prepare` ran on it: for
/// tests that change data.
pub async fn spawn_app_with(
    backend: Backend,
    prepare: impl FnOnce(&mut DbConnection),
) -> Option<TestApp> {
    let db = fresh_database(backend)?;
    prepare(&mut db.connection().expect("connection"));
    Some(start(db, None))
}

/// The server with a built client in `spa_dir`.
pub async fn spawn_app_serving(backend: Backend, spa_dir: PathBuf) -> Option<TestApp> {
    let db = shared_database(backend)?;
    Some(start(db, Some(spa_dir)))
}

/// The server against a database the test opened itself.
pub fn spawn_app_on(db: Database) -> TestApp {
    start(db, None)
}

/// A built client's folder, as the server serves it: this `index.html`, and what the test
/// adds.
pub fn client_folder(index_html: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("index.html"), index_html).expect("write index.html");
    dir
}

/// The settings tests run with.
pub fn test_settings(spa_dir: Option<PathBuf>) -> Settings {
    Settings {
        bind: "127.0.0.1:0".to_owned(),
        spa_dir,
        workers: Some(1),
        refresh_every: None,
        sign_in_throttle: Default::default(),
        documents_dir: temporary_folder().join(uuid::Uuid::new_v4().simple().to_string()),
        max_upload_bytes: 5 * 1024 * 1024,
        publisher: "Villes et Territoires Occitanie".to_owned(),
        rate_limits: Default::default(),
        read_deadline: std::time::Duration::from_secs(10),
        index_dir: None,
        checkpoint_every: std::time::Duration::from_secs(60),
        trusted_proxies: Default::default(),
        public_url: None,
        metrics_token: None,
        mail: passerelle_mail::MailConfig {
            from_name: "Villes et Territoires Occitanie".to_owned(),
            from_address: "inscriptions@exemple.fr".to_owned(),
            smtp: None,
            folder: temporary_folder().join(uuid::Uuid::new_v4().simple().to_string()),
            retry_after: std::time::Duration::from_millis(300),
            registrations_kept_months: 3,
            cleanup_every: std::time::Duration::from_secs(600),
        },
        mail_every: std::time::Duration::from_millis(100),
    }
}

/// The server on a database of its own, its mail going to `smtp`.
pub fn fresh_app_with_smtp(backend: Backend, smtp: &SmtpServer) -> Option<TestApp> {
    let db = fresh_database(backend)?;
    let mut settings = test_settings(None);
    settings.mail.smtp = Some(smtp.settings());
    Some(spawn_app_on_with(db, settings))
}

/// Rate budgets per minute: reads, writes, sign-in attempts.
pub fn budgets(reads: u32, writes: u32, sign_in: u32) -> RateLimitSettings {
    RateLimitSettings {
        reads,
        writes,
        sign_in,
    }
}

/// The server against a database the test opened itself, with these rate budgets.
pub fn spawn_app_with_budgets(db: Database, rate_limits: RateLimitSettings) -> TestApp {
    let mut settings = test_settings(None);
    settings.rate_limits = rate_limits;
    launch(db, &settings)
}

/// The server against a database the test opened itself, with settings of its own.
pub fn spawn_app_on_with(db: Database, settings: Settings) -> TestApp {
    launch(db, &settings)
}

fn start(db: Database, spa_dir: Option<PathBuf>) -> TestApp {
    launch(db, &test_settings(spa_dir))
}

fn launch(db: Database, settings: &Settings) -> TestApp {
    let app = Application::build(settings, db.clone()).expect("server builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        // The server closes a keep-alive connection after 5 idle seconds: reusing one that
        // old races with that close and fails at random ("error sending request").
        client: reqwest::Client::builder()
            .pool_idle_timeout(std::time::Duration::from_secs(2))
            .build()
            .expect("HTTP client"),
        db,
    }
}

fn shared_database(backend: Backend) -> Option<Database> {
    static SQLITE: OnceLock<Option<Database>> = OnceLock::new();
    static POSTGRES: OnceLock<Option<Database>> = OnceLock::new();
    let cell = match backend {
        Backend::Sqlite => &SQLITE,
        Backend::Postgresql => &POSTGRES,
    };
    cell.get_or_init(|| fresh_database(backend)).clone()
}

/// A new, migrated and seeded database.
pub fn fresh_database(backend: Backend) -> Option<Database> {
    fresh_database_and_url(backend).map(|(db, _)| db)
}

/// A new, migrated and seeded database, and the URL a server process opens it with.
pub fn fresh_database_and_url(backend: Backend) -> Option<(Database, String)> {
    let (url, text) = match backend {
        Backend::Sqlite => {
            let path = temporary_sqlite_file();
            let text = format!("sqlite://{}", path.display());
            (DatabaseUrl::Sqlite(path), text)
        }
        Backend::Postgresql => {
            let text = temporary_postgres_database()?;
            (DatabaseUrl::Postgresql(text.clone()), text)
        }
    };
    let db = Database::open(&url).expect("database opens");
    db.migrate().expect("migrations apply");
    passerelle_seed::load(&mut db.connection().expect("connection")).expect("seed loads");
    Some((db, text))
}

/// An empty, migrated database (no seed).
pub fn empty_database(backend: Backend) -> Option<Database> {
    let url = match backend {
        Backend::Sqlite => DatabaseUrl::Sqlite(temporary_sqlite_file()),
        Backend::Postgresql => DatabaseUrl::Postgresql(temporary_postgres_database()?),
    };
    let db = Database::open(&url).expect("database opens");
    db.migrate().expect("migrations apply");
    Some(db)
}

/// A folder kept for the whole test process: the files are small and the folder is
/// removed with the system's temporary files.
fn temporary_folder() -> PathBuf {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("temporary folder"))
        .path()
        .to_owned()
}

fn temporary_sqlite_file() -> PathBuf {
    temporary_folder().join(format!("{}.sqlite3", uuid::Uuid::new_v4().simple()))
}

fn postgres_admin_url() -> String {
    std::env::var("PASSERELLE_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned())
}

fn postgres_required() -> bool {
    std::env::var("PASSERELLE_REQUIRE_POSTGRES").is_ok_and(|v| v == "1" || v == "true")
}

/// Drops a test database even while the server still holds connections to it.
pub fn drop_postgres_database(url: &str) {
    let name = url
        .split('?')
        .next()
        .and_then(|base| base.rsplit('/').next())
        .unwrap_or_default();
    assert!(
        name.starts_with(TEST_DATABASE_PREFIX),
        "only test databases are dropped"
    );
    let mut admin = PgConnection::establish(&postgres_admin_url()).expect("admin connection");
    diesel::sql_query(format!("DROP DATABASE {name} WITH (FORCE)"))
        .execute(&mut admin)
        .expect("DROP DATABASE");
}

/// Creates a database of its own for a test and returns its URL; `None` (with a warning)
/// when PostgreSQL is unreachable and not required.
pub fn temporary_postgres_database() -> Option<String> {
    let admin_url = postgres_admin_url();
    let mut admin = match PgConnection::establish(&admin_url) {
        Ok(conn) => conn,
        Err(e) if postgres_required() => {
            panic!("PostgreSQL est requis (PASSERELLE_REQUIRE_POSTGRES=1) mais injoignable à {admin_url} : {e}")
        }
        Err(e) => {
            warn_once(&format!(
                "\n!!! PostgreSQL injoignable à {admin_url} ({e}) : tests PostgreSQL IGNORÉS.\n\
                 !!! Démarrez PostgreSQL ou définissez PASSERELLE_TEST_POSTGRES_URL.\n"
            ));
            return None;
        }
    };
    drop_stale_databases(&mut admin);
    let name = format!("{TEST_DATABASE_PREFIX}{}", uuid::Uuid::new_v4().simple());
    diesel::sql_query(format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .expect("CREATE DATABASE");
    Some(replace_database_name(&admin_url, &name))
}

/// Removes databases left by earlier runs; those still in use by a concurrent run refuse
/// to be dropped and are left alone.
fn drop_stale_databases(admin: &mut PgConnection) {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        #[derive(diesel::QueryableByName)]
        struct Name {
            #[diesel(sql_type = diesel::sql_types::Text)]
            datname: String,
        }
        let stale: Vec<Name> = diesel::sql_query(format!(
            "SELECT datname FROM pg_database WHERE datname LIKE '{TEST_DATABASE_PREFIX}%'"
        ))
        .load(admin)
        .unwrap_or_default();
        for Name { datname } in stale {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {datname}")).execute(admin);
        }
    });
}

fn replace_database_name(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_start = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    }
}

fn warn_once(message: &str) {
    static WARNED: OnceLock<()> = OnceLock::new();
    WARNED.get_or_init(|| eprintln!("{message}"));
}

/// Runs `test` against the shared seeded database of `backend`, unless that backend is
/// unreachable and not required.
pub async fn run_on_shared_database<F: Future<Output = ()>>(
    backend: Backend,
    test: impl FnOnce(TestApp) -> F,
) {
    if let Some(app) = spawn_app(backend).await {
        test(app).await;
    }
}

/// Runs `test` against a fresh seeded database of its own on `backend`, unless that backend
/// is unreachable and not required.
pub async fn run_on_fresh_database<F: Future<Output = ()>>(
    backend: Backend,
    test: impl FnOnce(TestApp) -> F,
) {
    if let Some(app) = fresh_app(backend) {
        test(app).await;
    }
}

/// Runs `test` with `backend` itself.
pub async fn run_with_backend<F: Future<Output = ()>>(
    backend: Backend,
    test: impl FnOnce(Backend) -> F,
) {
    test(backend).await;
}

/// Two tests for each listed function, one per backend, in modules `$sqlite` and
/// `$postgres`, each calling `$run(backend, function)`.
#[doc(hidden)]
#[macro_export]
macro_rules! per_backend {
    ($sqlite:ident, $postgres:ident, $run:path; $($name:ident),*) => {
        mod $sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    $run($crate::Backend::Sqlite, super::$name).await;
                }
            )*
        }
        mod $postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    $run($crate::Backend::Postgresql, super::$name).await;
                }
            )*
        }
    };
}

/// Runs each listed `async fn name(app: TestApp)` as two tests, one per backend, each
/// against the shared seeded database.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        $crate::per_backend!(sqlite, postgres, $crate::run_on_shared_database; $($name),*);
    };
}

/// Runs each listed `async fn name(app: TestApp)` as two tests, one per backend, each
/// against a fresh seeded database of its own (for tests that write).
#[macro_export]
macro_rules! on_fresh_databases {
    ($($name:ident),* $(,)?) => {
        $crate::per_backend!(
            sqlite_fresh_database, postgres_fresh_database, $crate::run_on_fresh_database; $($name),*
        );
    };
}

/// Runs each listed `async fn name(backend: Backend)` as two tests, one per backend.
#[macro_export]
macro_rules! for_both_backends {
    ($($name:ident),* $(,)?) => {
        $crate::per_backend!(
            sqlite_own_database, postgres_own_database, $crate::run_with_backend; $($name),*
        );
    };
}

#[cfg(test)]
mod tests {
    use super::replace_database_name;

    #[test]
    fn database_name_is_replaced_in_urls() {
        assert_eq!(
            replace_database_name("postgres://u@h:5432/test", "x"),
            "postgres://u@h:5432/x"
        );
        assert_eq!(
            replace_database_name("postgres://u@h/test?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
        assert_eq!(replace_database_name("postgres://h", "x"), "postgres://h/x");
    }
}
