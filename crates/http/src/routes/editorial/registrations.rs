//! How an event takes registrations, set by the team: off, the site's own form or a link
//! elsewhere; places, waiting list, opening and closing, reminder. And who registered: the
//! list, its export, someone added by hand, a state changed or a presence marked, a message
//! to all.

use actix_web::http::header;
use actix_web::web::Data;
use actix_web::{web, HttpRequest, HttpResponse};
use passerelle_store::registrations::{self, Postman};
use passerelle_store::{Actor, DbConnection, StoreResult};
use passerelle_types::{
    MessageReceipt, NewRegistration, Problem, Registration, RegistrationChange, RegistrationList,
    RegistrationQuery, RegistrationSettings, TeamMessage, MAX_QUERY_CHARS,
};

use crate::openapi::parameters::{EventId, EventRegistration};

use crate::auth::Staff;
use crate::blocking::with_db;
use crate::body::Json;
use crate::error::{ApiError, ApiResult};
use crate::openapi::problems::{
    BadParameter, CsrfMissing, InvalidFields, NotJson, SignedOut, Unknown,
};
use crate::routes::answers::{staff_query, unshared};
use crate::state::AppState;

/// Réglages des inscriptions
///
/// Comment l'événement prend les inscriptions ; sans `mode`, il n'en prend pas.
#[utoipa::path(
    get, path = "/api/v1/editorial/events/{id}/registration", operation_id = "editorial_registration_settings",
    params(EventId),
    responses(
        (status = 200, description = "Les réglages", body = RegistrationSettings),
        SignedOut, Unknown,
    ),
)]
pub async fn settings(id: web::Path<EventId>, _staff: Staff, state: Data<AppState>) -> ApiResult {
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
    put, path = "/api/v1/editorial/events/{id}/registration", operation_id = "editorial_replace_registration_settings",
    params(EventId),
    request_body = RegistrationSettings,
    responses(
        (status = 200, description = "Les réglages enregistrés", body = RegistrationSettings),
        SignedOut, CsrfMissing, Unknown, NotJson,
        (status = 422, description = "Réglages invalides, listés dans `errors`", body = Problem),
    ),
)]
pub async fn replace_settings(
    id: web::Path<EventId>,
    input: Json<RegistrationSettings>,
    staff: Staff,
    state: Data<AppState>,
) -> ApiResult {
    let input = input.decoded()?;
    input.validate().map_err(ApiError::Validation)?;
    let actor = staff.actor();
    let id = id.into_inner();
    let saved = with_db(&state.db, move |conn| {
        registrations::set_registration_settings(conn, &actor, &id, input)
    })
    .await?;
    Ok(unshared(HttpResponse::Ok(), saved))
}

fn list_query(req: &HttpRequest) -> ApiResult<RegistrationQuery> {
    let query: RegistrationQuery = staff_query(
        req,
        "q, status (pending, confirmed, waiting ou cancelled) et audience sont permis",
    )?;
    if query
        .q
        .as_ref()
        .is_some_and(|q| q.chars().count() > MAX_QUERY_CHARS)
    {
        return Err(ApiError::InvalidParameter {
            parameter: "q".to_owned(),
            message: format!("La recherche tient en {MAX_QUERY_CHARS} caractères au plus."),
        });
    }
    Ok(query)
}

/// Inscrits d'un événement
///
/// Données personnelles, réservées à l'équipe : confirmés, liste d'attente dans son ordre,
/// à confirmer, annulés ; recherche dans le nom, l'adresse et la structure ; les nombres de
/// chaque état.
#[utoipa::path(
    get, path = "/api/v1/editorial/events/{id}/registrations", operation_id = "editorial_registrations",
    params(EventId, RegistrationQuery),
    responses(
        (status = 200, description = "Les inscriptions", body = RegistrationList),
        BadParameter, SignedOut, Unknown,
    ),
)]
pub async fn list(
    req: HttpRequest,
    id: web::Path<EventId>,
    _staff: Staff,
    state: Data<AppState>,
) -> ApiResult {
    let query = list_query(&req)?;
    let id = id.into_inner();
    let list = with_db(&state.db, move |conn| {
        registrations::list_registrations(conn, &id, &query)
    })
    .await?;
    Ok(unshared(HttpResponse::Ok(), list))
}

/// Exporter les inscrits (CSV)
///
/// Les inscriptions retenues par les mêmes filtres, pour un tableur français (point-virgule,
/// UTF-8 avec BOM, dates JJ/MM/AAAA). Chaque export est inscrit au journal d'audit.
#[utoipa::path(
    get, path = "/api/v1/editorial/events/{id}/registrations.csv", operation_id = "editorial_registrations_csv",
    params(EventId, RegistrationQuery),
    responses(
        (status = 200, description = "Le tableau", content_type = "text/csv", body = String),
        BadParameter, SignedOut, Unknown,
    ),
)]
pub async fn export(
    req: HttpRequest,
    id: web::Path<EventId>,
    staff: Staff,
    state: Data<AppState>,
) -> ApiResult {
    let query = list_query(&req)?;
    let id = id.into_inner();
    let actor = staff.actor();
    let list = with_db(&state.db, move |conn| {
        let list = registrations::list_registrations(conn, &id, &query)?;
        registrations::record_export(conn, &actor, &id, list.items.len())?;
        Ok(list)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"inscriptions.csv\"",
        ))
        .content_type("text/csv; charset=utf-8; header=present")
        .body(passerelle_feeds::csv::registrations(&list.items)))
}

/// Modifier une inscription
///
/// L'état (`confirmed`, `waiting`, `cancelled` : une place rendue va à la première personne
/// en liste d'attente, prévenue par courriel) et la présence. Au journal d'audit.
#[utoipa::path(
    patch, path = "/api/v1/editorial/events/{id}/registrations/{registration}", operation_id = "editorial_change_registration",
    params(EventRegistration),
    request_body = RegistrationChange,
    responses(
        (status = 200, description = "L'inscription", body = Registration),
        SignedOut, CsrfMissing, Unknown, NotJson,
        (status = 422, description = "État impossible, ou corps invalide", body = Problem),
    ),
)]
pub async fn change(
    path: web::Path<EventRegistration>,
    change: Json<RegistrationChange>,
    staff: Staff,
    state: Data<AppState>,
) -> ApiResult {
    let change = change.decoded()?;
    let EventRegistration {
        id: event,
        registration,
    } = path.into_inner();
    let entry = with_postman(&state, &staff, move |conn, actor, postman| {
        registrations::change_registration(conn, actor, postman, &event, &registration, change)
    })
    .await?;
    Ok(unshared(HttpResponse::Ok(), entry))
}

/// Inscrire quelqu'un
///
/// L'équipe inscrit une personne (appel, formulaire papier), avec son accord : une place
/// si elle est libre, la liste d'attente sinon, quelles que soient les dates ; la personne
/// reçoit le même courriel, avec son lien, que si elle s'était inscrite. Au journal d'audit.
#[utoipa::path(
    post, path = "/api/v1/editorial/events/{id}/registrations", operation_id = "editorial_add_registration",
    params(EventId),
    request_body = NewRegistration,
    responses(
        (status = 201, description = "L'inscription", body = Registration),
        SignedOut, CsrfMissing, Unknown,
        (status = 409, description = "Adresse déjà inscrite, événement non publié, ou complet sans liste d'attente", body = Problem),
        NotJson, InvalidFields,
    ),
)]
pub async fn add(
    id: web::Path<EventId>,
    input: Json<NewRegistration>,
    staff: Staff,
    state: Data<AppState>,
) -> ApiResult {
    let input = input.decoded()?;
    input.validate().map_err(ApiError::Validation)?;
    let event = id.into_inner();
    let entry = with_postman(&state, &staff, move |conn, actor, postman| {
        registrations::add_registration(conn, actor, postman, &event, input)
    })
    .await?;
    Ok(unshared(HttpResponse::Created(), entry))
}

/// Écrire aux inscrits
///
/// Un message à chaque personne inscrite, confirmée ou en liste d'attente (un changement
/// de salle, un document à lire avant…), avec son lien personnel ; par la boîte d'envoi.
/// Au journal d'audit, avec son objet.
#[utoipa::path(
    post, path = "/api/v1/editorial/events/{id}/messages", operation_id = "editorial_message_registrants",
    params(EventId),
    request_body = TeamMessage,
    responses(
        (status = 202, description = "Messages écrits, envoyés par la boîte d'envoi", body = MessageReceipt),
        SignedOut, CsrfMissing, Unknown,
        (status = 409, description = "Événement non publié", body = Problem),
        NotJson, InvalidFields,
    ),
)]
pub async fn message(
    id: web::Path<EventId>,
    message: Json<TeamMessage>,
    staff: Staff,
    state: Data<AppState>,
) -> ApiResult {
    let message = message.decoded()?;
    message.validate().map_err(ApiError::Validation)?;
    let event = id.into_inner();
    let receipt = with_postman(&state, &staff, move |conn, actor, postman| {
        registrations::message_registrants(conn, actor, postman, &event, message)
    })
    .await?;
    Ok(unshared(HttpResponse::Accepted(), receipt))
}

/// A team's step that writes messages: on the blocking pool, with who does it and the
/// postman that composes what it sends.
async fn with_postman<T: Send + 'static>(
    state: &AppState,
    staff: &Staff,
    step: impl FnOnce(&mut DbConnection, &Actor, &dyn Postman) -> StoreResult<T> + Send + 'static,
) -> ApiResult<T> {
    let actor = staff.actor();
    let postman = state.postman.clone();
    with_db(&state.db, move |conn| step(conn, &actor, postman.as_ref())).await
}
