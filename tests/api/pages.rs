//! The public pages the server writes: their content, the API answers they carry for the
//! client's first render (the same as the API's), the addresses a form without JavaScript
//! sends, and the client's files kept a year and sent compressed.

use passerelle_tests::{
    client_folder, for_both_backends, header, spawn_app_serving, Backend, Expect, TestApp,
};
use serde_json::Value;

const INDEX: &str = "<!doctype html><html lang=\"fr\"><head>\
     <meta name=\"description\" content=\"Description générique.\">\
     <title>Passerelle</title></head><body><script type=\"module\">init()</script></body></html>";

async fn serving(
    backend: Backend,
    files: &[(&str, &[u8])],
) -> Option<(TestApp, tempfile::TempDir)> {
    let dir = client_folder(INDEX);
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).expect("file");
    }
    let app = spawn_app_serving(backend, dir.path().to_path_buf()).await?;
    Some((app, dir))
}

/// Text as the pages write it (maud escapes these four).
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The answer the page carries for `url`, read back as JSON.
fn carried(html: &str, url: &str) -> Option<Value> {
    let marker = format!(
        "<script type=\"application/json\" data-api=\"{}\">",
        escaped(url)
    );
    let start = html.find(&marker)? + marker.len();
    let end = start + html[start..].find("</script>")?;
    serde_json::from_str(&html[start..end]).ok()
}

async fn page(app: &TestApp, path: &str, status: u16) -> String {
    let response = app.get_with_status(path, status).await;
    assert_eq!(header(&response, "cache-control"), "no-cache", "{path}");
    response.text().await.unwrap_or_default()
}

async fn every_public_page_carries_its_content_and_the_answers_it_came_from(backend: Backend) {
    let Some((app, _dir)) = serving(backend, &[]).await else {
        return;
    };
    let first: Value = app.json("/api/v1/publications?limit=1").await;
    let slug = first["items"][0]["slug"].as_str().expect("slug").to_owned();
    let detail = format!("/api/v1/publications/{slug}");
    for (path, heading, api) in [
        (
            "/",
            "Le centre de ressources politique de la ville",
            "/api/v1/publications?limit=3",
        ),
        (
            "/publications?theme=conseils-citoyens",
            "Publications",
            "/api/v1/publications?theme=conseils-citoyens",
        ),
        (
            "/evenements?when=past",
            "Événements",
            "/api/v1/events?when=past",
        ),
        ("/reseau?sort=name", "Réseau", "/api/v1/members?sort=name"),
        (
            "/recherche?q=conseils+citoyens",
            "Recherche",
            "/api/v1/search?q=conseils+citoyens",
        ),
        (
            &format!("/publications/{slug}"),
            first["items"][0]["title"].as_str().expect("title"),
            &detail,
        ),
    ] {
        let html = page(&app, path, 200).await;
        assert!(
            html.contains(&format!("<h1 tabindex=\"-1\">{}</h1>", escaped(heading))),
            "{path}: {html}"
        );
        assert!(html.contains(&format!("<title>{} — Passerelle</title>", escaped(heading))));
        let answer: Value = app.json(api).await;
        assert_eq!(carried(&html, api).as_ref(), Some(&answer), "{path}: {api}");
        // What the answer holds is in the page itself, readable without the client.
        let items = answer["items"].as_array().cloned().unwrap_or_default();
        for item in &items {
            let title = item["title"]
                .as_str()
                .or(item["name"].as_str())
                .expect("title");
            assert!(html.contains(&escaped(title)), "{path}: « {title} » absent");
        }
        if let Some(total) = answer["total"].as_u64().filter(|_| path != "/") {
            assert!(
                html.contains(&format!(
                    "<p class=\"count\" role=\"status\" aria-live=\"polite\">{total} "
                )),
                "{path}"
            );
        }
    }
    // The home page carries its four answers.
    let home = page(&app, "/", 200).await;
    for api in [
        "/api/v1/events?when=upcoming&limit=3",
        "/api/v1/events?when=past&limit=3",
        "/api/v1/members?limit=1",
    ] {
        assert_eq!(carried(&home, api), Some(app.json(api).await), "{api}");
    }
}

async fn an_event_page_says_where_its_registrations_stand(backend: Backend) {
    let Some((app, _dir)) = serving(backend, &[]).await else {
        return;
    };
    let events: Value = app.json("/api/v1/events?when=past&limit=1").await;
    let slug = events["items"][0]["slug"].as_str().expect("slug");
    let html = page(&app, &format!("/evenements/{slug}"), 200).await;
    let fragment = app
        .client
        .get(app.url(&format!("/api/v1/events/{slug}/registration")))
        .header("Accept", "text/html")
        .send()
        .await
        .expect("fragment")
        .text()
        .await
        .unwrap_or_default();
    assert!(html.contains(&format!("<div class=\"registration\">{fragment}</div>")));
    // Carried as the text the API sends, written as a JSON string.
    assert_eq!(
        carried(&html, &format!("/api/v1/events/{slug}/registration")),
        Some(Value::String(fragment.clone()))
    );
    assert!(html.contains("<meta property=\"og:type\" data-apercu content=\"article\">"));
    assert!(!html.contains("Description générique."));
}

async fn when_nothing_is_upcoming_the_events_page_shows_the_latest_past_ones(backend: Backend) {
    let Some((app, _dir)) = serving(backend, &[]).await else {
        return;
    };
    // A territory with past events and none to come.
    let past: Value = app.json("/api/v1/events?when=past").await;
    let mut quiet = None;
    for territory in past["facets"]["territory"]
        .as_array()
        .cloned()
        .unwrap_or_default()
    {
        let slug = territory["value"].as_str().expect("territory").to_owned();
        let upcoming: Value = app
            .json(&format!("/api/v1/events?when=upcoming&territory={slug}"))
            .await;
        if upcoming["total"] == 0 {
            quiet = Some(slug);
            break;
        }
    }
    let territory = quiet.expect("a territory whose events are all past");
    let html = page(&app, &format!("/evenements?territory={territory}"), 200).await;
    assert!(html.contains("Aucun événement annoncé pour le moment. Les derniers en date :"));
    let past_api = format!("/api/v1/events?territory={territory}&when=past&limit=5");
    let past_api = past_api.as_str();
    let past = carried(&html, past_api).expect("the past events the page shows");
    assert_eq!(past, app.json::<Value>(past_api).await);
    let title = past["items"][0]["title"].as_str().expect("a past event");
    assert!(html.contains(&escaped(title)));
}

async fn addresses_the_client_does_not_write_are_redirected_refused_or_not_found(backend: Backend) {
    let Some((app, _dir)) = serving(backend, &[]).await else {
        return;
    };
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let sent = no_redirects
        .get(app.url("/publications?q=&kind=guide&theme=sante&theme=emploi-insertion&from="))
        .expect_status(303)
        .await;
    assert_eq!(
        header(&sent, "location"),
        "/publications?kind=guide&theme=sante%2Cemploi-insertion"
    );
    // Those who only check that a page is there.
    let head = app
        .client
        .head(app.url("/publications"))
        .expect_status(200)
        .await;
    assert!(head.bytes().await.unwrap_or_default().is_empty());
    let refused = page(&app, "/publications?limit=1000", 400).await;
    assert!(
        refused.contains("Adresse invalide : Le paramètre « limit »"),
        "{refused}"
    );
    for missing in ["/nulle-part", "/publications/n-existe-pas", "/reseau/a/b"] {
        let html = page(&app, missing, 404).await;
        assert!(
            html.contains("<h1 tabindex=\"-1\">Page introuvable</h1>"),
            "{missing}"
        );
    }
}

for_both_backends!(
    every_public_page_carries_its_content_and_the_answers_it_came_from,
    an_event_page_says_where_its_registrations_stand,
    when_nothing_is_upcoming_the_events_page_shows_the_latest_past_ones,
    addresses_the_client_does_not_write_are_redirected_refused_or_not_found,
);

#[tokio::test]
async fn the_client_s_hashed_files_are_kept_a_year_and_sent_compressed_once() {
    let wasm = "(module) ".repeat(20_000).into_bytes();
    let Some((app, dir)) = serving(
        Backend::Sqlite,
        &[
            ("app-0123456789abcdef_bg.wasm", &wasm),
            ("notes.css", b"p{}"),
        ],
    )
    .await
    else {
        return;
    };
    // Compressed in the background after the start, and kept beside the file for the
    // next start; plain or compressed on the fly until then.
    let kept_path = dir.path().join("app-0123456789abcdef_bg.wasm.br");
    for _ in 0..100 {
        if kept_path.exists() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let kept = std::fs::read(&kept_path).expect("the compressed copy, kept");
    let response = app
        .client
        .get(app.url("/app-0123456789abcdef_bg.wasm"))
        .header("Accept-Encoding", "br, gzip")
        .send()
        .await
        .expect("request");
    assert_eq!(header(&response, "content-encoding"), "br");
    assert_eq!(
        header(&response, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(header(&response, "content-type"), "application/wasm");
    let body = response.bytes().await.expect("body");
    assert_eq!(body.to_vec(), kept, "the copy made once is the one sent");
    let mut plain = Vec::new();
    brotli::BrotliDecompress(&mut &body[..], &mut plain).expect("brotli");
    assert_eq!(plain, wasm);
    // A file whose name does not change with its content is not kept a year.
    let css = app.get("/notes.css").await;
    assert_ne!(
        header(&css, "cache-control"),
        "public, max-age=31536000, immutable"
    );
}
