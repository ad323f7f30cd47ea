use actix_web::web::Data;
use actix_web::{web, HttpRequest};
use passerelle_types::{Territory, Theme};

use crate::blocking::with_db;
use crate::error::ApiResult;
use crate::openapi::problems::BadParameter;
use crate::routes::answers::no_parameters;
use crate::state::AppState;

/// Thèmes
///
/// Tous les thèmes, par libellé ; leurs identifiants servent au filtre `theme` des listes.
#[utoipa::path(
    get, path = "/api/v1/themes",
    responses(
        (status = 200, description = "Les thèmes", body = Vec<Theme>),
        BadParameter,
    )
)]
pub async fn themes(req: HttpRequest, state: Data<AppState>) -> ApiResult<web::Json<Vec<Theme>>> {
    no_parameters(&req)?;
    Ok(web::Json(
        with_db(&state.db, passerelle_store::list_themes).await?,
    ))
}

/// Territoires
///
/// Régions, départements et communes connus, avec leur code INSEE et leur territoire
/// englobant ; leurs identifiants servent au filtre `territory` des listes.
#[utoipa::path(
    get, path = "/api/v1/territories",
    responses(
        (status = 200, description = "Les territoires", body = Vec<Territory>),
        BadParameter,
    )
)]
pub async fn territories(
    req: HttpRequest,
    state: Data<AppState>,
) -> ApiResult<web::Json<Vec<Territory>>> {
    no_parameters(&req)?;
    Ok(web::Json(
        with_db(&state.db, passerelle_store::list_territories).await?,
    ))
}
