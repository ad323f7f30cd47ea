//! Request budgets per client address, published in the headers of every answer.

use passerelle_tests::{
    budgets, fresh_database, header, spawn_app_on_with, spawn_app_with_budgets, test_settings,
    Backend, Expect, NginxProxy, PROXY_ADDRESS,
};
use reqwest::{Method, StatusCode};

#[tokio::test]
async fn each_client_has_published_budgets_and_a_clear_429_beyond() {
    let db = fresh_database(Backend::Sqlite).expect("SQLite is always available");
    let app = spawn_app_with_budgets(db, budgets(5, 3, 2));

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
        .expect_status(429)
        .await;
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
            .expect_status(401)
            .await;
        assert_eq!(
            header(&attempt, "ratelimit-policy"),
            "\"connexions\";q=2;w=60"
        );
    }
    let third = app
        .request(Method::POST, "/api/v1/session")
        .json(&serde_json::json!({"email": "personne@exemple.fr", "password": "pas le bon"}))
        .expect_status(429)
        .await;
    let problem: serde_json::Value = third.json().await.expect("problem");
    assert!(problem["detail"]
        .as_str()
        .is_some_and(|d| d.contains("tentatives de connexion")));
}

async fn status(request: reqwest::RequestBuilder) -> StatusCode {
    request.send().await.expect("request").status()
}

#[tokio::test]
async fn forwarding_headers_from_an_untrusted_peer_never_give_a_fresh_budget() {
    let db = fresh_database(Backend::Sqlite).expect("SQLite is always available");
    let app = spawn_app_with_budgets(db, budgets(3, 3, 3));
    for i in 0..3 {
        let sent = app
            .request(Method::GET, "/api/v1/themes")
            .header("X-Forwarded-For", format!("10.0.{i}.1"))
            .header("Forwarded", "for=nope");
        assert_eq!(status(sent).await, StatusCode::OK);
    }
    let fourth = app
        .request(Method::GET, "/api/v1/themes")
        .header("X-Forwarded-For", "10.0.99.1")
        .header("Forwarded", "for=nope");
    assert_eq!(status(fourth).await, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn sign_in_counts_against_its_own_budget_however_its_address_is_spelled() {
    let db = fresh_database(Backend::Sqlite).expect("SQLite is always available");
    let app = spawn_app_with_budgets(db, budgets(100, 100, 2));
    let attempt = |path: &'static str| {
        app.request(Method::POST, path)
            .json(&serde_json::json!({"email": "personne@exemple.fr", "password": "pas le bon"}))
    };
    for path in ["/api/v1/%73ession", "/api/v1/sessio%6E"] {
        let response = attempt(path).send().await.expect("sign-in");
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(
            header(&response, "ratelimit-policy"),
            "\"connexions\";q=2;w=60"
        );
    }
    assert_eq!(
        status(attempt("/api/v1/%73ession")).await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn sign_in_attempts_sent_all_at_once_are_checked_no_more_than_the_throttle_allows() {
    let db = fresh_database(Backend::Sqlite).expect("SQLite is always available");
    let mut settings = test_settings(None);
    settings.sign_in_throttle = passerelle_auth::ThrottlePolicy {
        delay_step: std::time::Duration::from_millis(1),
        ..Default::default()
    };
    settings.rate_limits = budgets(1000, 1000, 1000);
    let refuse_after = settings.sign_in_throttle.refuse_after;
    let app = spawn_app_on_with(db, settings);
    let attempts: Vec<_> = (0..30)
        .map(|_| {
            tokio::spawn(
                app.request(Method::POST, "/api/v1/session")
                    .json(
                        &serde_json::json!({"email": "cible@exemple.fr", "password": "au hasard"}),
                    )
                    .send(),
            )
        })
        .collect();
    let mut statuses = Vec::new();
    for attempt in attempts {
        statuses.push(attempt.await.expect("task").expect("sign-in").status());
    }
    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(checked + refused, 30, "{statuses:?}");
    assert!(
        (1..=refuse_after as usize).contains(&checked),
        "{checked} passwords checked, {refuse_after} allowed"
    );
}

#[tokio::test]
async fn pages_outside_the_api_count_against_the_read_budget() {
    let db = fresh_database(Backend::Sqlite).expect("SQLite is always available");
    let mut settings = test_settings(None);
    settings.rate_limits = budgets(4, 4, 4);
    let app = spawn_app_on_with(db, settings);
    for path in [
        "/sitemap.xml",
        "/widgets/evenements",
        "/readyz",
        "/robots.txt",
    ] {
        let response = app.get_with_status(path, 200).await;
        assert_eq!(
            header(&response, "ratelimit-policy"),
            "\"lectures\";q=4;w=60",
            "{path}"
        );
    }
    let refused = app.get("/sitemap.xml").await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header(&refused, "content-type"), "application/problem+json");
    // The same spelled otherwise is the same budget.
    assert_eq!(
        app.get("/api/%6Fpenapi.json").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn a_body_that_dribbles_in_is_cut_with_a_408() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let db = fresh_database(Backend::Sqlite).expect("SQLite is always available");
    let app = spawn_app_on_with(db, test_settings(None));
    let address = app.address.trim_start_matches("http://").to_owned();
    let stream = tokio::net::TcpStream::connect(&address)
        .await
        .expect("connection");
    let (mut reader, mut writer) = stream.into_split();
    let head = "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
                Content-Length: 100\r\n\r\n{";
    writer.write_all(head.as_bytes()).await.expect("head");
    let started = std::time::Instant::now();
    // One byte every two seconds: each arrives well within any idle limit, the whole body
    // never within the deadline of a small body (10 s).
    let dribble = tokio::spawn(async move {
        for _ in 0..30 {
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
            if writer.write_all(b" ").await.is_err() {
                break;
            }
        }
    });
    let mut answer = vec![0; 1024];
    let read = tokio::time::timeout(std::time::Duration::from_secs(40), reader.read(&mut answer))
        .await
        .expect("an answer before the body ends")
        .expect("readable");
    dribble.abort();
    let answer = String::from_utf8_lossy(&answer[..read]).to_string();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");
    let waited = started.elapsed();
    assert!(
        waited >= std::time::Duration::from_secs(9) && waited < std::time::Duration::from_secs(20),
        "{waited:?}"
    );
}

#[tokio::test]
async fn behind_nginx_spoofed_headers_change_neither_the_budget_nor_the_links() {
    let db = fresh_database(Backend::Sqlite).expect("SQLite is always available");
    let mut settings = test_settings(None);
    settings.rate_limits = budgets(4, 4, 4);
    settings.trusted_proxies = PROXY_ADDRESS.parse().expect("proxy address");
    settings.public_url = Some("https://ressources.exemple.fr".to_owned());
    let app = spawn_app_on_with(db, settings);
    let port: u16 = app
        .address
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("port");
    let Some(proxy) = NginxProxy::start(port) else {
        return;
    };
    let spoofed = |path: &str, i: u32| {
        app.client
            .get(proxy.url(path))
            .header("X-Forwarded-For", format!("10.0.{i}.1"))
            .header("Forwarded", format!("for=10.1.{i}.1"))
            .header("X-Forwarded-Host", "evil.example")
            .header("Host", "evil.example")
    };
    let feed = spoofed("/api/v1/publications.atom", 0)
        .send()
        .await
        .expect("feed");
    assert_eq!(feed.status(), StatusCode::OK);
    let body = feed.text().await.expect("feed body");
    assert!(
        body.contains("https://ressources.exemple.fr/publications/"),
        "{body}"
    );
    assert!(!body.contains("evil.example"), "{body}");
    for i in 1..4 {
        assert_eq!(
            status(spoofed("/sitemap.xml", i)).await,
            StatusCode::OK,
            "request {i}"
        );
    }
    let over = spoofed("/api/v1/themes", 99).send().await.expect("request");
    assert_eq!(over.status(), StatusCode::TOO_MANY_REQUESTS);
    // The server's own metrics are not for the proxy's clients.
    let metrics = app
        .client
        .get(proxy.url("/metrics"))
        .send()
        .await
        .expect("metrics");
    assert_ne!(metrics.status(), StatusCode::OK);
}

#[tokio::test]
async fn metrics_are_served_to_the_loopback_or_to_the_bearer_of_their_token() {
    let db = fresh_database(Backend::Sqlite).expect("SQLite is always available");
    let mut settings = test_settings(None);
    settings.metrics_token = Some("secret-des-metriques".to_owned());
    let app = spawn_app_on_with(db, settings);
    assert_eq!(app.get("/metrics").await.status(), StatusCode::OK);
    // Through a trusted proxy, the loopback is anyone: the token is needed.
    let db = fresh_database(Backend::Sqlite).expect("SQLite is always available");
    let mut settings = test_settings(None);
    settings.trusted_proxies = "127.0.0.1".parse().expect("proxies");
    settings.metrics_token = Some("secret-des-metriques".to_owned());
    let proxied = spawn_app_on_with(db, settings);
    let refused = proxied.get("/metrics").await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(header(&refused, "content-type"), "application/problem+json");
    proxied
        .request(Method::GET, "/metrics")
        .bearer_auth("pas-le-secret")
        .expect_status(403)
        .await;
    let right = proxied
        .request(Method::GET, "/metrics")
        .bearer_auth("secret-des-metriques")
        .expect_status(200)
        .await;
    assert!(right.text().await.expect("text").contains("passerelle_"));
}
