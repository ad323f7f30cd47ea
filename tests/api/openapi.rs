//! The committed spec is what the server serves, and it documents what the API accepts.

use std::path::PathBuf;

use passerelle_tests::{required_header, spawn_app, Backend, Expect};
use passerelle_types::{EventQuery, MemberQuery, PublicationQuery, SearchQuery, WithdrawalQuery};
use reqwest::{Method, StatusCode};
use serde_json::Value;

fn committed_spec_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../openapi/openapi.json")
}

#[tokio::test]
async fn served_spec_matches_the_committed_one() {
    let app = spawn_app(Backend::Sqlite)
        .await
        .expect("SQLite is always available");
    let served: Value = app.json("/api/openapi.json").await;
    let path = committed_spec_path();
    if std::env::var("UPDATE_OPENAPI").is_ok_and(|v| v == "1") {
        std::fs::write(&path, passerelle_http::openapi_json() + "\n").expect("write spec");
    }
    let committed: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_default())
            .unwrap_or(Value::Null);
    assert!(
        served == committed,
        "openapi/openapi.json differs from the served spec: run `UPDATE_OPENAPI=1 cargo test -p passerelle-tests openapi` \
         (or `cargo run -p passerelle -- openapi > openapi/openapi.json`) and review the diff"
    );
}

#[tokio::test]
async fn the_spec_is_revalidated_without_being_sent_again() {
    let app = spawn_app(Backend::Sqlite)
        .await
        .expect("SQLite is always available");
    let first = app.get("/api/openapi.json").await;
    assert_eq!(first.status(), StatusCode::OK);
    let tag = required_header(&first, "etag");
    let again = app
        .request(Method::GET, "/api/openapi.json")
        .header("If-None-Match", &tag)
        .expect_status(304)
        .await;
    assert!(again.bytes().await.expect("body").is_empty());
    // The interactive documentation reads the same address.
    let docs = app.get("/api/docs/swagger-initializer.js").await;
    assert_eq!(docs.status(), StatusCode::OK);
    assert!(docs.text().await.expect("js").contains("/api/openapi.json"));
}

fn query_parameters(spec: &Value, path: &str) -> Vec<String> {
    let mut names: Vec<String> = spec["paths"][path]["get"]["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["in"] == "query")
        .filter_map(|p| p["name"].as_str().map(str::to_owned))
        .collect();
    names.sort();
    names
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    names.sort();
    names
}

#[test]
fn every_operation_has_an_operation_id_of_its_own() {
    let spec: Value = serde_json::from_str(&passerelle_http::openapi_json()).expect("spec");
    let mut seen = std::collections::HashMap::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            let Some(id) = operation.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            assert!(
                id.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{method} {path}: {id}"
            );
            if let Some(earlier) = seen.insert(id.to_owned(), format!("{method} {path}")) {
                panic!("operationId « {id} » is used by {earlier} and by {method} {path}");
            }
        }
    }
    assert!(seen.len() > 60, "{}", seen.len());
}

#[test]
fn documented_parameters_are_exactly_the_accepted_ones() {
    let spec: Value = serde_json::from_str(&passerelle_http::openapi_json()).expect("spec");
    assert_eq!(spec["openapi"], "3.1.0");
    assert_eq!(
        query_parameters(&spec, "/api/v1/publications"),
        sorted(PublicationQuery::PARAMETERS)
    );
    assert_eq!(
        query_parameters(&spec, "/api/v1/events"),
        sorted(EventQuery::PARAMETERS)
    );
    assert_eq!(
        query_parameters(&spec, "/api/v1/members"),
        sorted(MemberQuery::PARAMETERS)
    );
    assert_eq!(
        query_parameters(&spec, "/api/v1/search"),
        sorted(SearchQuery::PARAMETERS)
    );
    assert_eq!(
        query_parameters(&spec, "/api/v1/deletions"),
        sorted(WithdrawalQuery::PARAMETERS)
    );
}

/// Every `$ref` found in `value`, with where it was found.
fn references(value: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                if let (true, Some(target)) = (key == "$ref", inner.as_str()) {
                    out.push((at.to_owned(), target.to_owned()));
                }
                references(inner, &format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                references(inner, &format!("{at}/{index}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_reference_of_the_document_leads_somewhere() {
    let spec: Value = serde_json::from_str(&passerelle_http::openapi_json()).expect("spec");
    let mut found = Vec::new();
    references(&spec, "", &mut found);
    assert!(!found.is_empty());
    let dangling: Vec<String> = found
        .into_iter()
        .filter(|(_, target)| spec.pointer(target.trim_start_matches('#')).is_none())
        .map(|(at, target)| format!("{at} → {target}"))
        .collect();
    assert!(dangling.is_empty(), "{dangling:#?}");
}

#[test]
fn every_operation_documents_its_errors_in_french() {
    let spec: Value = serde_json::from_str(&passerelle_http::openapi_json()).expect("spec");
    let staff_only = [
        "/api/v1/editorial",
        "/api/v1/accounts",
        "/api/v1/audit",
        "/api/v1/tokens",
        "/api/v1/session",
        "/api/v1/me",
    ];
    let is_staff = |path: &str| {
        staff_only
            .iter()
            .any(|prefix| path == *prefix || path.starts_with(&format!("{prefix}/")))
    };
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("operations") {
            let name = format!("{} {path}", method.to_uppercase());
            assert!(operation["summary"].is_string(), "{name} has no summary");
            let responses = operation["responses"].as_object().expect("responses");
            // Every error is documented as problem+json, in place or by reference.
            for (status, response) in responses {
                let response = match response["$ref"].as_str() {
                    Some(reference) => spec
                        .pointer(reference.trim_start_matches('#'))
                        .unwrap_or_else(|| panic!("{name}: {status} refers to nothing")),
                    None => response,
                };
                if status.starts_with('4') || status.starts_with('5') {
                    let problem = &response["content"]["application/problem+json"];
                    assert!(problem.is_object(), "{name}: {status} is not problem+json");
                    assert!(
                        response["description"]
                            .as_str()
                            .is_some_and(|d| !d.is_empty()),
                        "{name}: {status} is not described"
                    );
                }
            }
            // What the server's limits and outages answer, whatever the operation.
            for status in ["414", "429", "431", "503"] {
                assert!(
                    responses.contains_key(status),
                    "{name} does not document {status}"
                );
            }
            let public_list = method == "get"
                && path.starts_with("/api/v1/")
                && !path.starts_with("/api/v1/documents")
                && !is_staff(path);
            if public_list {
                assert!(
                    responses.contains_key("400"),
                    "{name} does not document 400"
                );
            }
            if is_staff(path) && path != "/api/v1/session" {
                assert!(
                    responses.contains_key("401"),
                    "{name} does not document 401"
                );
                assert!(
                    operation["security"].is_array(),
                    "{name} names no security scheme"
                );
            }
            if path.contains('{') {
                assert!(
                    responses.contains_key("404"),
                    "{name} does not document 404"
                );
            }
        }
    }
}

#[tokio::test]
async fn interactive_docs_are_served_without_internet() {
    let app = spawn_app(Backend::Sqlite)
        .await
        .expect("SQLite is always available");
    let page = app.get("/api/docs/").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap_or_default();
    assert!(
        !html.contains("cdn") && !html.contains("unpkg"),
        "docs must not load from a CDN"
    );
    let bundle = app.get("/api/docs/swagger-ui-bundle.js").await;
    assert_eq!(
        bundle.status(),
        200,
        "Swagger UI assets are shipped in the binary"
    );
    let redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .get(app.url("/api/docs"))
        .send()
        .await
        .expect("request");
    assert!(redirect.status().is_redirection());
}

/// Every operation the document declares is served: none falls through to the answer for
/// an unknown address (404 « Aucune ressource ») or for a method the address does not take
/// (405). Identifiers in paths are made up: a 404 naming the missing item is a served route.
#[tokio::test]
async fn every_documented_operation_is_served() {
    let app = spawn_app(Backend::Sqlite)
        .await
        .expect("SQLite is always available");
    let spec: Value = serde_json::from_str(&passerelle_http::openapi_json()).expect("spec");
    let mut checked = 0;
    for (template, item) in spec["paths"].as_object().expect("paths") {
        let path = concrete(template);
        for method in item.as_object().expect("path item").keys() {
            let Ok(method) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            let response = app
                .request(method.clone(), &path)
                .send()
                .await
                .expect("request");
            let status = response.status();
            let body = response.text().await.unwrap_or_default();
            assert_ne!(
                status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}: {body}"
            );
            assert!(
                !(status == StatusCode::NOT_FOUND && body.contains("Aucune ressource")),
                "{method} {path} is documented but not served: {body}"
            );
            // Outside the API an unserved GET would get the client's page.
            assert!(
                !body.contains("n'est pas construit"),
                "{method} {path} is documented but not served: {body}"
            );
            checked += 1;
        }
    }
    assert!(checked > 60, "{checked}");
}

/// A documented path with a concrete identifier in place of each parameter.
fn concrete(template: &str) -> String {
    template
        .split('/')
        .map(|segment| match segment.split_once('}') {
            Some((_, rest)) if segment.starts_with('{') => {
                format!("00000000-0000-0000-0000-000000000000{rest}")
            }
            _ => segment.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The other way round: at a documented address, a method the document does not give is
/// not served (405, with the documented methods in `Allow`), and every GET answers HEAD.
/// Routes are registered from their documentation, so nothing is served undocumented.
#[tokio::test]
async fn nothing_is_served_at_a_documented_path_that_the_document_does_not_give() {
    let db = passerelle_tests::fresh_database(Backend::Sqlite).expect("SQLite is always available");
    let mut settings = passerelle_tests::test_settings(None);
    settings.rate_limits.writes = 10_000;
    let app = passerelle_tests::spawn_app_on_with(db, settings);
    let spec: Value = serde_json::from_str(&passerelle_http::openapi_json()).expect("spec");
    let mut refused = 0;
    for (template, item) in spec["paths"].as_object().expect("paths") {
        let path = concrete(template);
        let documented: Vec<String> = item
            .as_object()
            .expect("path item")
            .keys()
            .map(|m| m.to_uppercase())
            .collect();
        let takes = |method: &str| {
            documented.iter().any(|m| m == method)
                || (method == "HEAD" && documented.iter().any(|m| m == "GET"))
        };
        let allow: Vec<&str> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
            .into_iter()
            .filter(|m| takes(m))
            .collect();
        for method in ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] {
            let response = app
                .request(method.parse().expect("method"), &path)
                .send()
                .await
                .expect("request");
            let status = response.status();
            if takes(method) {
                assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
            } else {
                assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
                assert_eq!(
                    passerelle_tests::header(&response, "allow"),
                    allow.join(", "),
                    "{method} {path}"
                );
                refused += 1;
            }
        }
    }
    assert!(refused > 100, "{refused}");
}
