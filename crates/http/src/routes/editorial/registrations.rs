//! How an event takes registrations, set by the team: off, the site's own form or a link
//! elsewhere; places, waiting list, opening and closing, reminder.

use actix_web::{web, HttpRequest, HttpResponse};
use passerelle_store::registrations;
use passerelle_types::{Problem, RegistrationSettings};

use crate::auth::Staff;
use crate::blocking::with_db;
use crate::body::{parse_json, JSON};
use crate::error::ApiError;
use crate::openapi::problems::{SignedOut, Unknown};
use crate::routes::answers::unshared;
use crate::state::AppState;

/// Réglages des inscriptions
///
/// Comment l'événement prend les inscriptions ; sans `mode`, il n'en prend pas.
#[utoipa::path(
    get,
    path = "/api/v1/editorial/events/{id}/registration",
    operation_id = "editorial_registration_settings",
    tag = "editorial-events",
    params(("id" = uuid::Uuid, Path, description = "Identifiant de l'événement")),
    responses(
        (status = 200, description = "Les réglages", body = RegistrationSettings),
        SignedOut,
        Unknown,
    ),
    security(("session" = []), ("token" = []))
)]
pub async fn settings(
    id: web::Path<String>,
    _staff: Staff,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let settings = with_db(&state.db, move |conn| {
        registrations::registration_settings(conn, &id)
    })
    .await?;
    Ok(unshared(HttpResponse::Ok(), settings))
}

/// Régler les inscriptions
///
/// Remplace les réglages ; sans `mode`, l'événement ne prend plus d'inscription (les
/// inscrits le restent). Au journal d'audit.
#[utoipa::path(
    put,
    path = "/api/v1/editorial/events/{id}/registration",
    operation_id = "editorial_replace_registration_settings",
    tag = "editorial-events",
    params(("id" = uuid::Uuid, Path, description = "Identifiant de l'événement")),
    request_body = RegistrationSettings,
    responses(
        (status = 200, description = "Les réglages enregistrés", body = RegistrationSettings),
        SignedOut,
        (status = 403, description = "Jeton anti-CSRF manquant", body = Problem, content_type = "application/problem+json"),
        Unknown,
        (status = 415, description = "Corps non JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Réglages invalides, listés dans `errors`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = []))
)]
pub async fn replace_settings(
    req: HttpRequest,
    id: web::Path<String>,
    body: web::Bytes,
    staff: Staff,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let input: RegistrationSettings = parse_json(&req, &body, &[JSON])?;
    input.validate().map_err(ApiError::Validation)?;
    let actor = staff.actor();
    let id = id.into_inner();
    let saved = with_db(&state.db, move |conn| {
        registrations::set_registration_settings(conn, &actor, &id, input)
    })
    .await?;
    Ok(unshared(HttpResponse::Ok(), saved))
}
