use actix_web::{route, web, HttpResponse};
use passerelle_store::Database;
use passerelle_types::Problem;

use crate::error::ApiError;

/// Vivacité
///
/// Répond tant que le processus tourne.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "operations",
    responses((status = 200, description = "Le processus tourne"))
)]
#[route("/healthz", method = "GET", method = "HEAD")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

/// Disponibilité
///
/// Répond 200 quand la base de données répond, 503 sinon.
#[utoipa::path(
    get,
    path = "/readyz",
    tag = "operations",
    responses(
        (status = 200, description = "La base de données répond"),
        (status = 503, description = "Base de données injoignable", body = Problem, content_type = "application/problem+json"),
    )
)]
#[route("/readyz", method = "GET", method = "HEAD")]
pub async fn readyz(db: web::Data<Database>) -> Result<HttpResponse, ApiError> {
    let db = db.into_inner();
    web::block(move || db.check())
        .await?
        .map_err(|error| ApiError::Unavailable(std::sync::Arc::new(error)))?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "status": "ready" })))
}
