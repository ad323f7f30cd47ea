//! Probes, and serving the built client with its client-side routes.

use passerelle_tests::{
    assert_contains, client_folder, drop_postgres_database, fresh_database_and_url, header,
    on_both_backends, spawn_app_on, spawn_app_serving, Backend, TestApp,
};

async fn health_and_readiness_probes_answer(app: TestApp) {
    assert_eq!(app.get("/healthz").await.status(), 200);
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 200);
    let body: serde_json::Value = ready.json().await.expect("json");
    assert_eq!(body["status"], "ready");
}

async fn head_requests_answer_like_get_without_a_body(app: TestApp) {
    for path in [
        "/api/v1/publications",
        "/api/v1/search?q=egalite",
        "/api/v1/themes",
        "/healthz",
    ] {
        let response = app
            .client
            .head(app.url(path))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 200, "HEAD {path}");
        assert_eq!(
            header(&response, "content-type"),
            "application/json",
            "HEAD {path}"
        );
        assert!(response.bytes().await.unwrap_or_default().is_empty());
    }
    let missing = app
        .client
        .head(app.url("/api/v1/publications/inconnue"))
        .send()
        .await;
    assert_eq!(missing.map(|r| r.status().as_u16()).ok(), Some(404));
}

on_both_backends!(
    health_and_readiness_probes_answer,
    head_requests_answer_like_get_without_a_body,
);

#[tokio::test]
async fn client_routes_are_written_into_index_html_but_api_paths_are_not() {
    let dir = client_folder(
        "<!doctype html><html><head><title>client</title></head><body></body></html>",
    );
    std::fs::write(dir.path().join("app.css"), "body{}").expect("write asset");
    let app = spawn_app_serving(Backend::Sqlite, dir.path().to_path_buf())
        .await
        .expect("SQLite is always available");
    for path in ["/", "/publications", "/evenements?when=past"] {
        let response = app.get_with_status(path, 200).await;
        let html = response.text().await.unwrap_or_default();
        assert!(
            html.starts_with("<!doctype html><html><head><title>"),
            "{html}"
        );
        assert!(
            html.contains("<body><div class=\"racine\" id=\"serveur\">"),
            "{html}"
        );
    }
    assert_eq!(
        app.get("/app.css").await.text().await.unwrap_or_default(),
        "body{}"
    );
    app.problem("/api/v1/inconnu", 404).await;
}

#[tokio::test]
async fn detail_pages_carry_their_share_preview_in_the_head() {
    let dir = client_folder(
        "<!doctype html><html lang=\"fr\"><head>\
         <meta name=\"description\" content=\"Description générique.\">\
         <title>Passerelle</title></head><body></body></html>",
    );
    let app = spawn_app_serving(Backend::Sqlite, dir.path().to_path_buf())
        .await
        .expect("SQLite is always available");
    for (page, api, schema_type) in [
        ("/evenements/", "/api/v1/events?limit=1", "Event"),
        (
            "/publications/",
            "/api/v1/publications?kind=guide&limit=1",
            "CreativeWork",
        ),
        ("/reseau/", "/api/v1/members?limit=1", "Organization"),
    ] {
        let list: serde_json::Value = app.json(api).await;
        let item = &list["items"][0];
        let slug = item["slug"].as_str().expect("slug");
        let title = item["title"]
            .as_str()
            .or(item["name"].as_str())
            .expect("title");
        let response = app.get(&format!("{page}{slug}")).await;
        assert_eq!(response.status(), 200);
        let html = response.text().await.unwrap_or_default();
        let escaped = title.replace('&', "&amp;").replace('"', "&quot;");
        assert!(
            html.contains(&format!("<title>{escaped} — Passerelle</title>")),
            "{html}"
        );
        // The head's attributes escape the apostrophe too.
        let in_attribute = escaped.replace('\'', "&#39;");
        assert!(html.contains(&format!(
            "<meta property=\"og:title\" data-apercu content=\"{in_attribute}\">"
        )));
        assert!(!html.contains("Description générique."), "{html}");
        let canonical = format!("{page}{slug}\">");
        assert!(html.contains("<link rel=\"canonical\" data-apercu href=\"http://127.0.0.1:"));
        assert!(html.contains(&canonical), "{html}");
        let marker = "<script type=\"application/ld+json\" data-apercu>";
        let start = html.find(marker).expect("JSON-LD");
        let json = &html[start + marker.len()..];
        let json = &json[..json.find("</script>").expect("fin du script")];
        let data: serde_json::Value = serde_json::from_str(json).expect("JSON-LD lisible");
        assert_eq!(data["@type"], schema_type);
        assert_eq!(data["@context"], "https://schema.org");
    }
    let missing = app.get("/evenements/n-existe-pas").await;
    assert_eq!(missing.status(), 404);
    assert_contains(
        &missing.text().await.unwrap_or_default(),
        "<title>Page introuvable — Passerelle</title>",
    );
}

/// A public bundle's page that says which it is.
const PUBLIC_INDEX: &str =
    "<html><head><title>public</title></head><body data-bundle=\"public\"></body></html>";

#[tokio::test]
async fn the_editors_bundle_answers_its_own_routes_and_no_public_one() {
    let dir = client_folder(PUBLIC_INDEX);
    let staff = dir.path().join("redaction");
    std::fs::create_dir(&staff).expect("staff dir");
    std::fs::write(staff.join("index.html"), "<title>rédaction</title>").expect("write");
    std::fs::write(staff.join("redaction.js"), "// staff").expect("write");
    let app = spawn_app_serving(Backend::Sqlite, dir.path().to_path_buf())
        .await
        .expect("SQLite is always available");
    let body = |path: &'static str| {
        let app = &app;
        async move {
            let response = app.get_with_status(path, 200).await;
            response.text().await.unwrap_or_default()
        }
    };
    for path in [
        "/connexion",
        "/redaction",
        "/redaction/",
        "/redaction/jetons",
        "/redaction/publications/nouveau",
    ] {
        assert!(body(path).await.contains("rédaction"), "{path}");
    }
    assert_eq!(body("/redaction/redaction.js").await, "// staff");
    for path in ["/", "/reseau"] {
        assert!(
            body(path).await.contains("data-bundle=\"public\""),
            "{path}"
        );
    }
    // Addresses that are no page: the public bundle's « page introuvable », with a 404.
    for path in ["/redactions", "/publications/redaction"] {
        let missing = app.get(path).await;
        assert_eq!(missing.status(), 404);
        assert_contains(
            &missing.text().await.unwrap_or_default(),
            "data-bundle=\"public\"",
        );
    }
}

#[tokio::test]
async fn without_the_editors_bundle_its_routes_say_the_client_is_not_built() {
    let dir = client_folder(PUBLIC_INDEX);
    let app = spawn_app_serving(Backend::Sqlite, dir.path().to_path_buf())
        .await
        .expect("SQLite is always available");
    for path in ["/connexion", "/redaction", "/redaction/jetons"] {
        let text = app.get(path).await.text().await.unwrap_or_default();
        assert!(text.contains("n'est pas construit"), "{path}: {text}");
    }
    assert!(app
        .get("/reseau")
        .await
        .text()
        .await
        .unwrap_or_default()
        .contains("data-bundle=\"public\""));
}

#[tokio::test]
async fn readiness_turns_503_when_the_database_goes_away() {
    let Some((db, url)) = fresh_database_and_url(Backend::Postgresql) else {
        return;
    };
    let app = spawn_app_on(db);
    assert_eq!(app.get("/readyz").await.status(), 200);
    drop_postgres_database(&url);
    app.problem("/readyz", 503).await;
    // Liveness does not depend on the database.
    assert_eq!(app.get("/healthz").await.status(), 200);
    let problem = app.problem("/api/v1/publications/un-slug", 503).await;
    assert!(problem.detail.contains("base de données"));
    // Lists and search keep answering from the index built at start.
    assert_eq!(app.get("/api/v1/publications").await.status(), 200);
}

#[tokio::test]
async fn responses_carry_security_headers_and_a_request_id() {
    let dir = client_folder(
        "<!doctype html><html lang=\"fr\"><head><title>Passerelle</title>\
         <script type=\"module\">import init from '/app.js'; await init();</script>\
         </head><body></body></html>",
    );
    let app = spawn_app_serving(Backend::Sqlite, dir.path().to_path_buf())
        .await
        .expect("SQLite is always available");
    let header = passerelle_tests::header;
    let page = app.get("/publications").await;
    let policy = header(&page, "content-security-policy");
    assert!(
        policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
        "{policy}"
    );
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    assert_eq!(header(&page, "x-frame-options"), "DENY");

    let api = app.get("/api/v1/themes").await;
    assert_eq!(header(&api, "x-content-type-options"), "nosniff");
    assert_eq!(
        header(&api, "referrer-policy"),
        "strict-origin-when-cross-origin"
    );
    assert_eq!(header(&api, "server"), "", "no version banner");
    let first = header(&api, "x-request-id");
    let second = header(&app.get("/api/v1/themes").await, "x-request-id");
    assert!(!first.is_empty() && first != second, "{first} / {second}");

    let widget = app.get("/widgets/publications").await;
    assert!(header(&widget, "content-security-policy").contains("frame-ancestors *"));
    assert_eq!(header(&widget, "x-frame-options"), "");
}

#[tokio::test]
async fn metrics_count_requests_per_route_and_report_the_pool_and_the_index() {
    let app = passerelle_tests::spawn_app(Backend::Sqlite)
        .await
        .expect("SQLite is always available");
    app.get("/api/v1/publications?theme=sante").await;
    app.get("/api/v1/publications/une-publication-qui-n-existe-pas")
        .await;
    app.get("/une/adresse/inconnue").await;
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap_or_default();
    let line = |prefix: &str| {
        text.lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("{prefix} absent :\n{text}"))
            .to_owned()
    };
    // One series per route pattern, not per address.
    assert!(
        line("passerelle_http_requests_total{endpoint=\"/api/v1/publications\"")
            .contains("status=\"200\"")
    );
    assert!(
        line("passerelle_http_requests_total{endpoint=\"/api/v1/publications/{key}\"")
            .contains("status=\"404\"")
    );
    assert!(!text.contains("une-publication-qui-n-existe-pas"));
    assert!(!text.contains("/une/adresse/inconnue"));
    line("passerelle_http_requests_duration_seconds_bucket");
    line("passerelle_db_pool_connections ");
    let published: u64 = app
        .json::<serde_json::Value>("/api/v1/publications?limit=1")
        .await["total"]
        .as_u64()
        .unwrap_or_default();
    assert_eq!(
        line("passerelle_index_items{type=\"publication\"}"),
        format!("passerelle_index_items{{type=\"publication\"}} {published}")
    );
    assert_eq!(
        line("passerelle_index_lag_changes "),
        "passerelle_index_lag_changes 0"
    );
}

/// A client that sends its request head a byte at a time (slowloris) is cut off: it cannot
/// hold a worker.
#[tokio::test]
async fn a_slow_client_is_cut_off() {
    use std::io::{Read, Write};
    let app = passerelle_tests::spawn_app(Backend::Sqlite)
        .await
        .expect("SQLite is always available");
    let address = app
        .url("/")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let started = std::time::Instant::now();
    let outcome = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(address).expect("connect");
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(15)))
            .expect("timeout");
        // The request line, then nothing more.
        stream
            .write_all(b"GET /api/v1/themes HTTP/1.1\r\nHost: passerelle\r\n")
            .expect("write");
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer).into_owned()
    })
    .await
    .expect("slow client");
    let waited = started.elapsed();
    assert!(
        waited < std::time::Duration::from_secs(10),
        "connexion gardée {waited:?}"
    );
    assert!(
        outcome.is_empty() || outcome.starts_with("HTTP/1.1 408"),
        "{outcome}"
    );
}

/// Sends `head` on a connection of its own and reads the answer until the server closes
/// it (or 15 s pass): what a client that actix-web refuses before any routing receives.
async fn raw_exchange(app: &TestApp, head: String) -> String {
    use std::io::{Read, Write};
    let address = app
        .url("/")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(address).expect("connect");
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(15)))
            .expect("timeout");
        // The server may answer and close before it has read everything: a failed write
        // is not the test's concern, the answer is.
        let _ = stream.write_all(head.as_bytes());
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer).into_owned()
    })
    .await
    .expect("raw exchange")
}

/// The address and header limits published in the OpenAPI document hold: just within
/// them a request is served, just beyond it is a 414 or 431 problem that gives the limit;
/// a head too large or with too many headers for actix-web to read at all is a 431 and a
/// closed connection; the server goes on serving.
#[tokio::test]
async fn oversized_addresses_and_headers_are_refused_with_their_limit() {
    let app = passerelle_tests::spawn_app(Backend::Sqlite)
        .await
        .expect("SQLite is always available");
    let content_type =
        |response: &reqwest::Response| passerelle_tests::header(response, "content-type");

    let prefix = "/api/v1/publications?x=";
    let address = |bytes: usize| format!("{prefix}{}", "a".repeat(bytes - prefix.len()));
    // Within the limit, the request reaches the API, which names its unknown parameter.
    let within = app.problem(&address(8192), 400).await;
    assert_eq!(within.parameter.as_deref(), Some("x"));
    let problem = app.problem(&address(8193), 414).await;
    assert!(problem.detail.contains("8193") && problem.detail.contains("8192"));
    assert_eq!(problem.kind, "/api/problems/uri-too-long");
    // The client's pages too: the limit is the server's, not the API's.
    app.problem(&format!("/recherche?q={}", "a".repeat(9000)), 414)
        .await;

    let with_header = |bytes: usize| {
        app.request(reqwest::Method::GET, "/api/v1/themes")
            .header("x-remplissage", "a".repeat(bytes))
            .send()
    };
    let within = with_header(15_000).await.expect("request");
    assert_eq!(within.status(), 200);
    let refused = with_header(17_000).await.expect("request");
    assert_eq!(refused.status(), 431);
    assert_eq!(content_type(&refused), "application/problem+json");
    assert_eq!(refused.headers()["x-content-type-options"], "nosniff");
    let problem: serde_json::Value = refused.json().await.expect("problem");
    assert_eq!(problem["type"], "/api/problems/headers-too-large");
    assert!(problem["detail"]
        .as_str()
        .is_some_and(|d| d.contains("16384")));

    // Beyond what actix-web reads at all: answered 431 before any routing, then closed.
    let huge = format!(
        "GET /api/v1/themes HTTP/1.1\r\nHost: passerelle\r\nX-Remplissage: {}\r\n\r\n",
        "a".repeat(200 * 1024)
    );
    let answer = raw_exchange(&app, huge).await;
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 431"),
        "{answer}"
    );
    let many: String = (0..100)
        .map(|i| format!("X-En-Tete-{i}: {i}\r\n"))
        .collect();
    let answer = raw_exchange(
        &app,
        format!("GET /api/v1/themes HTTP/1.1\r\nHost: passerelle\r\n{many}\r\n"),
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");

    assert_eq!(app.get("/api/v1/themes").await.status(), 200);
}
