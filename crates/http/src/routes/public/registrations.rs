//! Registering for an event, without an account: the public form, the address confirmed
//! through the emailed link, the person's own page (see, change, cancel) through that link. Every
//! message is written to the outbox in the step's own transaction and sent by the mail
//! worker. Nothing here shows a name or an address to anyone but the person.

use actix_web::http::header;
use actix_web::web::Data;
use actix_web::{web, HttpRequest, HttpResponse};
use passerelle_auth::digest;
use passerelle_feeds::escape_html;
use passerelle_store::registrations::{self, Link, Postman};
use passerelle_store::{DbConnection, StoreResult};
use passerelle_types::{
    NewRegistration, Problem, Registration, RegistrationAvailability, RegistrationDetails,
};
use serde::Serialize;
use utoipa::ToSchema;

use crate::openapi::parameters::{EventKey, LinkSecret};

use crate::blocking::with_db;
use crate::body::Json;
use crate::error::{ApiError, ApiResult};

use crate::openapi::problems::{BadParameter, InvalidFields, NotJson, UnknownEvent, UnknownLink};
use crate::routes::answers::{no_parameters, unshared};
use crate::state::AppState;

/// What the site answers once the form is sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationRequested {
    /// Ce que la page affiche : un courriel est parti vers l'adresse donnée.
    pub message: String,
}

/// Inscriptions à un événement
///
/// Ce que la page de l'événement affiche : le mode d'inscription, les places restantes,
/// la liste d'attente, les dates, et où s'inscrire. Jamais de nom ni d'adresse. Avec
/// `Accept: text/html`, le même en un fragment HTML prêt à insérer (vide sans inscription).
#[utoipa::path(
    get, path = "/api/v1/events/{key}/registration", operation_id = "event_registration",
    params(EventKey),
    responses(
        (status = 200, description = "Où en sont les inscriptions", content(
            (RegistrationAvailability = "application/json"),
            (String = "text/html"),
        )),
        BadParameter, UnknownEvent,
    )
)]
pub async fn availability(
    req: HttpRequest,
    key: web::Path<EventKey>,
    state: Data<AppState>,
) -> ApiResult {
    no_parameters(&req)?;
    let key = key.into_inner();
    let answer = with_db(&state.db, move |conn| {
        registrations::availability(conn, &key)
    })
    .await?;
    let wants_html = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    // Places change with every registration: never kept by a cache.
    if wants_html {
        return Ok(HttpResponse::Ok()
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .insert_header((header::VARY, "Accept"))
            .content_type("text/html; charset=utf-8")
            .body(fragment(&answer)));
    }
    let mut response = HttpResponse::Ok();
    response.insert_header((header::VARY, "Accept"));
    Ok(unshared(response, answer))
}

/// The event page's paragraphs: the state of the places, and the way to register.
pub(crate) fn fragment(availability: &RegistrationAvailability) -> String {
    if availability.mode.is_none() {
        return String::new();
    }
    let mut html = format!(
        "<p><strong>{}</strong></p>",
        escape_html(&availability.message)
    );
    if let (Some(link), Some(label)) = (&availability.link, &availability.link_label) {
        html.push_str(&format!(
            "<p><a class=\"button\" href=\"{}\" rel=\"external\">{}</a></p>",
            escape_html(link),
            escape_html(label)
        ));
    }
    html
}

/// S'inscrire
///
/// Enregistre la demande et envoie un lien de confirmation, valable 48 heures, à l'adresse
/// donnée : personne ne peut inscrire quelqu'un d'autre. Une adresse déjà inscrite reçoit
/// à nouveau son lien, pas une seconde place. La réponse est la même dans les deux cas.
#[utoipa::path(
    post, path = "/api/v1/events/{key}/registrations", operation_id = "register",
    params(EventKey),
    request_body = NewRegistration,
    responses(
        (status = 202, description = "Demande enregistrée, courriel de confirmation envoyé", body = RegistrationRequested),
        UnknownEvent,
        (status = 409, description = "Complet, sans liste d'attente", body = Problem),
        (status = 410, description = "Inscriptions closes, pas encore ouvertes, ou pas sur ce site", body = Problem),
        NotJson,
        (status = 422, description = "Champs invalides, listés dans `errors`", body = Problem),
    )
)]
pub async fn register(
    key: web::Path<EventKey>,
    input: Json<NewRegistration>,
    state: Data<AppState>,
) -> ApiResult {
    let input = input.decoded()?;
    input.validate().map_err(ApiError::Validation)?;
    let address = input.email.trim().to_lowercase();
    let key = key.into_inner();
    let postman = state.postman.clone();
    with_db(&state.db, move |conn| {
        registrations::register(conn, postman.as_ref(), &key, input)
    })
    .await?;
    Ok(unshared(
        HttpResponse::Accepted(),
        RegistrationRequested {
            message: format!(
                "Un courriel vient de partir vers {address} : ouvrez le lien qu'il contient dans \
                 les 48 heures pour confirmer votre inscription."
            ),
        },
    ))
}

/// Lire son inscription
///
/// L'inscription qu'ouvre le lien personnel reçu par courriel : état, rang sur la liste
/// d'attente, informations données.
#[utoipa::path(
    get, path = "/api/v1/registrations/{secret}", operation_id = "read_registration",
    params(LinkSecret),
    responses(
        (status = 200, description = "L'inscription", body = Registration),
        BadParameter, UnknownLink,
    )
)]
pub async fn read(
    req: HttpRequest,
    path: web::Path<LinkSecret>,
    state: Data<AppState>,
) -> ApiResult {
    no_parameters(&req)?;
    through_link(&state, path.into_inner().secret, |conn, _, link| {
        registrations::registration(conn, link)
    })
    .await
}

/// Confirmer son inscription
///
/// Confirme l'adresse : une place si elle est libre, la liste d'attente sinon (avec le
/// rang), et le courriel qui le dit, l'événement joint pour l'agenda. Confirmer à nouveau
/// ne change rien.
#[utoipa::path(
    post, path = "/api/v1/registrations/{secret}/confirm", operation_id = "confirm_registration",
    params(LinkSecret),
    responses(
        (status = 200, description = "L'inscription confirmée ou en liste d'attente", body = Registration),
        UnknownLink,
        (status = 409, description = "Complet, sans liste d'attente", body = Problem),
        (status = 410, description = "Inscriptions closes entre-temps", body = Problem),
    )
)]
pub async fn confirm(secret: web::Path<LinkSecret>, state: Data<AppState>) -> ApiResult {
    through_link(&state, secret.into_inner().secret, registrations::confirm).await
}

/// Annuler son inscription
///
/// Libère la place, qui revient à la première personne de la liste d'attente (prévenue
/// par courriel) ; un courriel confirme l'annulation.
#[utoipa::path(
    delete, path = "/api/v1/registrations/{secret}", operation_id = "cancel_registration",
    params(LinkSecret),
    responses(
        (status = 200, description = "L'inscription annulée", body = Registration),
        UnknownLink,
    )
)]
pub async fn cancel(secret: web::Path<LinkSecret>, state: Data<AppState>) -> ApiResult {
    through_link(&state, secret.into_inner().secret, registrations::cancel).await
}

/// Modifier son inscription
///
/// Nom, structure, public, commune, besoins liés à un handicap, actualités du centre.
/// L'adresse ne change pas (elle a été confirmée) : pour en utiliser une autre, annulez et
/// inscrivez-vous à nouveau.
#[utoipa::path(
    patch, path = "/api/v1/registrations/{secret}", operation_id = "update_registration",
    params(LinkSecret),
    request_body = RegistrationDetails,
    responses(
        (status = 200, description = "L'inscription modifiée", body = Registration),
        UnknownLink,
        (status = 409, description = "Inscription annulée", body = Problem),
        NotJson, InvalidFields,
    )
)]
pub async fn update(
    secret: web::Path<LinkSecret>,
    details: Json<RegistrationDetails>,
    state: Data<AppState>,
) -> ApiResult {
    let details = details.decoded()?;
    details.validate().map_err(ApiError::Validation)?;
    through_link(&state, secret.into_inner().secret, move |conn, _, link| {
        registrations::update_own(conn, link, details)
    })
    .await
}

/// A step of the registration a personal link opens: the link's secret and its digest,
/// the messages the step writes, its answer.
async fn through_link(
    state: &Data<AppState>,
    secret: String,
    step: impl FnOnce(&mut DbConnection, &dyn Postman, &Link<'_>) -> StoreResult<Registration>
        + Send
        + 'static,
) -> ApiResult {
    let postman = state.postman.clone();
    let view = with_db(&state.db, move |conn| {
        let link = Link {
            secret: &secret,
            digest: &digest(&secret),
        };
        step(conn, postman.as_ref(), &link)
    })
    .await?;
    Ok(unshared(HttpResponse::Ok(), view))
}
