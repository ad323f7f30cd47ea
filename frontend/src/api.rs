//! The API client: relative URLs, shared types, problem+json decoded into a typed error.

use gloo_net::http::Request;
use leptos::prelude::{document, window};
use passerelle_types::{
    Event, EventList, EventQuery, Member, MemberList, MemberQuery, Problem, Publication,
    PublicationList, PublicationQuery, QueryError, SearchQuery, SearchResults,
};
use serde::de::DeserializeOwned;
use std::sync::atomic::{AtomicU32, Ordering};
use wasm_bindgen::JsCast;

/// Why a call failed, worded for the people using the site.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server could not be reached.
    Network,
    /// The server answered with a problem.
    Problem(Problem),
    /// The server answered something this client cannot read.
    Unreadable,
    /// The address holds a parameter the API would refuse.
    InvalidAddress(String),
}

impl ApiError {
    pub fn message(&self) -> String {
        match self {
            ApiError::Network => {
                "Le serveur est injoignable. Vérifiez votre connexion puis réessayez.".to_owned()
            }
            ApiError::Problem(problem) => problem.detail.clone(),
            ApiError::Unreadable => {
                "La réponse du serveur est illisible. Réessayez dans quelques instants.".to_owned()
            }
            ApiError::InvalidAddress(message) => format!("Adresse invalide : {message}"),
        }
    }

    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiError::Problem(p) if p.status == 404)
    }
}

impl From<QueryError> for ApiError {
    fn from(error: QueryError) -> Self {
        ApiError::InvalidAddress(error.message)
    }
}

/// Requests on their way: the client takes the place of the server's page once none is
/// left (`takeover.rs`).
static IN_FLIGHT: AtomicU32 = AtomicU32::new(0);

pub(crate) fn in_flight() -> u32 {
    IN_FLIGHT.load(Ordering::Relaxed)
}

/// Counts a request while it runs, however it ends.
struct Flying;

impl Flying {
    fn start() -> Flying {
        IN_FLIGHT.fetch_add(1, Ordering::Relaxed);
        Flying
    }
}

impl Drop for Flying {
    fn drop(&mut self) {
        IN_FLIGHT.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The answer to `url` the server wrote into the page it served (`crates/pages`), as JSON
/// (a text answer as a JSON string), taken once: later visits to the same view ask the API.
fn written_in_page(url: &str) -> Option<String> {
    let scripts = document().query_selector_all("script[data-api]").ok()?;
    (0..scripts.length())
        .filter_map(|i| scripts.item(i)?.dyn_into::<web_sys::Element>().ok())
        .find(|script| script.get_attribute("data-api").as_deref() == Some(url))
        .and_then(|script| {
            script.remove();
            script.text_content()
        })
}

/// Lets the browser breathe: each answer read from the page is drawn in a task of its own,
/// so that the client's first render is several shorter tasks rather than one long one.
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

pub(crate) async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    if let Some(body) = written_in_page(url) {
        // Counted as a request until drawn: the client takes over once all are.
        let _drawing = Flying::start();
        next_task().await;
        return serde_json::from_str(&body).map_err(|_| ApiError::Unreadable);
    }
    let _flying = Flying::start();
    let response = Request::get(url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    // `decode`, written out: calling it costs the public bundle a few hundred bytes.
    if response.ok() {
        response.json::<T>().await.map_err(|_| ApiError::Unreadable)
    } else {
        let problem = response.json::<Problem>().await;
        Err(problem.map_or(ApiError::Unreadable, ApiError::Problem))
    }
}

/// The body of a success, or the problem the server answered.
pub(crate) async fn decode<T: DeserializeOwned>(
    response: gloo_net::http::Response,
) -> Result<T, ApiError> {
    if response.ok() {
        response.json::<T>().await.map_err(|_| ApiError::Unreadable)
    } else {
        let problem = response.json::<Problem>().await;
        Err(problem.map_or(ApiError::Unreadable, ApiError::Problem))
    }
}

fn with_query(path: &str, query: String) -> String {
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// The lists and the search, each for the page's query string as the API's own parser
/// reads it back: an address the API would refuse is refused here, before any call.
macro_rules! lists {
    ($($name:ident: $query:ident -> $answer:ident at $path:literal;)*) => {$(
        pub async fn $name(search: String) -> Result<$answer, ApiError> {
            let query = $query::parse(search.trim_start_matches('?'))?;
            get_json(&with_query($path, query.to_query_string())).await
        }
    )*};
}

lists! {
    publications: PublicationQuery -> PublicationList at "/api/v1/publications";
    events: EventQuery -> EventList at "/api/v1/events";
    members: MemberQuery -> MemberList at "/api/v1/members";
    search: SearchQuery -> SearchResults at "/api/v1/search";
}

pub(crate) use passerelle_types::address::segment;

/// The schema.org description of a detail (`/api/v1/events/…`), as JSON-LD text.
pub async fn linked_data(path: String) -> Option<String> {
    text(&path, "application/ld+json").await
}

/// A body as text, when the answer is a success.
pub(crate) async fn text(path: &str, accept: &str) -> Option<String> {
    if let Some(body) = written_in_page(path) {
        return serde_json::from_str(&body).ok();
    }
    let _flying = Flying::start();
    let response = Request::get(path)
        .header("Accept", accept)
        .send()
        .await
        .ok()?;
    if response.ok() {
        response.text().await.ok()
    } else {
        None
    }
}

pub async fn publication(slug: String) -> Result<Publication, ApiError> {
    get_json(&format!("/api/v1/publications/{}", segment(&slug))).await
}

pub async fn event(slug: String) -> Result<Event, ApiError> {
    get_json(&format!("/api/v1/events/{}", segment(&slug))).await
}

/// Where an event's registrations stand (places, waiting list, dates).
pub async fn registration_availability(
    slug: String,
) -> Result<passerelle_types::RegistrationAvailability, ApiError> {
    get_json(&format!("/api/v1/events/{}/registration", segment(&slug))).await
}

pub async fn member(slug: String) -> Result<Member, ApiError> {
    get_json(&format!("/api/v1/members/{}", segment(&slug))).await
}
