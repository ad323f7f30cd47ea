//! Hostile bodies on every write: malformed, mistyped, oversized, nested without end, with
//! control characters, SQL or script in each text field, under the wrong content type.
//! Every answer is a 4xx problem+json or a clean success — never a 5xx, never a hang — and
//! what is accepted is stored exactly as sent.

use std::time::Duration;

use passerelle_tests::{
    budgets, for_both_backends, fresh_database, spawn_app_with_budgets, Backend, TestApp,
};
use passerelle_types::{EditorialPublication, Role};
use reqwest::Method;
use serde_json::{json, Value};

/// A write endpoint, with a body it accepts.
struct Write {
    method: Method,
    path: String,
    valid: Value,
    /// Needs `If-Match: "1"`.
    versioned: bool,
}

fn publication() -> Value {
    json!({
        "title": "Diagnostic en marchant à Nîmes",
        "summary": "Parcours avec les habitants de Pissevin.",
        "body": "## Étapes\n\nUne **marche** exploratoire.",
        "kind": "compte_rendu",
        "year": 2025,
        "themes": ["conseils-citoyens"],
        "territories": ["departement-30"],
        "links": [{"url": "https://www.villesetterritoires.fr/", "label": "Le site", "media_type": null}],
    })
}

async fn send(
    app: &TestApp,
    token: &str,
    write: &Write,
    content_type: &str,
    body: Vec<u8>,
) -> (u16, String, String) {
    let mut request = app
        .request(write.method.clone(), &write.path)
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body);
    if write.versioned {
        request = request.header("If-Match", "\"1\"");
    }
    let response = tokio::time::timeout(Duration::from_secs(10), request.send())
        .await
        .unwrap_or_else(|_| panic!("{} {}: no answer", write.method, write.path))
        .expect("request");
    let status = response.status().as_u16();
    let content_type = passerelle_tests::header(&response, "content-type");
    (
        status,
        content_type,
        response.text().await.unwrap_or_default(),
    )
}

fn assert_refused_cleanly(what: &str, (status, content_type, body): &(u16, String, String)) {
    // Sign-in slows repeated failures down by design; elsewhere a 429 would hide the answer.
    assert!(*status != 429 || what.contains("/session"), "{what}: 429");
    assert!(
        (400..500).contains(status),
        "{what}: {status} (4xx attendu) {body}"
    );
    assert_eq!(content_type, "application/problem+json", "{what}: {body}");
    let problem: Value = serde_json::from_str(body).expect("problem");
    assert!(
        problem["detail"].as_str().is_some_and(|d| !d.is_empty()),
        "{what}: {body}"
    );
}

/// Every string in `value`, with its JSON pointer.
fn text_fields(value: &Value, pointer: String, found: &mut Vec<String>) {
    match value {
        Value::String(_) => found.push(pointer),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                text_fields(item, format!("{pointer}/{i}"), found);
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields {
                text_fields(item, format!("{pointer}/{key}"), found);
            }
        }
        _ => {}
    }
}

async fn hostile_bodies_are_refused_cleanly(backend: Backend) {
    let Some(db) = fresh_database(backend) else {
        return;
    };
    // Budgets out of the way: each body must reach the code that reads it.
    let app = spawn_app_with_budgets(db, budgets(100_000, 100_000, 100_000));
    let admin = app.staff(Role::Admin);
    let token = admin.token.as_str();
    let existing: EditorialPublication = app
        .request_with(token, Method::POST, "/api/v1/editorial/publications")
        .json(&publication())
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("created");
    let at = |path: &str| format!("/api/v1/editorial/{path}");
    let writes = [
        Write {
            method: Method::POST,
            path: at("publications"),
            valid: publication(),
            versioned: false,
        },
        Write {
            method: Method::PUT,
            path: at(&format!("publications/{}", existing.id)),
            valid: publication(),
            versioned: true,
        },
        Write {
            method: Method::POST,
            path: at("events"),
            valid: json!({"title": "Rencontre des conseils citoyens de l'Aude", "kind": "rencontre",
                "start_date": "2026-12-03", "start_time": "09:30:00", "venue_commune": "Narbonne",
                "online_url": "https://visio.exemple.fr/salle"}),
            versioned: false,
        },
        Write {
            method: Method::POST,
            path: at("members"),
            valid: json!({"name": "Conseil citoyen de Valdegour", "kind": "conseil_citoyen",
                "contact_email": "cc-valdegour@exemple.fr"}),
            versioned: false,
        },
        Write {
            method: Method::POST,
            path: at("themes"),
            valid: json!({"label": "Tiers-lieux"}),
            versioned: false,
        },
        Write {
            method: Method::POST,
            path: at("preview"),
            valid: json!({"markdown": "Un *aperçu*."}),
            versioned: false,
        },
        Write {
            method: Method::POST,
            path: "/api/v1/tokens".to_owned(),
            valid: json!({"name": "Intégration du site du département", "expires_in_days": 30}),
            versioned: false,
        },
        Write {
            method: Method::POST,
            path: "/api/v1/accounts".to_owned(),
            valid: json!({"email": "nouvelle@exemple.fr", "password": "un mot de passe assez long", "role": "editor"}),
            versioned: false,
        },
        Write {
            method: Method::POST,
            path: "/api/v1/session".to_owned(),
            valid: json!({"email": admin.email, "password": admin.password}),
            versioned: false,
        },
    ];

    let malformed: Vec<(&str, Vec<u8>)> = vec![
        ("tronqué", b"{\"title\": ".to_vec()),
        ("vide", Vec::new()),
        ("liste", b"[]".to_vec()),
        ("null", b"null".to_vec()),
        ("nombre", b"42".to_vec()),
        ("UTF-8 invalide", b"{\"title\": \"\xff\xfe\"}".to_vec()),
        ("surrogat isolé", br#"{"title": "\ud800"}"#.to_vec()),
        ("imbrication sans fin", "[".repeat(100_000).into_bytes()),
        ("champ inconnu", br#"{"couleur": "rouge"}"#.to_vec()),
        ("nombre démesuré", br#"{"year": 1e400}"#.to_vec()),
        (
            "entier démesuré",
            br#"{"year": 99999999999999999999}"#.to_vec(),
        ),
        ("clé en double", br#"{"title": "a", "title": "b"}"#.to_vec()),
        ("deux mégaoctets", vec![b' '; 2 * 1024 * 1024]),
    ];
    let hostile_texts = [
        "'; DROP TABLE publications; --",
        "<script>alert(1)</script>",
        "nul\u{0}caractère",
        "cloche\u{7}",
        "\u{202E}inversé",
        "../../etc/passwd",
        "=HYPERLINK(\"http://x\")",
        "🏘️ quartier",
    ];
    let huge = "é".repeat(300_000);

    for write in &writes {
        let what = |case: &str| format!("{} {} [{case}]", write.method, write.path);
        for (case, body) in &malformed {
            let answer = send(&app, token, write, "application/json", body.clone()).await;
            assert_refused_cleanly(&what(case), &answer);
        }
        for content_type in ["text/plain", "application/x-www-form-urlencoded", ""] {
            let body = serde_json::to_vec(&write.valid).expect("json");
            let answer = send(&app, token, write, content_type, body).await;
            assert_refused_cleanly(&what(content_type), &answer);
        }
        // Wrong types in each field.
        let Value::Object(fields) = &write.valid else {
            unreachable!()
        };
        for key in fields.keys() {
            for wrong in [json!(12), json!({"a": 1}), json!([[[]]]), json!(true)] {
                let mut body = write.valid.clone();
                body[key] = wrong.clone();
                let body = serde_json::to_vec(&body).expect("json");
                let answer = send(&app, token, write, "application/json", body).await;
                let (status, ..) = &answer;
                if *status >= 300 {
                    assert_refused_cleanly(&what(&format!("{key} = {wrong}")), &answer);
                }
            }
        }
        // Hostile text in each text field, nested ones included.
        let mut pointers = Vec::new();
        text_fields(&write.valid, String::new(), &mut pointers);
        for pointer in &pointers {
            for text in hostile_texts.iter().copied().chain([huge.as_str()]) {
                let mut body = write.valid.clone();
                *body.pointer_mut(pointer).expect("field") = json!(text);
                let bytes = serde_json::to_vec(&body).expect("json");
                let answer = send(&app, token, write, "application/json", bytes).await;
                let case = what(&format!("{pointer} = {:.40}", text));
                let (status, _, response) = &answer;
                if (200..300).contains(status) && *pointer == "/title" {
                    // Accepted: stored exactly as sent (trimmed), never interpreted.
                    let stored: Value = serde_json::from_str(response).expect("json");
                    assert_eq!(stored["content"]["title"], json!(text.trim()), "{case}");
                } else if !(200..300).contains(status) {
                    assert_refused_cleanly(&case, &answer);
                }
                if text.contains('\u{0}') || text.contains('\u{7}') {
                    assert!(!(200..300).contains(status), "{case}: accepted");
                }
            }
        }
    }
    // Nothing crashed: the server still answers and reads are intact.
    assert_eq!(app.get("/readyz").await.status(), 200);
    assert_eq!(
        app.get("/api/v1/publications/video-iness-narbonne")
            .await
            .status(),
        200
    );
}

for_both_backends!(hostile_bodies_are_refused_cleanly);
