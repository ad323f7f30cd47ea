//! The same content on SQLite and on PostgreSQL answers the same: 1,000 random
//! combinations of filters, orders and text queries return the same items in the same
//! order, the same totals and the same facet counts on both (the engine, fed from each);
//! and what each database answers itself — details with their related items, editorial
//! lists, withdrawals — is the same too.

use passerelle_http::RateLimitSettings;
use passerelle_tests::{fresh_database, spawn_app_with_budgets, Backend, TestApp};
use serde_json::Value;

/// The same seed gives the same 1,000 queries on every run.
struct Rng(fastrand::Rng);

impl Rng {
    fn seeded(seed: u64) -> Self {
        Rng(fastrand::Rng::with_seed(seed))
    }

    fn next(&mut self) -> u64 {
        self.0.u64(..)
    }

    fn pick<'a>(&mut self, values: &[&'a str]) -> &'a str {
        values[self.0.usize(..values.len())]
    }

    fn chance(&mut self, in_four: u64) -> bool {
        self.0.u64(..4) < in_four
    }
}

const WORDS: &[&str] = &[
    "conseils citoyens",
    "egalite",
    "renouvelement",
    "formation",
    "Nimes",
    "renouv",
    "\"contrat de ville\"",
    "sante",
    "habitants",
    "seminaire",
    "zero chomeur",
    "",
];
const THEMES: &[&str] = &[
    "conseils-citoyens",
    "egalite-femmes-hommes",
    "participation-des-habitants",
    "renouvellement-urbain",
    "contrat-de-ville",
    "sante",
];
const TERRITORIES: &[&str] = &[
    "region-76",
    "departement-30",
    "departement-34",
    "departement-11",
    "commune-34172",
];

fn random_query(rng: &mut Rng) -> String {
    let (list, sorts, kinds): (&str, &[&str], &[&str]) = match rng.next() % 4 {
        0 => (
            "publications",
            &["date_desc", "date_asc", "title", "relevance"],
            &["guide", "etat_des_lieux", "compte_rendu", "video"],
        ),
        1 => (
            "events",
            &["date_desc", "date_asc", "title", "relevance"],
            &["rencontre", "seminaire", "formation"],
        ),
        2 => (
            "members",
            &["name", "relevance"],
            &["conseil_citoyen", "association", "collectivite"],
        ),
        _ => (
            "search",
            &["date_desc", "date_asc", "title", "relevance"],
            &["guide", "rencontre", "association"],
        ),
    };
    let mut parameters = Vec::new();
    let q = rng.pick(WORDS);
    if !q.is_empty() {
        parameters.push(format!("q={}", q.replace(' ', "+").replace('"', "%22")));
    }
    if rng.chance(2) {
        parameters.push(format!("theme={}", rng.pick(THEMES)));
    }
    if rng.chance(2) {
        parameters.push(format!("territory={}", rng.pick(TERRITORIES)));
    }
    if rng.chance(1) {
        parameters.push(format!("kind={}", rng.pick(kinds)));
    }
    if rng.chance(2) {
        parameters.push(format!("sort={}", rng.pick(sorts)));
    }
    if list == "events" && rng.chance(2) {
        parameters.push(format!("when={}", rng.pick(&["past", "upcoming", "all"])));
    }
    parameters.push(format!("limit={}", 1 + rng.next() % 8));
    parameters.push(format!("page={}", 1 + rng.next() % 3));
    format!("/api/v1/{list}?{}", parameters.join("&"))
}

/// What must agree: ids in order, totals, facets (instants of seeding differ).
fn comparable(answer: &Value) -> Value {
    let ids: Vec<Value> = answer["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|item| item["id"].clone())
        .collect();
    serde_json::json!({
        "ids": ids,
        "total": answer["total"],
        "page_count": answer["page_count"],
        "facets": answer["facets"],
    })
}

fn app(backend: Backend) -> Option<TestApp> {
    let db = fresh_database(backend)?;
    let rate_limits = RateLimitSettings {
        reads: 1_000_000,
        ..RateLimitSettings::default()
    };
    Some(spawn_app_with_budgets(db, rate_limits))
}

#[tokio::test]
async fn sqlite_and_postgresql_give_the_same_answers() {
    let (Some(sqlite), Some(postgres)) = (app(Backend::Sqlite), app(Backend::Postgresql)) else {
        return;
    };
    let mut rng = Rng::seeded(2026);
    let mut non_empty = 0;
    for _ in 0..1000 {
        let path = random_query(&mut rng);
        let (left, right) = (sqlite.get(&path).await, postgres.get(&path).await);
        assert_eq!(left.status(), right.status(), "{path}");
        let status = left.status();
        let left: Value = left.json().await.unwrap_or_default();
        let right: Value = right.json().await.unwrap_or_default();
        if status.is_success() {
            if left["total"].as_u64().unwrap_or_default() > 0 {
                non_empty += 1;
            }
            assert_eq!(comparable(&left), comparable(&right), "{path}");
        } else {
            assert_eq!(left["detail"], right["detail"], "{path}");
        }
    }
    // The mix is not all empty results.
    assert!(non_empty > 300, "{non_empty} réponses non vides sur 1 000");
}

/// The answer with the instants of seeding and writing taken out (each database was seeded,
/// and written to, at its own moment).
fn without_instants(value: &Value) -> Value {
    match value {
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .filter(|(key, _)| !key.ends_with("_at"))
                .map(|(key, field)| (key.clone(), without_instants(field)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_instants).collect()),
        other => other.clone(),
    }
}

/// An editorial call; `item`, for a write, is the item whose version goes in If-Match.
async fn editorial(
    app: &TestApp,
    token: &str,
    method: reqwest::Method,
    path: &str,
    item: Option<&str>,
) -> Value {
    let mut request = app.request(method.clone(), path).bearer_auth(token);
    if let Some(item) = item {
        let version = app.editorial_version(token, item).await;
        request = request.header("If-Match", format!("\"{version}\""));
    }
    let response = request.send().await.expect("editorial call");
    assert!(response.status().is_success(), "{method} {path}");
    response.json().await.unwrap_or_default()
}

/// Beyond what the engine answers (fed alike from both), what each database answers itself
/// agrees too: every detail with its related items, the editorial lists, the withdrawals.
#[tokio::test]
async fn each_database_answers_details_editorial_lists_and_withdrawals_alike() {
    let (Some(sqlite), Some(postgres)) = (app(Backend::Sqlite), app(Backend::Postgresql)) else {
        return;
    };
    let tokens = (
        sqlite.staff(passerelle_types::Role::Editor).token,
        postgres.staff(passerelle_types::Role::Editor).token,
    );
    let mut details = 0;
    for kind in ["publications", "events", "members"] {
        let list: Value = sqlite.json(&format!("/api/v1/{kind}?limit=100")).await;
        for item in list["items"].as_array().into_iter().flatten() {
            let path = format!("/api/v1/{kind}/{}", item["slug"].as_str().expect("slug"));
            let (left, right): (Value, Value) =
                (sqlite.json(&path).await, postgres.json(&path).await);
            assert_eq!(without_instants(&left), without_instants(&right), "{path}");
            details += 1;
        }
        let path = format!("/api/v1/editorial/{kind}?limit=100");
        let left = editorial(&sqlite, &tokens.0, reqwest::Method::GET, &path, None).await;
        let right = editorial(&postgres, &tokens.1, reqwest::Method::GET, &path, None).await;
        assert_eq!(without_instants(&left), without_instants(&right), "{path}");
    }
    assert!(details > 30, "{details} détails comparés");

    // The same withdrawals on both: the same answer from /deletions.
    let publications: Value = sqlite.json("/api/v1/publications?sort=title&limit=2").await;
    let events: Value = sqlite
        .json("/api/v1/events?when=all&sort=title&limit=1")
        .await;
    for (app, token) in [(&sqlite, &tokens.0), (&postgres, &tokens.1)] {
        let publication = format!(
            "/api/v1/editorial/publications/{}",
            publications["items"][0]["id"].as_str().expect("id")
        );
        let unpublish = format!("{publication}/unpublish");
        editorial(
            app,
            token,
            reqwest::Method::POST,
            &unpublish,
            Some(&publication),
        )
        .await;
        let event = format!(
            "/api/v1/editorial/events/{}",
            events["items"][0]["id"].as_str().expect("id")
        );
        editorial(app, token, reqwest::Method::DELETE, &event, Some(&event)).await;
    }
    let (left, right): (Value, Value) = (
        sqlite.json("/api/v1/deletions").await,
        postgres.json("/api/v1/deletions").await,
    );
    assert_eq!(left["total"], 2);
    assert_eq!(without_instants(&left), without_instants(&right));
}
