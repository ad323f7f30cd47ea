use actix_web::{route, web, HttpRequest};
use passerelle_store::Database;
use passerelle_types::{Problem, Territory, Theme};

use super::no_parameters;
use crate::blocking::with_db;
use crate::error::ApiError;

/// Thèmes
///
/// Tous les thèmes, par libellé ; leurs identifiants servent au filtre `theme` des listes.
#[utoipa::path(
    get,
    path = "/api/v1/themes",
    tag = "reference",
    responses(
        (status = 200, description = "Les thèmes", body = Vec<Theme>),
        (status = 400, description = "Paramètre invalide", body = Problem, content_type = "application/problem+json"),
    )
)]
#[route("/themes", method = "GET", method = "HEAD")]
pub async fn themes(
    req: HttpRequest,
    db: web::Data<Database>,
) -> Result<web::Json<Vec<Theme>>, ApiError> {
    no_parameters(&req)?;
    Ok(web::Json(
        with_db(&db, passerelle_store::list_themes).await?,
    ))
}

/// Territoires
///
/// Régions, départements et communes connus, avec leur code INSEE et leur territoire
/// englobant ; leurs identifiants servent au filtre `territory` des listes.
#[utoipa::path(
    get,
    path = "/api/v1/territories",
    tag = "reference",
    responses(
        (status = 200, description = "Les territoires", body = Vec<Territory>),
        (status = 400, description = "Paramètre invalide", body = Problem, content_type = "application/problem+json"),
    )
)]
#[route("/territories", method = "GET", method = "HEAD")]
pub async fn territories(
    req: HttpRequest,
    db: web::Data<Database>,
) -> Result<web::Json<Vec<Territory>>, ApiError> {
    no_parameters(&req)?;
    Ok(web::Json(
        with_db(&db, passerelle_store::list_territories).await?,
    ))
}
