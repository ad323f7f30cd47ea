//! Every bad input is a 400 problem naming the parameter; unknown ids are 404s.

use passerelle_tests::{header, on_both_backends, Expect, TestApp};
use passerelle_types::{EventQuery, MemberQuery, PublicationQuery, SearchQuery, WithdrawalQuery};

async fn invalid_parameters_are_named_in_a_french_problem(app: TestApp) {
    let cases = [
        ("/api/v1/publications?from=2019-02-30", "from"),
        ("/api/v1/publications?to=demain", "to"),
        ("/api/v1/publications?from=2020-01-01&to=2019-01-01", "to"),
        ("/api/v1/publications?theme=inconnu", "theme"),
        ("/api/v1/publications?theme=%C3%89galit%C3%A9", "theme"),
        ("/api/v1/publications?territory=departement-99", "territory"),
        ("/api/v1/publications?kind=brochure", "kind"),
        ("/api/v1/publications?sort=popularite", "sort"),
        ("/api/v1/publications?limit=0", "limit"),
        ("/api/v1/publications?limit=1000", "limit"),
        ("/api/v1/publications?limit=dix", "limit"),
        ("/api/v1/publications?page=0", "page"),
        ("/api/v1/publications?page=2147483648", "page"),
        ("/api/v1/publications?year=deux-mille", "year"),
        ("/api/v1/publications?query=egalite", "query"),
        ("/api/v1/publications?sort=title&sort=date_asc", "sort"),
        ("/api/v1/events?when=demain", "when"),
        ("/api/v1/events?kind=concert", "kind"),
        ("/api/v1/events?limit=101", "limit"),
        ("/api/v1/members?kind=entreprise", "kind"),
        ("/api/v1/members?year=2019", "year"),
        ("/api/v1/members?theme=inconnu", "theme"),
        ("/api/v1/themes?lang=en", "lang"),
        ("/api/v1/territories?level=region", "level"),
        (
            "/api/v1/publications/video-iness-narbonne?include=body",
            "include",
        ),
    ];
    for (path, parameter) in cases {
        let problem = app.problem(path, 400).await;
        assert_eq!(problem.parameter.as_deref(), Some(parameter), "{path}");
        assert_eq!(problem.title, "Paramètre invalide");
        assert!(
            problem.detail.contains(&format!("« {parameter} »"))
                || problem.detail.contains(&format!("({parameter})")),
            "{path}: {}",
            problem.detail
        );
    }
}

async fn unknown_items_are_404_problems(app: TestApp) {
    for path in [
        "/api/v1/publications/n-existe-pas",
        "/api/v1/publications/00000000-0000-0000-0000-000000000000",
        "/api/v1/events/n-existe-pas",
        "/api/v1/members/n-existe-pas",
        "/api/v1/nulle-part",
        "/api/v2/publications",
    ] {
        let problem = app.problem(path, 404).await;
        assert_eq!(problem.title, "Ressource introuvable");
        assert!(problem.parameter.is_none());
    }
}

async fn writes_are_refused_on_the_read_api(app: TestApp) {
    let response = app
        .client
        .delete(app.url("/api/v1/publications/video-iness-narbonne"))
        .expect_status(405)
        .await;
    assert_eq!(
        header(&response, "content-type"),
        "application/problem+json"
    );
    // Every 405 says which methods the address takes, from the OpenAPI document.
    for (method, path, allow) in [
        (
            "DELETE",
            "/api/v1/publications/video-iness-narbonne",
            "GET, HEAD",
        ),
        ("TRACE", "/api/v1/me", "GET, HEAD"),
        ("PUT", "/api/v1/session", "GET, HEAD, POST, DELETE"),
        ("GET", "/api/v1/editorial/preview", "POST"),
        ("POST", "/healthz", "GET, HEAD"),
        ("DELETE", "/publications", "GET, HEAD"),
    ] {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let response = app
            .request(method.clone(), path)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 405, "{method} {path}");
        assert_eq!(header(&response, "allow"), allow, "{method} {path}");
        assert_eq!(
            header(&response, "content-type"),
            "application/problem+json",
            "{method} {path}"
        );
    }
    // An address the API does not have is a 404, whatever the method.
    app.request(reqwest::Method::POST, "/api/v1/nulle-part")
        .expect_status(404)
        .await;
}

async fn hostile_values_never_cause_a_server_error(app: TestApp) {
    for path in [
        "/api/v1/publications?theme=%FF%FE",
        "/api/v1/publications?limit=-1",
        "/api/v1/publications?limit=99999999999999999999",
        "/api/v1/publications?from=0000-00-00",
        "/api/v1/publications?territory=' OR 1=1 --",
        "/api/v1/events?when=&sort=",
        "/api/v1/publications/%27%20OR%201%3D1",
    ] {
        let status = app.get(path).await.status();
        assert!(status.is_client_error(), "{path}: {status}");
    }
}

/// Every public read, fed each kind of hostile value in each of its parameters: the answer
/// is a problem+json or a normal answer, never a server error, never a hang.
async fn every_parameter_withstands_hostile_values(app: TestApp) {
    let long = "a".repeat(5000);
    let repeated = vec!["theme=sante"; 300].join("&");
    let values = [
        "%FF%FE%FD",                           // invalid UTF-8
        "%00",                                 // NUL
        "'%20OR%201=1%20--",                   // SQL
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E", // HTML
        "%22%3A(*-)%22%22",                    // query syntax, unbalanced quotes
        "-1",
        "99999999999999999999999999",
        "1e309",
        long.as_str(),
        "",
    ];
    // Every parameter each endpoint accepts, from the shared query types: a parameter
    // added later is covered without touching this test.
    let with_format = |parameters: &[&'static str]| {
        let mut all = parameters.to_vec();
        all.push("format");
        all
    };
    let endpoints: [(&str, Vec<&str>); 9] = [
        (
            "/api/v1/publications",
            with_format(PublicationQuery::PARAMETERS),
        ),
        ("/api/v1/events", with_format(EventQuery::PARAMETERS)),
        ("/api/v1/members", with_format(MemberQuery::PARAMETERS)),
        ("/api/v1/search", SearchQuery::PARAMETERS.to_vec()),
        ("/api/v1/events.ics", EventQuery::PARAMETERS.to_vec()),
        (
            "/api/v1/publications.atom",
            PublicationQuery::PARAMETERS.to_vec(),
        ),
        ("/api/v1/deletions", WithdrawalQuery::PARAMETERS.to_vec()),
        ("/widgets/evenements", EventQuery::PARAMETERS.to_vec()),
        ("/api/v1/themes", vec!["x"]),
    ];
    for (endpoint, parameters) in endpoints {
        for parameter in &parameters {
            for value in values {
                let path = format!("{endpoint}?{parameter}={value}");
                let response = app.get(&path).await;
                let status = response.status();
                assert!(!status.is_server_error(), "{path}: {status}");
                if status.is_client_error() {
                    let content_type = passerelle_tests::header(&response, "content-type");
                    assert_eq!(content_type, "application/problem+json", "{path}");
                }
            }
        }
        let status = app.get(&format!("{endpoint}?{repeated}")).await.status();
        assert!(!status.is_server_error(), "{endpoint} répété : {status}");
    }
    // Hostile keys in the paths of details.
    for key in [
        "%FF",
        "..%2F..%2Fetc%2Fpasswd",
        "%3Cscript%3E",
        long.as_str(),
    ] {
        for detail in ["publications", "events", "members"] {
            let status = app.get(&format!("/api/v1/{detail}/{key}")).await.status();
            assert!(status.is_client_error(), "{detail}/{key}: {status}");
        }
    }
}

/// What the document says of an empty filter value — « vide : aucun filtre » — is what the
/// server does: `kind=` (a plain HTML form's « tous ») answers as if it were absent.
async fn empty_filter_values_filter_nothing_as_documented(app: TestApp) {
    let spec: serde_json::Value =
        serde_json::from_str(&passerelle_http::openapi_json()).expect("spec");
    for (path, absent, empty) in [
        ("/api/v1/publications", "", "kind=&theme=&territory=&year="),
        (
            "/api/v1/events",
            "when=all",
            "when=all&kind=&theme=&territory=&year=,",
        ),
        ("/api/v1/members", "", "kind=&theme=&territory="),
        ("/api/v1/search", "", "type=&kind=&theme=&territory=&year="),
        ("/api/v1/deletions", "", "type="),
    ] {
        let plain: serde_json::Value = app.json(&format!("{path}?{absent}")).await;
        let emptied: serde_json::Value = app.json(&format!("{path}?{empty}")).await;
        assert_eq!(plain, emptied, "{path}?{empty}");
        // Each of these parameters is documented as taking an empty value.
        for pair in empty.split('&') {
            let name = pair.split('=').next().unwrap_or_default();
            if name == "when" {
                continue;
            }
            let parameter = spec["paths"][path]["get"]["parameters"]
                .as_array()
                .and_then(|all| all.iter().find(|p| p["name"] == name))
                .unwrap_or_else(|| panic!("{path}: {name} undocumented"));
            let items = &parameter["schema"]["items"];
            let schema = match items["$ref"].as_str() {
                Some(reference) => {
                    &spec["components"]["schemas"]
                        [reference.trim_start_matches("#/components/schemas/")]
                }
                None => items,
            };
            let text = schema.to_string();
            let any_text = schema["type"] == "string"
                && schema.get("enum").is_none()
                && schema.get("pattern").is_none();
            assert!(
                any_text || text.contains(r#""enum":[""]"#) || text.contains("{0,"),
                "{path}: {name} does not document an empty value: {text}"
            );
        }
    }
}

on_both_backends!(
    empty_filter_values_filter_nothing_as_documented,
    every_parameter_withstands_hostile_values,
    invalid_parameters_are_named_in_a_french_problem,
    unknown_items_are_404_problems,
    writes_are_refused_on_the_read_api,
    hostile_values_never_cause_a_server_error,
);

/// A method a documented path does not take, refused by actix itself, still says which it
/// takes (from the OpenAPI document) in a French problem.
#[tokio::test]
async fn a_method_refused_by_the_router_names_the_methods_the_path_takes() {
    let app = passerelle_tests::spawn_app(passerelle_tests::Backend::Sqlite)
        .await
        .expect("SQLite is always available");
    let refused = app
        .request(reqwest::Method::PUT, "/api/v1/editorial/themes")
        .send()
        .await
        .expect("request");
    assert_eq!(refused.status(), reqwest::StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        passerelle_tests::header(&refused, "allow"),
        "GET, HEAD, POST"
    );
    passerelle_tests::expect_problem(refused, 405).await;
}
