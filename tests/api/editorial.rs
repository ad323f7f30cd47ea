//! The editorial API: roles, drafts, versions, validation, rich text, and what the public
//! sees after each change — on both backends, each test on a database of its own.

use passerelle_tests::{
    assert_contains, expect_json, expect_problem, header, on_fresh_databases, required_header,
    strings, Expect, TestApp,
};
use passerelle_types::{
    AuditList, EditorialEvent, EditorialList, EditorialMember, EditorialPublication,
    EditorialTheme, Member, Problem, Publication, PublicationList, Role, SearchResults, Theme,
};
use reqwest::Method;
use serde_json::{json, Value};

/// Sends a JSON body (if any) with a bearer token (if any) and an If-Match (if any).
async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    if_match: Option<&str>,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = app.request(method.clone(), path);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(tag) = if_match {
        request = request.header("If-Match", tag);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    request
        .send()
        .await
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
}

fn draft(title: &str) -> Value {
    json!({
        "title": title,
        "summary": "Un guide pour les conseils citoyens du Gard.",
        "body": "## Pourquoi\n\nPour **agir** ensemble.",
        "kind": "guide",
        "publication_date": "2026-11-02",
        "themes": ["conseils-citoyens"],
        "territories": ["departement-30"],
        "links": [{"url": "https://www.villesetterritoires.fr/", "label": "Le site", "media_type": null}]
    })
}

/// A publication the editors' API refuses (422), and why.
async fn refused_publication(app: &TestApp, token: &str, body: &Value) -> Problem {
    app.request_with(token, Method::POST, "/api/v1/editorial/publications")
        .json(body)
        .expect_problem(422)
        .await
}

async fn create_publication(app: &TestApp, token: &str, body: Value) -> EditorialPublication {
    let response = app
        .request_with(token, Method::POST, "/api/v1/editorial/publications")
        .json(&body)
        .answer()
        .await;
    assert_eq!(header(&response, "etag"), "\"1\"");
    expect_json(response, 201).await
}

async fn create_theme(app: &TestApp, token: &str, label: &str) -> EditorialTheme {
    let response = app
        .request_with(token, Method::POST, "/api/v1/editorial/themes")
        .json(&json!({ "label": label }))
        .answer()
        .await;
    expect_json(response, 201).await
}

async fn rename_theme(
    app: &TestApp,
    token: &str,
    slug: &str,
    version: i32,
    label: &str,
) -> EditorialTheme {
    let response = app
        .request_at_version(
            token,
            Method::PUT,
            &format!("/api/v1/editorial/themes/{slug}"),
            version,
        )
        .json(&json!({ "label": label }))
        .answer()
        .await;
    expect_json(response, 200).await
}

/// Publishes an item of `collection` (`publications`, `events`, `members`) and checks it.
async fn publish(app: &TestApp, token: &str, collection: &str, id: impl std::fmt::Display) {
    let response = app
        .request_with(
            token,
            Method::POST,
            &format!("/api/v1/editorial/{collection}/{id}/publish"),
        )
        .answer()
        .await;
    let status = response.status();
    assert_eq!(status, 200, "{}", response.text().await.unwrap_or_default());
}

fn tag(version: i32) -> String {
    format!("\"{version}\"")
}

async fn every_write_answers_by_role(app: TestApp) {
    let editor = app.staff(Role::Editor);
    let admin = app.staff(Role::Admin);
    let sample = create_publication(&app, &admin.token, draft("Échantillon")).await;
    let id = sample.id;
    let member = json!({"name": "Conseil citoyen du Chemin-Bas", "kind": "conseil_citoyen"});
    let event = json!({"title": "Rencontre départementale", "kind": "rencontre"});
    // (method, path, body, expected for an editor)
    let content_writes: Vec<(Method, String, Option<Value>, u16)> = vec![
        (
            Method::POST,
            "/api/v1/editorial/publications".into(),
            Some(draft("Par un rédacteur")),
            201,
        ),
        (
            Method::POST,
            "/api/v1/editorial/members".into(),
            Some(member),
            201,
        ),
        (
            Method::POST,
            "/api/v1/editorial/events".into(),
            Some(event),
            201,
        ),
        (
            Method::POST,
            "/api/v1/editorial/themes".into(),
            Some(json!({"label": "Mobilités douces"})),
            201,
        ),
        (
            Method::PATCH,
            format!("/api/v1/editorial/publications/{id}"),
            Some(json!({"summary": "Résumé"})),
            200,
        ),
        (
            Method::POST,
            format!("/api/v1/editorial/publications/{id}/publish"),
            None,
            200,
        ),
        (
            Method::POST,
            format!("/api/v1/editorial/publications/{id}/unpublish"),
            None,
            200,
        ),
        (
            Method::GET,
            "/api/v1/editorial/publications".into(),
            None,
            200,
        ),
    ];
    let admin_only: Vec<(Method, String, Option<Value>)> = vec![
        // Creating accounts takes a browser session (accounts.rs).
        (Method::GET, "/api/v1/accounts".into(), None),
        (Method::GET, "/api/v1/audit".into(), None),
    ];
    for (method, path, body, editor_status) in &content_writes {
        let anonymous = call(&app, method.clone(), path, None, None, body.clone()).await;
        expect_problem(anonymous, 401).await;
        let version = app
            .request_with(
                &admin.token,
                Method::GET,
                &format!("/api/v1/editorial/publications/{id}"),
            )
            .answer()
            .await;
        let version = header(&version, "etag");
        let response = call(
            &app,
            method.clone(),
            path,
            Some(&editor.token),
            Some(version.as_str()).filter(|v| !v.is_empty()),
            body.clone(),
        )
        .await;
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        assert_eq!(status, *editor_status, "éditeur : {method} {path} → {text}");
    }
    for (method, path, body) in &admin_only {
        expect_problem(
            call(&app, method.clone(), path, None, None, body.clone()).await,
            401,
        )
        .await;
        let problem = expect_problem(
            call(
                &app,
                method.clone(),
                path,
                Some(&editor.token),
                None,
                body.clone(),
            )
            .await,
            403,
        )
        .await;
        assert_contains(&problem.detail, "administrateurs");
        let response = call(
            &app,
            method.clone(),
            path,
            Some(&admin.token),
            None,
            body.clone(),
        )
        .await;
        assert!(
            response.status().is_success(),
            "admin : {method} {path} → {}",
            response.status()
        );
    }
    // A forged or unknown token is refused the same way as none.
    let forged = "psl_".to_owned() + &"A".repeat(43);
    app.request_with(&forged, Method::GET, "/api/v1/editorial/publications")
        .expect_problem(401)
        .await;
}

async fn drafts_stay_private_until_published_and_changes_are_searchable_at_once(app: TestApp) {
    let editor = app.staff(Role::Editor);
    let created = create_publication(
        &app,
        &editor.token,
        draft("Guide de l'habitat participatif à Alès"),
    )
    .await;
    assert_eq!(created.slug, "guide-de-l-habitat-participatif-a-ales");
    let public_path = format!("/api/v1/publications/{}", created.slug);
    let item = format!("/api/v1/editorial/publications/{}", created.id);
    let in_list = |list: &PublicationList| list.items.iter().any(|p| p.id == created.id);
    let in_search = |results: &SearchResults| results.items.iter().any(|hit| hit.id == created.id);

    app.problem(&public_path, 404).await;
    assert!(!in_list(&app.json("/api/v1/publications?limit=100").await));
    assert!(!in_search(
        &app.json("/api/v1/search?q=habitat+participatif").await
    ));

    let published: EditorialPublication = app
        .request_at_version(&editor.token, Method::POST, &format!("{item}/publish"), 1)
        .expect_json(200)
        .await;
    assert!(published.published_at.is_some());
    assert_eq!(published.version, 2);
    // Visible as soon as the response arrived: detail, list with facets, search.
    let detail: Publication = app.json(&public_path).await;
    assert_eq!(
        detail.summary.title,
        "Guide de l'habitat participatif à Alès"
    );
    assert_contains(&detail.body_html, "<strong>agir</strong>");
    let list: PublicationList = app
        .json("/api/v1/publications?theme=conseils-citoyens&territory=departement-30&limit=100")
        .await;
    assert!(in_list(&list));
    assert!(in_search(
        &app.json("/api/v1/search?q=habitat+participatif+ales").await
    ));

    // An edit shows at once too.
    let edited: EditorialPublication = app
        .request_at_version(&editor.token, Method::PATCH, &item, 2)
        .json(&json!({
            "title": "Guide de l'habitat coopératif à Alès",
            "body": "Pour **coopérer** ensemble."
        }))
        .expect_json(200)
        .await;
    assert_eq!(edited.slug, created.slug, "a published slug never changes");
    let detail: Publication = app.json(&public_path).await;
    assert_eq!(
        detail.body_html.trim(),
        "<p>Pour <strong>coopérer</strong> ensemble.</p>"
    );
    assert!(in_search(&app.json("/api/v1/search?q=cooperatif").await));
    assert!(!in_search(&app.json("/api/v1/search?q=participatif").await));

    // Deleted: gone from everything public; restored: back.
    let deleted: EditorialPublication = app
        .request_at_version(&editor.token, Method::DELETE, &item, 3)
        .expect_json(200)
        .await;
    assert!(deleted.deleted_at.is_some());
    app.problem(&public_path, 404).await;
    assert!(!in_list(&app.json("/api/v1/publications?limit=100").await));
    assert!(!in_search(&app.json("/api/v1/search?q=cooperatif").await));
    let bin: EditorialList = app
        .request_with(
            &editor.token,
            Method::GET,
            "/api/v1/editorial/publications?deleted=true",
        )
        .expect_json(200)
        .await;
    assert_eq!(
        bin.items.iter().map(|i| i.id).collect::<Vec<_>>(),
        vec![created.id]
    );
    app.request_with(&editor.token, Method::POST, &format!("{item}/restore"))
        .expect_json::<EditorialPublication>(200)
        .await;
    let _: Publication = app.json(&public_path).await;

    // Unpublished: a draft again.
    app.request_with(&editor.token, Method::POST, &format!("{item}/unpublish"))
        .expect_json::<EditorialPublication>(200)
        .await;
    app.problem(&public_path, 404).await;
    assert!(!in_search(&app.json("/api/v1/search?q=cooperatif").await));
}

async fn stale_or_missing_versions_never_overwrite(app: TestApp) {
    let anne = app.staff(Role::Editor);
    let bruno = app.staff(Role::Editor);
    let created =
        create_publication(&app, &anne.token, draft("Rencontre des conseils citoyens")).await;
    let path = format!("/api/v1/editorial/publications/{}", created.id);

    let mut full = draft("Rencontre des conseils citoyens de l'Hérault");
    for method in [Method::PUT, Method::PATCH, Method::DELETE] {
        let body = (method != Method::DELETE).then(|| full.clone());
        let problem = expect_problem(
            call(&app, method.clone(), &path, Some(&anne.token), None, body).await,
            428,
        )
        .await;
        assert!(
            problem.detail.contains("If-Match"),
            "{method}: {}",
            problem.detail
        );
    }
    app.request_with(&anne.token, Method::PUT, &path)
        .header("If-Match", "*")
        .json(&full.clone())
        .expect_problem(428)
        .await;

    // Both read version 1; Bruno saves first; Anne's save is refused, nothing of hers lands.
    let saved: EditorialPublication = app
        .request_at_version(&bruno.token, Method::PATCH, &path, 1)
        .json(&json!({"summary": "Par Bruno"}))
        .expect_json(200)
        .await;
    assert_eq!(saved.version, 2);
    full["summary"] = json!("Par Anne");
    let response = app
        .request_at_version(&anne.token, Method::PUT, &path, 1)
        .json(&full.clone())
        .answer()
        .await;
    assert_eq!(header(&response, "etag"), "\"2\"");
    let problem = expect_problem(response, 412).await;
    assert_contains(&problem.detail, "version 2");
    app.request_at_version(&anne.token, Method::DELETE, &path, 1)
        .expect_problem(412)
        .await;
    let current: EditorialPublication = app
        .request_with(&anne.token, Method::GET, &path)
        .expect_json(200)
        .await;
    assert_eq!(current.content.summary, "Par Bruno");
    assert_eq!(current.content.title, "Rencontre des conseils citoyens");

    // Reloaded, Anne overwrites deliberately with the current version.
    let overwritten: EditorialPublication = app
        .request_at_version(&anne.token, Method::PUT, &path, 2)
        .json(&full)
        .expect_json(200)
        .await;
    assert_eq!(
        (overwritten.version, overwritten.content.summary.as_str()),
        (3, "Par Anne")
    );
}

async fn invalid_content_is_refused_field_by_field_in_french(app: TestApp) {
    let editor = app.staff(Role::Editor);
    let body = json!({
        "title": "   ",
        "slug": "Pas Un Slug",
        "publication_date": "2019-04-01",
        "year": 2018,
        "themes": ["theme-inexistant"],
        "territories": ["departement-99"],
        "links": [{"url": "javascript:alert(1)", "label": "x", "media_type": null}],
        "events": ["00000000-0000-0000-0000-000000000000"]
    });
    let problem = refused_publication(&app, &editor.token, &body).await;
    let fields: Vec<&str> = problem.errors.iter().map(|e| e.field.as_str()).collect();
    for field in [
        "title",
        "slug",
        "kind",
        "year",
        "links[0].url",
        "themes[0]",
        "territories[0]",
        "events[0]",
    ] {
        assert!(fields.contains(&field), "{field} absent de {fields:?}");
    }
    assert!(problem.errors.iter().all(|e| !e.message.is_empty()));
    let title = problem
        .errors
        .iter()
        .find(|e| e.field == "title")
        .map(|e| e.message.clone());
    assert_eq!(title.as_deref(), Some("Le titre est obligatoire."));

    // Decoding errors name the field too; a non-JSON body is a 415.
    let problem = app
        .request_with(
            &editor.token,
            Method::POST,
            "/api/v1/editorial/publications",
        )
        .json(&json!({"title": "x", "kind": "brochure"}))
        .expect_problem(422)
        .await;
    assert_eq!(problem.errors[0].field, "kind");
    assert!(problem.errors[0].message.contains("« brochure »"));
    let response = app
        .request_with(
            &editor.token,
            Method::POST,
            "/api/v1/editorial/publications",
        )
        .header("Content-Type", "text/plain")
        .body("title=x")
        .send()
        .await
        .expect("send");
    expect_problem(response, 415).await;

    // An oversized body is refused before it is read whole, as problem+json.
    let huge = json!({"title": "x", "kind": "guide", "body": "a".repeat(2 * 1024 * 1024)});
    let problem = app
        .request_with(
            &editor.token,
            Method::POST,
            "/api/v1/editorial/publications",
        )
        .json(&huge)
        .expect_problem(413)
        .await;
    assert_contains(&problem.detail, "taille permise");

    // Nothing was created.
    let list: EditorialList = app
        .request_with(
            &editor.token,
            Method::GET,
            "/api/v1/editorial/publications?status=draft",
        )
        .expect_json(200)
        .await;
    assert_eq!(list.page.total, 0);
}

async fn stored_scripts_come_back_inert(app: TestApp) {
    let editor = app.staff(Role::Editor);
    let mut body = draft("Un titre <script>alert('titre')</script>");
    body["body"] = json!(
        "Texte <script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[lien](javascript:alert(3))\n\n<a href=\"https://exemple.fr\" onclick=\"alert(4)\">ok</a>"
    );
    let created = create_publication(&app, &editor.token, body).await;
    publish(&app, &editor.token, "publications", created.id).await;
    let detail: Publication = app
        .json(&format!("/api/v1/publications/{}", created.id))
        .await;
    let html = detail.body_html.to_lowercase();
    for needle in ["<script", "onerror", "javascript:", "onclick"] {
        assert!(!html.contains(needle), "{needle} dans {html}");
    }
    assert!(html.contains("href=\"https://exemple.fr\""), "{html}");
    // Plain-text fields are returned as written, to be escaped by whoever displays them.
    assert_eq!(
        detail.summary.title,
        "Un titre <script>alert('titre')</script>"
    );
}

async fn slugs_are_made_from_titles_and_kept_unique(app: TestApp) {
    let editor = app.staff(Role::Editor);
    let first = create_publication(
        &app,
        &editor.token,
        draft("Égalité femmes-hommes : le guide"),
    )
    .await;
    let second = create_publication(
        &app,
        &editor.token,
        draft("Égalité femmes-hommes : le guide"),
    )
    .await;
    assert_eq!(first.slug, "egalite-femmes-hommes-le-guide");
    assert_eq!(second.slug, "egalite-femmes-hommes-le-guide-2");
    // A draft's slug follows its title until it is published.
    let renamed: EditorialPublication = app
        .request_at_version(
            &editor.token,
            Method::PATCH,
            &format!("/api/v1/editorial/publications/{}", second.id),
            1,
        )
        .json(&json!({"title": "Le guide bis", "slug": null}))
        .expect_json(200)
        .await;
    assert_eq!(renamed.slug, "le-guide-bis");
    let mut taken = draft("Autre");
    taken["slug"] = json!("egalite-femmes-hommes-le-guide");
    let problem = refused_publication(&app, &editor.token, &taken).await;
    assert_eq!(problem.errors[0].field, "slug");
}

async fn members_keep_private_contacts_private(app: TestApp) {
    let editor = app.staff(Role::Editor);
    let body = json!({
        "name": "Conseil citoyen de Valdegour",
        "kind": "conseil_citoyen",
        "description": "Quartier de **Valdegour**, Nîmes.",
        "contact_email": "valdegour@exemple.fr",
        "contact_phone": "04 66 00 00 00",
        "contact_public": false,
        "territories": ["commune-30189"],
        "themes": ["conseils-citoyens"]
    });
    let created: EditorialMember = app
        .request_with(&editor.token, Method::POST, "/api/v1/editorial/members")
        .json(&body)
        .expect_json(201)
        .await;
    assert_eq!(
        created.content.contact_email.as_deref(),
        Some("valdegour@exemple.fr")
    );
    publish(&app, &editor.token, "members", created.id).await;
    let response = app.get(&format!("/api/v1/members/{}", created.slug)).await;
    let text = response.text().await.unwrap_or_default();
    assert!(!text.contains("valdegour@exemple.fr"), "{text}");
    let member: Member = serde_json::from_str(&text).expect("member");
    assert!(member.contact.is_none());
    assert!(member
        .description_html
        .contains("<strong>Valdegour</strong>"));
}

async fn events_are_validated_and_published(app: TestApp) {
    let editor = app.staff(Role::Editor);
    let bad = json!({"title": "Formation", "kind": "formation", "start_date": "2026-03-10", "end_date": "2026-03-09", "venue_commune": "departement-30"});
    let problem = app
        .request_with(&editor.token, Method::POST, "/api/v1/editorial/events")
        .json(&bad)
        .expect_problem(422)
        .await;
    let fields: Vec<&str> = problem.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["end_date", "venue_commune"]);
    let good = json!({
        "title": "Cycle de formation à Narbonne", "kind": "formation",
        "start_date": "2027-03-10", "start_time": "09:30:00", "end_time": "17:00:00",
        "venue_name": "Médiathèque", "venue_commune": "commune-11262",
        "themes": ["conseils-citoyens"], "territories": ["departement-11"]
    });
    let created: EditorialEvent = app
        .request_with(&editor.token, Method::POST, "/api/v1/editorial/events")
        .json(&good)
        .expect_json(201)
        .await;
    publish(&app, &editor.token, "events", created.id).await;
    let list: Value = app.json("/api/v1/events?territory=departement-11").await;
    let titles = strings(&list["items"], "title");
    assert!(
        titles.contains(&"Cycle de formation à Narbonne"),
        "{titles:?}"
    );
}

/// Restoring a theme that is not deleted, or renaming it to its own name, changes
/// nothing: no new version, and no rebuilt index (public dates stay where they were).
async fn theme_calls_that_change_nothing_report_no_change(app: TestApp) {
    let editor = app.staff(Role::Editor);
    let theme = create_theme(&app, &editor.token, "Mobilité des habitants").await;
    let list = app.get("/api/v1/publications").await;
    let modified = required_header(&list, "last-modified");
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    for _ in 0..3 {
        let restored: EditorialTheme = app
            .request_with(
                &editor.token,
                Method::POST,
                &format!("/api/v1/editorial/themes/{}/restore", theme.slug),
            )
            .expect_json(200)
            .await;
        assert_eq!(restored.version, theme.version);
    }
    let same = rename_theme(
        &app,
        &editor.token,
        &theme.slug,
        theme.version,
        "Mobilité des habitants",
    )
    .await;
    assert_eq!(same.version, theme.version);
    let after = app.get("/api/v1/publications").await;
    assert_eq!(header(&after, "last-modified"), modified.as_str());
}

async fn themes_in_use_cannot_be_deleted(app: TestApp) {
    let editor = app.staff(Role::Editor);
    let problem = app
        .request_at_version(
            &editor.token,
            Method::DELETE,
            "/api/v1/editorial/themes/conseils-citoyens",
            1,
        )
        .expect_problem(409)
        .await;
    assert_contains(&problem.detail, "retirez-le");
    let created = create_theme(&app, &editor.token, "Santé et quartiers").await;
    assert_eq!(created.slug, "sante-et-quartiers");
    let themes: Vec<Theme> = app.json("/api/v1/themes").await;
    assert!(themes.iter().any(|t| t.slug == "sante-et-quartiers"));
    let renamed = rename_theme(&app, &editor.token, "sante-et-quartiers", 1, "Santé").await;
    assert_eq!((renamed.label.as_str(), renamed.version), ("Santé", 2));
    app.request_at_version(
        &editor.token,
        Method::DELETE,
        "/api/v1/editorial/themes/sante-et-quartiers",
        2,
    )
    .expect_json::<EditorialTheme>(200)
    .await;
    let themes: Vec<Theme> = app.json("/api/v1/themes").await;
    assert!(!themes.iter().any(|t| t.slug == "sante-et-quartiers"));
    // A deleted theme can no longer be given to content.
    let mut body = draft("Avec un thème supprimé");
    body["themes"] = json!(["sante-et-quartiers"]);
    refused_publication(&app, &editor.token, &body).await;
}

async fn a_renamed_theme_shows_in_details_already_served(app: TestApp) {
    let editor = app.staff(Role::Editor);
    create_theme(&app, &editor.token, "Jardins partagés").await;
    let mut body = draft("Des jardins au pied des tours");
    body["themes"] = json!(["jardins-partages"]);
    let created = create_publication(&app, &editor.token, body).await;
    publish(&app, &editor.token, "publications", created.id).await;
    let path = format!("/api/v1/publications/{}", created.slug);
    let labels = |detail: &Publication| -> Vec<String> {
        detail
            .summary
            .themes
            .iter()
            .map(|t| t.label.clone())
            .collect()
    };
    assert_eq!(labels(&app.json(&path).await), ["Jardins partagés"]);
    rename_theme(
        &app,
        &editor.token,
        "jardins-partages",
        1,
        "Jardins et potagers",
    )
    .await;
    // Neither the detail nor the themes it was written with are served from before.
    assert_eq!(labels(&app.json(&path).await), ["Jardins et potagers"]);
}

/// Details show their related items from the engine: a change to one of them shows in
/// every detail that links to it, even one served before.
async fn details_show_related_items_as_they_are_now(app: TestApp) {
    let editor = app.staff(Role::Editor);
    let path = "/api/v1/publications/video-iness-narbonne";
    let organizations = |detail: &Publication| -> Vec<String> {
        detail
            .organizations
            .iter()
            .map(|o| o.member.name.clone())
            .collect()
    };
    let before: Publication = app.json(path).await;
    let iness: Member = app.json("/api/v1/members/iness-narbonne").await;
    assert!(organizations(&before).contains(&iness.summary.name));

    let member_path = format!("/api/v1/editorial/members/{}", iness.summary.id);
    let renamed: EditorialMember = app
        .request_at_version(
            &editor.token,
            Method::PATCH,
            &member_path,
            iness.summary.version,
        )
        .json(&json!({"name": "IN'ESS, pôle de l'économie sociale de Narbonne"}))
        .expect_json(200)
        .await;
    let after: Publication = app.json(path).await;
    let names = organizations(&after);
    assert!(
        names.contains(&"IN'ESS, pôle de l'économie sociale de Narbonne".to_owned()),
        "{names:?}"
    );
    assert!(!names.contains(&iness.summary.name), "{names:?}");

    let response = app
        .request_at_version(
            &editor.token,
            Method::POST,
            &format!("{member_path}/unpublish"),
            renamed.version,
        )
        .answer()
        .await;
    assert_eq!(
        response.status(),
        200,
        "{}",
        response.text().await.unwrap_or_default()
    );
    let unpublished: Publication = app.json(path).await;
    assert_eq!(
        unpublished.organizations.len(),
        before.organizations.len() - 1,
        "a member no longer published leaves the details that named it"
    );
    assert!(!unpublished
        .organizations
        .iter()
        .any(|o| o.member.id == iness.summary.id));
}

async fn the_audit_log_tells_who_changed_what(app: TestApp) {
    let editor = app.staff(Role::Editor);
    let admin = app.staff(Role::Admin);
    let created =
        create_publication(&app, &editor.token, draft("Dossier politique de la ville")).await;
    app.request_at_version(
        &editor.token,
        Method::PATCH,
        &format!("/api/v1/editorial/publications/{}", created.id),
        1,
    )
    .json(&json!({"summary": "Nouveau résumé"}))
    .answer()
    .await;
    let log: AuditList = app
        .request_with(
            &admin.token,
            Method::GET,
            &format!("/api/v1/audit?entity=publication&entity_id={}", created.id),
        )
        .expect_json(200)
        .await;
    let actions: Vec<&str> = log.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["update", "create"]);
    let update = &log.items[0];
    assert_eq!(update.actor, editor.email);
    assert_eq!(update.version, Some(2));
    assert_eq!(update.changes["summary"]["after"], json!("Nouveau résumé"));
    assert_eq!(
        update.changes["summary"]["before"],
        json!("Un guide pour les conseils citoyens du Gard.")
    );
    assert!(
        update.changes.get("title").is_none(),
        "only changed fields: {}",
        update.changes
    );

    // The whole log is read by person and by period too.
    let (app, token) = (&app, admin.token.as_str());
    let audit = |query: String| {
        let path = format!("/api/v1/audit?{query}");
        async move { app.request_with(token, Method::GET, &path).answer().await }
    };
    let today = chrono::Utc::now().date_naive();
    let by_editor: AuditList = expect_json(
        audit(format!("actor={}", editor.email.to_uppercase())).await,
        200,
    )
    .await;
    assert_eq!(by_editor.page.total, 2);
    assert!(by_editor.items.iter().all(|e| e.actor == editor.email));
    let by_admin: AuditList = expect_json(audit(format!("actor={}", admin.email)).await, 200).await;
    assert!(by_admin.items.iter().all(|e| e.actor == admin.email));
    let during: AuditList = expect_json(
        audit(format!(
            "actor={}&since={today}&until={today}",
            editor.email
        ))
        .await,
        200,
    )
    .await;
    assert_eq!(during.page.total, 2);
    let tomorrow = today.succ_opt().expect("a next day");
    let later: AuditList = expect_json(audit(format!("since={tomorrow}")).await, 200).await;
    assert_eq!(later.page.total, 0);
    let before: AuditList = expect_json(
        audit(format!("until={}", today.pred_opt().expect("a day before"))).await,
        200,
    )
    .await;
    assert_eq!(before.page.total, 0);
    let reversed = expect_problem(
        audit(format!(
            "since={today}&until={}",
            today.pred_opt().expect("day")
        ))
        .await,
        400,
    )
    .await;
    assert_eq!(reversed.parameter.as_deref(), Some("until"));
    expect_problem(audit("since=demain".to_owned()).await, 400).await;
}

async fn revoked_and_expired_tokens_stop_working(app: TestApp) {
    let editor = app.staff(Role::Editor);
    let me: Value = app
        .request_with(&editor.token, Method::GET, "/api/v1/me")
        .expect_json(200)
        .await;
    assert_eq!(me["email"], json!(editor.email));
    let tokens: Vec<Value> = app
        .request_with(&editor.token, Method::GET, "/api/v1/tokens")
        .expect_json(200)
        .await;
    assert_eq!(tokens.len(), 1);
    assert!(tokens[0].get("secret").is_none() && !tokens[0].to_string().contains(&editor.token));
    let id = tokens[0]["id"].as_str().unwrap_or_default().to_owned();
    // Another editor cannot revoke it.
    let other = app.staff(Role::Editor);
    app.request_with(
        &other.token,
        Method::DELETE,
        &format!("/api/v1/tokens/{id}"),
    )
    .expect_problem(404)
    .await;
    app.request_with(
        &editor.token,
        Method::DELETE,
        &format!("/api/v1/tokens/{id}"),
    )
    .expect_status(204)
    .await;
    let problem = app
        .request_with(&editor.token, Method::GET, "/api/v1/me")
        .expect_problem(401)
        .await;
    assert_contains(&problem.detail, "révoqué");

    // Expired: its expiry moved to the past in the database.
    let expiring = app.staff(Role::Editor);
    {
        use diesel::prelude::*;
        use passerelle_store::schema::api_tokens;
        let mut conn = app.db.connection().expect("connection");
        diesel::update(api_tokens::table.filter(api_tokens::prefix.eq(&expiring.token[..8])))
            .set(
                api_tokens::expires_at
                    .eq(chrono::Utc::now().naive_utc() - chrono::Duration::minutes(1)),
            )
            .execute(&mut **conn)
            .expect("expire");
    }
    app.request_with(&expiring.token, Method::GET, "/api/v1/me")
        .expect_problem(401)
        .await;
}

/// Staff lists check their page like the public ones: out of range is a 400 naming it,
/// never a silent correction nor an overflow.
async fn staff_lists_refuse_pages_out_of_range(app: TestApp) {
    let admin = app.staff(Role::Admin);
    for list in [
        "/api/v1/editorial/publications",
        "/api/v1/editorial/events",
        "/api/v1/editorial/members",
        "/api/v1/audit",
    ] {
        for (query, parameter) in [
            ("page=0", "page"),
            ("page=2147483648", "page"),
            ("page=4294967295", "page"),
            ("limit=0", "limit"),
            ("limit=101", "limit"),
        ] {
            let path = format!("{list}?{query}");
            let problem = app
                .request_with(&admin.token, Method::GET, &path)
                .expect_problem(400)
                .await;
            assert_eq!(problem.parameter.as_deref(), Some(parameter), "{path}");
        }
        let last = format!("{list}?page=2147483647&limit=100");
        let page: Value = app
            .request_with(&admin.token, Method::GET, &last)
            .expect_json(200)
            .await;
        assert_eq!(page["items"], json!([]), "{last}");
    }
}

async fn keywords_are_kept_in_order_shown_and_searched(app: TestApp) {
    let editor = app.staff(Role::Editor);
    let mut body = draft("Guide des jardins partagés");
    body["keywords"] = json!(["Agroécologie", "Jardins", "agroécologie"]);
    let refused = app
        .request_with(
            &editor.token,
            Method::POST,
            "/api/v1/editorial/publications",
        )
        .json(&body.clone())
        .answer()
        .await;
    let problem: Problem = expect_json(refused, 422).await;
    let errors = problem.errors;
    assert_eq!(errors[0].field, "keywords[2]");
    assert_contains(&errors[0].message, "en double");

    // What a form sends as typed: blanks dropped, spaces trimmed, order kept.
    body["keywords"] = json!([" Permaculture", "Jardins ", " "]);
    let created = create_publication(&app, &editor.token, body).await;
    assert_eq!(created.content.keywords, ["Permaculture", "Jardins"]);
    publish(&app, &editor.token, "publications", created.id).await;
    let shown: Publication = app
        .json(&format!("/api/v1/publications/{}", created.slug))
        .await;
    assert_eq!(shown.keywords, ["Permaculture", "Jardins"]);
    let found: SearchResults = app.json("/api/v1/search?q=permaculture").await;
    assert_eq!(
        found
            .items
            .iter()
            .map(|hit| hit.slug.as_str())
            .collect::<Vec<_>>(),
        [created.slug.as_str()]
    );
}

async fn an_earlier_version_is_restored_as_a_new_one_and_history_tells_it_all(app: TestApp) {
    let editor = app.staff(Role::Editor);
    let token = editor.token.as_str();
    let created = create_publication(&app, token, draft("Guide des conseils citoyens")).await;
    let item = format!("/api/v1/editorial/publications/{}", created.id);
    let app = &app;
    let patch = |version: i32, body: Value| {
        let item = item.clone();
        async move {
            let response = app
                .request_with(token, Method::PATCH, &item)
                .header("If-Match", tag(version))
                .header("Content-Type", "application/merge-patch+json")
                .body(body.to_string())
                .send()
                .await
                .expect("patch");
            expect_json::<EditorialPublication>(response, 200).await
        }
    };
    let read_history = || async {
        let path = format!("{item}/history");
        app.request_with(token, Method::GET, &path)
            .expect_json(200)
            .await
    };
    patch(1, json!({"summary": "Deuxième résumé."})).await;
    patch(
        2,
        json!({"title": "Guide revu", "summary": "Troisième résumé.", "themes": []}),
    )
    .await;
    publish(app, token, "publications", created.id).await;

    let history: AuditList = read_history().await;
    let steps: Vec<(&str, Option<i32>)> = history
        .items
        .iter()
        .map(|e| (e.action.as_str(), e.version))
        .collect();
    assert_eq!(
        steps,
        [
            ("publish", Some(4)),
            ("update", Some(3)),
            ("update", Some(2)),
            ("create", Some(1))
        ]
    );
    assert_eq!(
        history.items[1].changes["title"],
        json!({"before": "Guide des conseils citoyens", "after": "Guide revu"})
    );

    // Version 2 comes back as version 5: title, summary and themes as they were then.
    let restore = |version: i32, if_match: i32| {
        let path = format!("{item}/versions/{version}/restore");
        async move {
            let tag = tag(if_match);
            app.request_with(token, Method::POST, &path)
                .header("If-Match", &tag)
                .answer()
                .await
        }
    };
    expect_problem(restore(2, 3).await, 412).await;
    let restored: EditorialPublication = expect_json(restore(2, 4).await, 200).await;
    assert_eq!(restored.version, 5);
    assert_eq!(restored.content.title, "Guide des conseils citoyens");
    assert_eq!(restored.content.summary, "Deuxième résumé.");
    assert_eq!(restored.content.themes, ["conseils-citoyens"]);
    // Still published, and the public sees the restored title at once.
    let public: Publication = app
        .json(&format!("/api/v1/publications/{}", created.id))
        .await;
    assert_eq!(public.summary.title, "Guide des conseils citoyens");

    // Nothing was rewritten: the restoration is one more step of the history.
    let history: AuditList = read_history().await;
    assert_eq!(history.items.len(), 5);
    assert_eq!(history.items[0].action, "restore_version");
    assert_eq!(history.items[0].actor, editor.email);

    // Only earlier versions, of items that exist.
    for version in [0, 5, 9] {
        let refused = expect_problem(restore(version, 5).await, 422).await;
        assert_eq!(refused.errors[0].field, "version");
    }
    let unknown = format!(
        "/api/v1/editorial/publications/{}/history",
        uuid::Uuid::new_v4()
    );
    app.request_with(token, Method::GET, &unknown)
        .expect_problem(404)
        .await;
    app.request(Method::GET, &format!("{item}/history"))
        .expect_problem(401)
        .await;
}

async fn the_teams_lists_search_titles_filter_and_sort(app: TestApp) {
    let admin = app.staff(Role::Admin);
    let mut guide = draft("Égalité des chances à Nîmes");
    guide["territories"] = json!(["commune-30189"]);
    let guide = create_publication(&app, &admin.token, guide).await;
    let mut study = draft("Zéro chômeur : l'étude");
    study["kind"] = json!("etat_des_lieux");
    study["themes"] = json!([]);
    study["territories"] = json!(["departement-34"]);
    let study = create_publication(&app, &admin.token, study).await;
    publish(&app, &admin.token, "publications", study.id).await;
    let titles = |list: EditorialList| -> Vec<String> {
        list.items.into_iter().map(|item| item.title).collect()
    };
    let list = |query: &'static str| {
        let app = &app;
        let token = admin.token.clone();
        async move {
            let path = format!("/api/v1/editorial/publications?{query}");
            let response = app.request_with(&token, Method::GET, &path).answer().await;
            expect_json::<EditorialList>(response, 200).await
        }
    };

    // Accents and capitals aside, every word of the title, drafts included.
    for query in [
        "q=egalite%20NIMES",
        "q=%C3%89GALIT%C3%89+chances",
        "q=chances+n%C3%AEmes",
    ] {
        assert_eq!(
            titles(list(query).await),
            ["Égalité des chances à Nîmes"],
            "{query}"
        );
    }
    assert!(list("q=egalite%20zero").await.items.is_empty());
    // The kind, the state, a theme, and a territory with what lies within it.
    let by_kind = list("kind=etat_des_lieux&q=zero").await;
    assert_eq!(titles(by_kind.clone()), ["Zéro chômeur : l'étude"]);
    assert_eq!(by_kind.items[0].kind, "etat_des_lieux");
    assert_eq!(
        titles(list("status=draft&q=zero").await),
        Vec::<String>::new()
    );
    let themed = titles(list("theme=conseils-citoyens&limit=100").await);
    assert!(themed.contains(&guide.content.title) && !themed.contains(&study.content.title));
    for (query, expected) in [
        (
            "territory=commune-30189",
            vec!["Égalité des chances à Nîmes"],
        ),
        (
            "territory=departement-30&q=chances",
            vec!["Égalité des chances à Nîmes"],
        ),
        (
            "territory=departement-34&q=zero",
            vec!["Zéro chômeur : l'étude"],
        ),
        ("territory=nulle-part", vec![]),
    ] {
        assert_eq!(titles(list(query).await), expected, "{query}");
    }
    // Orders: by title (accents aside, the same on both databases), by creation, by last
    // change (the default).
    let mut by_title = Vec::new();
    for page in 1.. {
        let path = format!("/api/v1/editorial/publications?sort=title&limit=100&page={page}");
        let response = app
            .request_with(&admin.token, Method::GET, &path)
            .answer()
            .await;
        let list: EditorialList = expect_json(response, 200).await;
        let last = list.page.page_count <= page;
        by_title.extend(titles(list));
        if last {
            break;
        }
    }
    let position = |title: &str| by_title.iter().position(|t| t == title);
    assert!(position(&guide.content.title) < position(&study.content.title));
    assert!(position(&study.content.title).is_some());
    let created = titles(list("sort=created&limit=2").await);
    assert_eq!(
        created,
        ["Zéro chômeur : l'étude", "Égalité des chances à Nîmes"]
    );
    let updated = titles(list("limit=1").await);
    assert_eq!(updated, ["Zéro chômeur : l'étude"]);
    // What cannot be understood is named.
    for (query, parameter) in [
        ("kind=brochure".to_owned(), "kind"),
        (format!("q={}", "a".repeat(201)), "q"),
        ("theme=a%00b".to_owned(), "theme"),
    ] {
        let path = format!("/api/v1/editorial/publications?{query}");
        let problem = app
            .request_with(&admin.token, Method::GET, &path)
            .expect_problem(400)
            .await;
        assert_eq!(problem.parameter.as_deref(), Some(parameter), "{query}");
    }
}

async fn a_draft_is_previewed_as_the_public_will_read_it_and_stays_unpublished(app: TestApp) {
    let editor = app.staff(Role::Editor);
    let draft = create_publication(&app, &editor.token, draft("Guide des jardins partagés")).await;
    let id = draft.id;
    let preview_path = format!("/api/v1/editorial/publications/{id}/preview");
    let public_path = format!("/api/v1/publications/{}", draft.slug);

    let response = app
        .request_with(&editor.token, Method::GET, &preview_path)
        .answer()
        .await;
    assert_eq!(header(&response, "cache-control"), "no-store");
    let preview: Publication = expect_json(response, 200).await;
    assert_eq!(preview.summary.title, "Guide des jardins partagés");
    assert_eq!(preview.summary.id, id);
    assert_contains(&preview.body_html, "<strong>agir</strong>");
    assert_eq!(
        preview
            .summary
            .territories
            .iter()
            .map(|t| t.id.as_str())
            .collect::<Vec<_>>(),
        ["departement-30"]
    );
    // Nothing was published, nor changed: the public still finds nothing, the version stays.
    app.request(Method::GET, &public_path)
        .expect_problem(404)
        .await;
    let again: EditorialPublication = app
        .request_with(
            &editor.token,
            Method::GET,
            &format!("/api/v1/editorial/publications/{id}"),
        )
        .expect_json(200)
        .await;
    assert_eq!((again.version, again.status), (1, draft.status));
    let search: PublicationList = app
        .request(
            Method::GET,
            "/api/v1/publications?q=jardins%20partag%C3%A9s",
        )
        .expect_json(200)
        .await;
    assert!(search.items.iter().all(|p| p.id != id));

    // Signed out: refused; an unknown item: 404 in French.
    app.request(Method::GET, &preview_path)
        .expect_problem(401)
        .await;
    let unknown = format!(
        "/api/v1/editorial/publications/{}/preview",
        uuid::Uuid::nil()
    );
    let problem = app
        .request_with(&editor.token, Method::GET, &unknown)
        .expect_problem(404)
        .await;
    assert_contains(&problem.detail, "Aucun");
}

/// A body is judged only once the caller may write: without credentials, a body that is
/// not JSON or does not fit is still a 401, so a stranger learns nothing of what a route
/// expects.
async fn a_stranger_gets_401_whatever_the_body(app: TestApp) {
    let id = uuid::Uuid::new_v4();
    let forged = "psl_".to_owned() + &"A".repeat(43);
    for (method, path) in [
        (Method::POST, "/api/v1/editorial/publications".to_owned()),
        (Method::PUT, format!("/api/v1/editorial/events/{id}")),
        (Method::PATCH, format!("/api/v1/editorial/members/{id}")),
        (Method::POST, "/api/v1/editorial/themes".to_owned()),
        (Method::POST, "/api/v1/editorial/preview".to_owned()),
        (Method::POST, "/api/v1/accounts".to_owned()),
        (Method::POST, "/api/v1/tokens".to_owned()),
        (
            Method::PUT,
            "/api/v1/editorial/pages/accessibilite".to_owned(),
        ),
        (
            Method::POST,
            format!("/api/v1/editorial/events/{id}/messages"),
        ),
    ] {
        for (content_type, body) in [
            ("text/plain", "title=x"),
            ("application/json", "{\"title\": "),
            ("application/json", "{\"colour\": \"red\"}"),
        ] {
            // No credentials at all, and a token that takes a lookup to refuse.
            for token in [None, Some(&forged)] {
                let mut request = app
                    .request(method.clone(), &path)
                    .header("Content-Type", content_type)
                    .body(body);
                if let Some(token) = token {
                    request = request.bearer_auth(token);
                }
                let problem = request.expect_problem(401).await;
                assert!(problem.errors.is_empty(), "{method} {path}: {problem:?}");
            }
        }
    }
}

on_fresh_databases!(
    a_stranger_gets_401_whatever_the_body,
    a_draft_is_previewed_as_the_public_will_read_it_and_stays_unpublished,
    the_teams_lists_search_titles_filter_and_sort,
    an_earlier_version_is_restored_as_a_new_one_and_history_tells_it_all,
    keywords_are_kept_in_order_shown_and_searched,
    staff_lists_refuse_pages_out_of_range,
    every_write_answers_by_role,
    drafts_stay_private_until_published_and_changes_are_searchable_at_once,
    stale_or_missing_versions_never_overwrite,
    invalid_content_is_refused_field_by_field_in_french,
    stored_scripts_come_back_inert,
    slugs_are_made_from_titles_and_kept_unique,
    members_keep_private_contacts_private,
    events_are_validated_and_published,
    themes_in_use_cannot_be_deleted,
    theme_calls_that_change_nothing_report_no_change,
    a_renamed_theme_shows_in_details_already_served,
    details_show_related_items_as_they_are_now,
    the_audit_log_tells_who_changed_what,
    revoked_and_expired_tokens_stop_working
);
