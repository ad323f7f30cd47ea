//! The site's own pages: written by the server as plain HTML (no client needed), edited by
//! administrators, linked from every page's footer with the accessibility status.

use passerelle_tests::{
    client_folder, expect_json, expect_problem, spawn_app_on_with, test_settings, Backend, Expect,
    TestApp,
};
use passerelle_types::{Role, SitePage};
use reqwest::Method;
use serde_json::json;

async fn page(app: &TestApp, path: &str) -> String {
    let response = app.get_with_status(path, 200).await;
    assert!(passerelle_tests::header(&response, "content-type").starts_with("text/html"));
    response.text().await.unwrap_or_default()
}

async fn administrators_write_the_legal_pages_everyone_reads(app: TestApp) {
    // Until written, each page shows its default text, and the footer the status.
    let statement = page(&app, "/accessibilite").await;
    assert!(statement.contains("<h1>Accessibilité</h1>"), "{statement}");
    assert!(statement.contains("Accessibilité : non conforme</a>"));
    assert!(statement.contains("Défenseur des droits"));
    for (path, heading) in [
        ("/mentions-legales", "<h1>Mentions légales</h1>"),
        ("/donnees-personnelles", "<h1>Données personnelles</h1>"),
        ("/plan-du-site", "<h1>Plan du site</h1>"),
    ] {
        let html = page(&app, path).await;
        assert!(html.contains(heading), "{path}");
        assert!(
            html.contains("<a href=\"/plan-du-site\" rel=\"external\">Plan du site</a>"),
            "{path}"
        );
    }
    let site_map = page(&app, "/plan-du-site").await;
    let themes: Vec<passerelle_types::Theme> = app.json("/api/v1/themes").await;
    let theme = &themes[0];
    assert!(site_map.contains(&format!("/publications?theme={}", theme.slug)));
    assert!(site_map.contains("<a href=\"/donnees-personnelles\">Données personnelles</a>"));

    let editor = app.staff(Role::Editor);
    let admin = app.staff(Role::Admin);
    let path = "/api/v1/editorial/pages/accessibilite";
    let send = |token: String, body: serde_json::Value| {
        let app = &app;
        async move {
            app.request_with(&token, Method::PUT, path)
                .json(&body)
                .answer()
                .await
        }
    };
    let by_default: SitePage = app
        .request_with(&admin.token, Method::GET, path)
        .expect_json(200)
        .await;
    assert!(by_default.updated_at.is_none());
    assert_eq!(
        by_default.conformity,
        Some(passerelle_types::Conformity::None)
    );
    let body = json!({
        "title": "Accessibilité",
        "body": "## Audit\n\nAudit réalisé en novembre 2026 : 78 % des critères respectés.\n\n<script>alert(1)</script>",
        "conformity": "partial"
    });
    expect_problem(send(editor.token.clone(), body.clone()).await, 403).await;
    let mut missing = body.clone();
    missing["conformity"] = serde_json::Value::Null;
    let refused = expect_problem(send(admin.token.clone(), missing).await, 422).await;
    assert_eq!(refused.errors[0].field, "conformity");
    let saved: SitePage = expect_json(send(admin.token.clone(), body).await, 200).await;
    assert!(saved.updated_at.is_some());
    let statement = page(&app, "/accessibilite").await;
    assert!(statement.contains("78 % des critères respectés"));
    assert!(!statement.contains("<script"), "{statement}");
    assert!(statement.contains("Accessibilité : partiellement conforme</a>"));
    // The status is on every page, the other pages' too.
    assert!(page(&app, "/mentions-legales")
        .await
        .contains("Accessibilité : partiellement conforme</a>"));

    let other = json!({"title": "Mentions légales", "body": "Texte", "conformity": "full"});
    let elsewhere = app
        .request_with(
            &admin.token,
            Method::PUT,
            "/api/v1/editorial/pages/mentions-legales",
        )
        .json(&other)
        .expect_problem(422)
        .await;
    assert_eq!(elsewhere.errors[0].field, "conformity");
    app.problem("/api/v1/editorial/pages/cgu", 401).await;
    app.request_with(&admin.token, Method::GET, "/api/v1/editorial/pages/cgu")
        .expect_problem(404)
        .await;
    let audited: passerelle_types::AuditList = app
        .request_with(&admin.token, Method::GET, "/api/v1/audit?entity=site_page")
        .expect_json(200)
        .await;
    assert_eq!(audited.items.len(), 1);
}

passerelle_tests::on_fresh_databases!(administrators_write_the_legal_pages_everyone_reads);

#[tokio::test]
async fn every_bundle_page_carries_the_accessibility_status_for_its_footer() {
    let dir = client_folder(
        "<!doctype html><html lang=\"fr\"><head><title>Passerelle</title>\
         <link rel=\"stylesheet\" href=\"/style-abc.css\"></head><body></body></html>",
    );
    let Some(db) = passerelle_tests::fresh_database(Backend::Sqlite) else {
        return;
    };
    let app = spawn_app_on_with(db, test_settings(Some(dir.path().to_path_buf())));
    let meta = "<meta name=\"passerelle-conformite\" content=\"non conforme\"></head>";
    for path in ["/", "/publications", "/evenements?when=past"] {
        assert!(page(&app, path).await.contains(meta), "{path}");
    }
    let list: serde_json::Value = app.json("/api/v1/events?limit=1").await;
    let slug = list["items"][0]["slug"].as_str().expect("slug").to_owned();
    assert!(page(&app, &format!("/evenements/{slug}"))
        .await
        .contains(meta));
    // The site's pages take the client's stylesheet.
    assert!(page(&app, "/mentions-legales")
        .await
        .contains("<link rel=\"stylesheet\" href=\"/style-abc.css\">"));
}
