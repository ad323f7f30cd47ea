use actix_web::web::Data;
use actix_web::{web, HttpRequest, HttpResponse};
use passerelle_types::Problem;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Vivacité
///
/// Répond tant que le processus tourne.
#[utoipa::path(
    get, path = "/healthz",
    responses((status = 200, description = "Le processus tourne"))
)]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

/// Disponibilité
///
/// Répond 200 quand la base de données répond, 503 sinon.
#[utoipa::path(
    get, path = "/readyz",
    responses(
        (status = 200, description = "La base de données répond"),
        (status = 503, description = "Base de données injoignable", body = Problem),
    )
)]
pub async fn readyz(state: Data<AppState>) -> ApiResult {
    let db = state.db.clone();
    web::block(move || db.check())
        .await?
        .map_err(|error| ApiError::Unavailable(std::sync::Arc::new(error)))?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "status": "ready" })))
}

/// `/metrics`, for the supervision (not part of the API): the machine itself, or who
/// holds the metrics token.
pub async fn metrics(req: HttpRequest, state: Data<AppState>) -> ApiResult {
    if !state.metrics_access.allows(&req) {
        return Err(ApiError::Forbidden(
            "Les métriques ne sont servies qu'à la machine elle-même, ou avec le jeton \
             PASSERELLE_METRICS_TOKEN (en-tête Authorization: Bearer …)."
                .to_owned(),
        ));
    }
    let body = state.metrics.report(&state.db, &state.engine).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(body))
}
