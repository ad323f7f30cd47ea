//! HTTP behaviour for partner sites: CORS open for reading, closed for writing; validators
//! and 304; compression.

use std::io::Read;

use passerelle_tests::{
    for_both_backends, header, on_both_backends, required_header, spawn_app_on, spawn_app_with,
    Backend, Expect, TestApp,
};
use passerelle_types::Role;
use reqwest::{Method, StatusCode};

const PARTNER: &str = "https://www.partenaire.example";

async fn any_site_may_read_but_not_write(app: TestApp) {
    let preflight = app
        .request(Method::OPTIONS, "/api/v1/publications?theme=sante")
        .header("Origin", PARTNER)
        .header("Access-Control-Request-Method", "GET")
        .expect_status(200)
        .await;
    assert_eq!(header(&preflight, "access-control-allow-origin"), "*");

    let read = app
        .request(Method::GET, "/api/v1/events")
        .header("Origin", PARTNER)
        .expect_status(200)
        .await;
    assert_eq!(header(&read, "access-control-allow-origin"), "*");
    assert_eq!(header(&read, "access-control-allow-credentials"), "");

    for method in ["PUT", "POST", "DELETE", "PATCH"] {
        let write = app
            .request(Method::OPTIONS, "/api/v1/editorial/publications")
            .header("Origin", PARTNER)
            .header("Access-Control-Request-Method", method)
            .header(
                "Access-Control-Request-Headers",
                "content-type, x-csrf-token",
            )
            .send()
            .await
            .expect("preflight");
        let allowed = header(&write, "access-control-allow-methods");
        assert!(
            !write.status().is_success() || !allowed.contains(method),
            "{method} préautorisé : {} {allowed}",
            write.status()
        );
    }
}

async fn public_reads_carry_a_validator_and_answer_304(app: TestApp) {
    for (path, cache) in [
        (
            "/api/v1/publications?theme=egalite-femmes-hommes",
            "public, max-age=60",
        ),
        (
            "/api/v1/publications/capitalisation-egalite-femmes-hommes-contrats-de-ville",
            "public, max-age=60",
        ),
        ("/api/v1/search?q=conseils+citoyens", "public, max-age=60"),
        ("/api/v1/themes", "public, max-age=3600"),
        (
            "/api/v1/events.ics?territory=departement-34",
            "public, max-age=900",
        ),
        ("/api/v1/publications.atom", "public, max-age=900"),
    ] {
        let first = app.get(path).await;
        assert_eq!(first.status(), StatusCode::OK, "{path}");
        let tag = required_header(&first, "etag");
        assert_eq!(header(&first, "cache-control"), cache);
        let modified = required_header(&first, "last-modified");
        let body = first.text().await.unwrap_or_default();

        let again = app
            .request(Method::GET, path)
            .header("If-None-Match", &tag)
            .send()
            .await
            .expect("revalidation");
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
        assert_eq!(header(&again, "etag"), tag.as_str());
        assert!(again.text().await.unwrap_or_default().is_empty());

        // Same content, same validator; another content, another one.
        let third = app.get(path).await;
        assert_eq!(header(&third, "etag"), tag.as_str());
        assert_eq!(third.text().await.unwrap_or_default(), body);
        app.request(Method::GET, path)
            .header("If-None-Match", "W/\"autre\"")
            .expect_status(200)
            .await;

        // By date: not modified since the date given, modified since an earlier one; the
        // entity tag decides when both are sent.
        let since = |date: &str, tag: Option<&str>| {
            let mut request = app
                .request(Method::GET, path)
                .header("If-Modified-Since", date);
            if let Some(tag) = tag {
                request = request.header("If-None-Match", tag);
            }
            request.send()
        };
        let unchanged = since(&modified, None).await.expect("since");
        assert_eq!(unchanged.status(), StatusCode::NOT_MODIFIED, "{path}");
        assert_eq!(header(&unchanged, "last-modified"), modified.as_str());
        let long_ago = "Mon, 01 Jan 2018 00:00:00 GMT";
        assert_eq!(
            since(long_ago, None).await.expect("since").status(),
            StatusCode::OK
        );
        assert_eq!(
            since(long_ago, Some(&tag)).await.expect("since").status(),
            StatusCode::NOT_MODIFIED
        );
    }
    // Errors and staff views are never cached publicly.
    let missing = app.get("/api/v1/publications/nulle-part").await;
    assert_eq!(header(&missing, "cache-control"), "");
    assert_eq!(header(&missing, "etag"), "");
}

/// Answers leave compressed when asked, from a copy made once. A small one (the seeded
/// list, 10 KB) leaves plain the first time: it fits in TCP's first flight anyway, and
/// most small answers, details, are asked for once.
async fn answers_are_compressed_when_asked(app: TestApp) {
    for (path, small) in [
        ("/api/v1/publications?limit=100", true),
        ("/api/openapi.json", false),
    ] {
        let plain = app.get(path).await.bytes().await.expect("plain body");
        assert_eq!(
            plain.len() < 12 * 1024,
            small,
            "{path}: {} bytes",
            plain.len()
        );
        let mut first = true;
        for encoding in ["gzip", "br"] {
            // Compressed afresh, then from the kept copy.
            for round in ["fresh", "kept"] {
                let expected = if small && first { "" } else { encoding };
                first = false;
                let response = app
                    .request(Method::GET, path)
                    .header("Accept-Encoding", encoding)
                    .expect_status(200)
                    .await;
                assert_eq!(
                    header(&response, "content-encoding"),
                    expected,
                    "{path} ({encoding}, {round})"
                );
                let varies = response
                    .headers()
                    .get_all("vary")
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .any(|v| v.to_ascii_lowercase().contains("accept-encoding"));
                assert!(varies, "{path}: Vary");
                let body = response.bytes().await.expect("body");
                let mut decoded = Vec::new();
                match expected {
                    "" => body.as_ref().read_to_end(&mut decoded),
                    "gzip" => flate2::read::GzDecoder::new(body.as_ref()).read_to_end(&mut decoded),
                    _ => brotli::Decompressor::new(body.as_ref(), 4096).read_to_end(&mut decoded),
                }
                .expect("decodes");
                assert!(
                    decoded == plain,
                    "{path} ({encoding}, {round}) decodes to the plain body"
                );
            }
        }
    }
}

/// A publication withdrawn moves the date forward: a client holding the older content is
/// not told it is still fresh.
async fn a_change_moves_last_modified_forward(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |_| {}).await else {
        return;
    };
    let path = "/api/v1/publications";
    let before = required_header(&app.get(path).await, "last-modified");
    // HTTP dates count whole seconds.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let editor = app.staff(Role::Editor);
    let list: serde_json::Value = app.json(path).await;
    let id = list["items"][0]["id"].as_str().expect("id").to_owned();
    let version = app
        .editorial_version(
            &editor.token,
            &format!("/api/v1/editorial/publications/{id}"),
        )
        .await;
    let response = app
        .request_at_version(
            &editor.token,
            Method::POST,
            &format!("/api/v1/editorial/publications/{id}/unpublish"),
            version,
        )
        .send()
        .await
        .expect("unpublish");
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{}",
        response.text().await.unwrap_or_default()
    );
    let after = app
        .request(Method::GET, path)
        .header("If-Modified-Since", &before)
        .expect_status(200)
        .await;
    assert_ne!(header(&after, "last-modified"), before.as_str());
}

/// A draft is nobody's business but the team's: saving one, never published, moves no
/// public date and keeps what the lists already answered.
async fn a_draft_saved_leaves_no_public_trace(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |_| {}).await else {
        return;
    };
    let path = "/api/v1/publications";
    let first = app.get(path).await;
    let before = required_header(&first, "last-modified");
    let etag = required_header(&first, "etag");
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let editor = app.staff(Role::Editor);
    let created = app
        .request_with(
            &editor.token,
            Method::POST,
            "/api/v1/editorial/publications",
        )
        .json(&serde_json::json!({
            "title": "Brouillon confidentiel",
            "summary": "Pas encore public.",
            "body": "Rien à voir.",
            "kind": "guide",
            "themes": [],
            "territories": [],
            "links": []
        }))
        .send()
        .await
        .expect("draft");
    assert_eq!(created.status(), StatusCode::CREATED);
    app.request(Method::GET, path)
        .header("If-None-Match", &etag)
        .expect_status(304)
        .await;
    assert_eq!(
        header(&app.get(path).await, "last-modified"),
        before.as_str()
    );
    // Nor after a restart, which reads the date from the database.
    let restarted = spawn_app_on(app.db.clone());
    assert_eq!(
        header(&restarted.get(path).await, "last-modified"),
        before.as_str()
    );
}

for_both_backends!(
    a_change_moves_last_modified_forward,
    a_draft_saved_leaves_no_public_trace
);

on_both_backends!(
    any_site_may_read_but_not_write,
    public_reads_carry_a_validator_and_answer_304,
    answers_are_compressed_when_asked,
);
