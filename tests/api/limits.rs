//! Request budgets per client address, published in the headers of every answer.

use passerelle_http::RateLimitSettings;
use passerelle_tests::{fresh_database, spawn_app_on_with, test_settings, Backend};
use reqwest::{Method, StatusCode};

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn each_client_has_published_budgets_and_a_clear_429_beyond() {
    let db = fresh_database(Backend::Sqlite).expect("SQLite is always available");
    let mut settings = test_settings(None);
    settings.rate_limits = RateLimitSettings {
        reads: 5,
        writes: 3,
        sign_in: 2,
        trust_forwarded: false,
    };
    let app = spawn_app_on_with(db, settings);

    for left in (0..5).rev() {
        let response = app.get("/api/v1/themes").await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            header(&response, "ratelimit-policy"),
            "\"lectures\";q=5;w=60"
        );
        let state = header(&response, "ratelimit");
        assert!(
            state.starts_with(&format!("\"lectures\";r={left};t=")),
            "{state}"
        );
    }
    let refused = app
        .request(Method::GET, "/api/v1/publications")
        .header("Origin", "https://www.partenaire.example")
        .send()
        .await
        .expect("request");
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header(&refused, "content-type"), "application/problem+json");
    // A partner's page can read why.
    assert_eq!(header(&refused, "access-control-allow-origin"), "*");
    let retry: u64 = header(&refused, "retry-after")
        .parse()
        .expect("Retry-After");
    assert!((1..=60).contains(&retry), "{retry}");
    let problem: serde_json::Value = refused.json().await.expect("problem");
    assert_eq!(problem["status"], 429);
    assert!(problem["detail"]
        .as_str()
        .is_some_and(|d| d.contains("5 requêtes par minute") && d.contains("lectures")));

    // Sign-in attempts have a budget of their own, tighter.
    for _ in 0..2 {
        let attempt = app
            .request(Method::POST, "/api/v1/session")
            .json(&serde_json::json!({"email": "personne@exemple.fr", "password": "pas le bon"}))
            .send()
            .await
            .expect("sign-in");
        assert_eq!(attempt.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(
            header(&attempt, "ratelimit-policy"),
            "\"connexions\";q=2;w=60"
        );
    }
    let third = app
        .request(Method::POST, "/api/v1/session")
        .json(&serde_json::json!({"email": "personne@exemple.fr", "password": "pas le bon"}))
        .send()
        .await
        .expect("sign-in");
    assert_eq!(third.status(), StatusCode::TOO_MANY_REQUESTS);
    let problem: serde_json::Value = third.json().await.expect("problem");
    assert!(problem["detail"]
        .as_str()
        .is_some_and(|d| d.contains("tentatives de connexion")));
}
