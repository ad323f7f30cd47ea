use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse};
use passerelle_types::{SearchQuery, SearchResults};

use crate::blocking::with_engine;
use crate::error::{ApiError, ApiResult};
use crate::openapi::problems::BadParameter;
use crate::state::AppState;

/// Recherche dans tout le contenu
///
/// Publications, événements et membres du réseau ensemble, classés par pertinence, avec un
/// extrait où les mots trouvés sont balisés, le nombre de résultats par type et les
/// facettes (type, thème, territoire, type de publication ou d'événement, année).
#[utoipa::path(
    get, path = "/api/v1/search",
    params(SearchQuery),
    responses(
        (status = 200, description = "Une page de résultats et les facettes", body = SearchResults),
        BadParameter,
    )
)]
pub async fn search(req: HttpRequest, state: Data<AppState>) -> ApiResult {
    let query = SearchQuery::parse(req.query_string())?;
    // The parsed query, not the query string: `q=a+b&page=1` and `page=1&q=a%20b` are one.
    let key = format!("{query:?}");
    let generation = state.engine.generation();
    let body = match state.memos.searches.get(&key, generation) {
        Some(body) => body,
        None => {
            let results: SearchResults =
                with_engine(&state.engine, move |engine| engine.search(&query)).await?;
            let body = crate::memo::right_sized(
                serde_json::to_vec(&results).map_err(|e| ApiError::Internal(e.to_string()))?,
            );
            state.memos.searches.put(key, generation, body.clone());
            body
        }
    };
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(body))
}
