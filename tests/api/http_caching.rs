//! HTTP behaviour for partner sites: CORS open for reading, closed for writing; validators
//! and 304; compression.

use passerelle_tests::{on_both_backends, TestApp};
use reqwest::{Method, StatusCode};

const PARTNER: &str = "https://www.partenaire.example";

fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

async fn any_site_may_read_but_not_write(app: TestApp) {
    let preflight = app
        .request(Method::OPTIONS, "/api/v1/publications?theme=sante")
        .header("Origin", PARTNER)
        .header("Access-Control-Request-Method", "GET")
        .send()
        .await
        .expect("preflight");
    assert_eq!(preflight.status(), StatusCode::OK);
    assert_eq!(
        header(&preflight, "access-control-allow-origin").as_deref(),
        Some("*")
    );

    let read = app
        .request(Method::GET, "/api/v1/events")
        .header("Origin", PARTNER)
        .send()
        .await
        .expect("read");
    assert_eq!(read.status(), StatusCode::OK);
    assert_eq!(
        header(&read, "access-control-allow-origin").as_deref(),
        Some("*")
    );
    assert_eq!(header(&read, "access-control-allow-credentials"), None);

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
        let allowed = header(&write, "access-control-allow-methods").unwrap_or_default();
        assert!(
            !write.status().is_success() || !allowed.contains(method),
            "{method} préautorisé : {} {allowed}",
            write.status()
        );
    }
}

async fn public_reads_carry_a_validator_and_answer_304(app: TestApp) {
    for path in [
        "/api/v1/publications?theme=egalite-femmes-hommes",
        "/api/v1/publications/capitalisation-egalite-femmes-hommes-contrats-de-ville",
        "/api/v1/search?q=conseils+citoyens",
        "/api/v1/themes",
    ] {
        let first = app.get(path).await;
        assert_eq!(first.status(), StatusCode::OK, "{path}");
        let tag = header(&first, "etag").unwrap_or_else(|| panic!("{path}: pas d'ETag"));
        assert_eq!(
            header(&first, "cache-control").as_deref(),
            Some("public, max-age=60")
        );
        let body = first.text().await.unwrap_or_default();

        let again = app
            .request(Method::GET, path)
            .header("If-None-Match", &tag)
            .send()
            .await
            .expect("revalidation");
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
        assert_eq!(header(&again, "etag").as_deref(), Some(tag.as_str()));
        assert!(again.text().await.unwrap_or_default().is_empty());

        // Same content, same validator; another content, another one.
        let third = app.get(path).await;
        assert_eq!(header(&third, "etag").as_deref(), Some(tag.as_str()));
        assert_eq!(third.text().await.unwrap_or_default(), body);
        let stale = app
            .request(Method::GET, path)
            .header("If-None-Match", "W/\"autre\"")
            .send()
            .await
            .expect("stale");
        assert_eq!(stale.status(), StatusCode::OK);
    }
    // Errors and staff views are never cached publicly.
    let missing = app.get("/api/v1/publications/nulle-part").await;
    assert_eq!(header(&missing, "cache-control"), None);
    assert_eq!(header(&missing, "etag"), None);
}

async fn answers_are_compressed_when_asked(app: TestApp) {
    for encoding in ["gzip", "br"] {
        let response = app
            .request(Method::GET, "/api/v1/publications?limit=100")
            .header("Accept-Encoding", encoding)
            .send()
            .await
            .expect("compressed");
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            header(&response, "content-encoding").as_deref(),
            Some(encoding)
        );
    }
}

on_both_backends!(
    any_site_may_read_but_not_write,
    public_reads_carry_a_validator_and_answer_304,
    answers_are_compressed_when_asked,
);
