//! The API client: relative URLs, shared types, problem+json decoded into a typed error.

use gloo_net::http::Request;
use passerelle_types::{Problem, PublicationList, PublicationQuery};
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
        }
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

pub async fn publications(query: PublicationQuery) -> Result<PublicationList, ApiError> {
    get_json(&with_query("/api/v1/publications", query.to_query_string())).await
}
