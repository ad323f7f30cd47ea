//! The API client: relative URLs, shared types, problem+json decoded into a typed error.

use gloo_net::http::Request;
use passerelle_types::{
    Event, EventList, EventQuery, Member, MemberList, MemberQuery, Problem, Publication,
    PublicationList, PublicationQuery, QueryError, SearchQuery, SearchResults,
};
use serde::de::DeserializeOwned;

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

pub(crate) async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let response = Request::get(url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    // `decode`, written out: calling it costs the public bundle a few hundred bytes.
    if response.ok() {
        response.json::<T>().await.map_err(|_| ApiError::Unreadable)
    } else {
        match response.json::<Problem>().await {
            Ok(problem) => Err(ApiError::Problem(problem)),
            Err(_) => Err(ApiError::Unreadable),
        }
    }
}

/// The body of a success, or the problem the server answered.
pub(crate) async fn decode<T: DeserializeOwned>(
    response: gloo_net::http::Response,
) -> Result<T, ApiError> {
    if response.ok() {
        response.json::<T>().await.map_err(|_| ApiError::Unreadable)
    } else {
        match response.json::<Problem>().await {
            Ok(problem) => Err(ApiError::Problem(problem)),
            Err(_) => Err(ApiError::Unreadable),
        }
    }
}

fn with_query(path: &str, query: String) -> String {
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// Each list takes the page's query string, checked with the API's own parser first.
pub async fn publications(search: String) -> Result<PublicationList, ApiError> {
    let query = PublicationQuery::parse(search.trim_start_matches('?'))?;
    get_json(&with_query("/api/v1/publications", query.to_query_string())).await
}

pub async fn events(search: String) -> Result<EventList, ApiError> {
    let query = EventQuery::parse(search.trim_start_matches('?'))?;
    get_json(&with_query("/api/v1/events", query.to_query_string())).await
}

pub async fn members(search: String) -> Result<MemberList, ApiError> {
    let query = MemberQuery::parse(search.trim_start_matches('?'))?;
    get_json(&with_query("/api/v1/members", query.to_query_string())).await
}

pub async fn search(search: String) -> Result<SearchResults, ApiError> {
    let query = SearchQuery::parse(search.trim_start_matches('?'))?;
    get_json(&with_query("/api/v1/search", query.to_query_string())).await
}

pub(crate) fn segment(slug: &str) -> String {
    // Slugs are ASCII; anything else is encoded rather than trusted.
    slug.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The schema.org description of a detail (`/api/v1/events/…`), as JSON-LD text.
pub async fn linked_data(path: String) -> Option<String> {
    text(&path, "application/ld+json").await
}

/// A body as text, when the answer is a success.
pub(crate) async fn text(path: &str, accept: &str) -> Option<String> {
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
