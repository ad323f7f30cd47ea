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

async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let response = Request::get(url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
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

fn segment(slug: &str) -> String {
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

pub async fn publication(slug: String) -> Result<Publication, ApiError> {
    get_json(&format!("/api/v1/publications/{}", segment(&slug))).await
}

pub async fn event(slug: String) -> Result<Event, ApiError> {
    get_json(&format!("/api/v1/events/{}", segment(&slug))).await
}

pub async fn member(slug: String) -> Result<Member, ApiError> {
    get_json(&format!("/api/v1/members/{}", segment(&slug))).await
}

// --- Staff ---------------------------------------------------------------------------

use passerelle_types::{
    EditorialList, EditorialPublication, PublicationInput, SessionInfo, SignIn, Territory, Theme,
};
use serde::Serialize;

/// Header carrying the session's anti-CSRF token on every change.
const CSRF_HEADER: &str = "X-CSRF-Token";

async fn decode<T: DeserializeOwned>(response: gloo_net::http::Response) -> Result<T, ApiError> {
    if response.ok() {
        response.json::<T>().await.map_err(|_| ApiError::Unreadable)
    } else {
        match response.json::<Problem>().await {
            Ok(problem) => Err(ApiError::Problem(problem)),
            Err(_) => Err(ApiError::Unreadable),
        }
    }
}

/// A change sent by a signed-in editor: JSON body, CSRF token, and the version read.
async fn send<T: DeserializeOwned>(
    method: &str,
    url: &str,
    csrf: &str,
    if_match: Option<i32>,
    body: Option<&impl Serialize>,
) -> Result<T, ApiError> {
    let mut builder = match method {
        "POST" => Request::post(url),
        "PUT" => Request::put(url),
        "DELETE" => Request::delete(url),
        _ => Request::patch(url),
    }
    .header("Accept", "application/json")
    .header(CSRF_HEADER, csrf);
    if let Some(version) = if_match {
        builder = builder.header("If-Match", &format!("\"{version}\""));
    }
    let request = match body {
        Some(body) => builder.json(body).map_err(|_| ApiError::Unreadable)?,
        None => builder.build().map_err(|_| ApiError::Unreadable)?,
    };
    decode(request.send().await.map_err(|_| ApiError::Network)?).await
}

/// The current browser session, `None` when signed out.
pub async fn session() -> Result<Option<SessionInfo>, ApiError> {
    match get_json::<SessionInfo>("/api/v1/session").await {
        Ok(session) => Ok(Some(session)),
        Err(ApiError::Problem(problem)) if problem.status == 401 => Ok(None),
        Err(error) => Err(error),
    }
}

pub async fn sign_in(email: String, password: String) -> Result<SessionInfo, ApiError> {
    let response = Request::post("/api/v1/session")
        .header("Accept", "application/json")
        .json(&SignIn { email, password })
        .map_err(|_| ApiError::Unreadable)?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    decode(response).await
}

pub async fn sign_out(csrf: String) -> Result<(), ApiError> {
    let response = Request::delete("/api/v1/session")
        .header(CSRF_HEADER, &csrf)
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if response.ok() {
        Ok(())
    } else {
        decode::<()>(response).await
    }
}

pub async fn themes() -> Result<Vec<Theme>, ApiError> {
    get_json("/api/v1/themes").await
}

pub async fn territories() -> Result<Vec<Territory>, ApiError> {
    get_json("/api/v1/territories").await
}

pub async fn editorial_publications(deleted: bool) -> Result<EditorialList, ApiError> {
    get_json(&format!(
        "/api/v1/editorial/publications?limit=100&deleted={deleted}"
    ))
    .await
}

pub async fn editorial_publication(id: String) -> Result<EditorialPublication, ApiError> {
    get_json(&format!("/api/v1/editorial/publications/{}", segment(&id))).await
}

pub async fn create_publication(
    csrf: String,
    input: PublicationInput,
) -> Result<EditorialPublication, ApiError> {
    send(
        "POST",
        "/api/v1/editorial/publications",
        &csrf,
        None,
        Some(&input),
    )
    .await
}

pub async fn save_publication(
    csrf: String,
    id: String,
    version: i32,
    input: PublicationInput,
) -> Result<EditorialPublication, ApiError> {
    let url = format!("/api/v1/editorial/publications/{}", segment(&id));
    send("PUT", &url, &csrf, Some(version), Some(&input)).await
}

/// `publish`, `unpublish`, `restore`, or `delete` (which needs the version read).
pub async fn publication_action(
    csrf: String,
    id: String,
    action: &'static str,
    version: i32,
) -> Result<EditorialPublication, ApiError> {
    let base = format!("/api/v1/editorial/publications/{}", segment(&id));
    if action == "delete" {
        send("DELETE", &base, &csrf, Some(version), None::<&()>).await
    } else {
        send(
            "POST",
            &format!("{base}/{action}"),
            &csrf,
            Some(version),
            None::<&()>,
        )
        .await
    }
}

#[derive(Serialize)]
struct PreviewRequest<'a> {
    markdown: &'a str,
}

#[derive(serde::Deserialize)]
struct PreviewResponse {
    html: String,
}

/// The body as the public will see it (rendered and sanitized by the server).
pub async fn preview(csrf: String, markdown: String) -> Result<String, ApiError> {
    let response: PreviewResponse = send(
        "POST",
        "/api/v1/editorial/preview",
        &csrf,
        None,
        Some(&PreviewRequest {
            markdown: &markdown,
        }),
    )
    .await?;
    Ok(response.html)
}
