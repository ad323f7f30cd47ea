//! Invitations: an administrator gets a one-time link for a colleague (new, or who lost
//! their password), sent to them by email and shown to the administrator to pass on too; the colleague opens it, chooses a password and is
//! signed in. The link's secret travels after `#`, so it reaches neither the server's
//! access log nor other sites as a referrer until the page sends it to the API.

use actix_web::web::Data;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{Duration, Utc};
use passerelle_auth::{digest, generate_secret, hash_password, SecretKind};
use passerelle_store::{accept_invitation, create_invitation, live_invitation};
use passerelle_types::{
    check_password, AcceptInvitation, FieldError, Invitation, InvitationInfo, Problem,
    INVITATION_HOURS,
};

use crate::openapi::parameters::{AccountId, LinkSecret};

use crate::auth::Admin;
use crate::blocking::with_db;
use crate::body::Json;
use crate::error::{ApiError, ApiResult};
use crate::openapi::problems::{
    AdminSession, BadParameter, SignedOut, UnknownAccount, UnknownInvitation,
};
use crate::routes::answers::{no_parameters, unshared};
use crate::routes::staff::session::open_session;
use crate::state::AppState;

/// Inviter à choisir un mot de passe
///
/// Un lien à usage unique, valable 48 heures, pour que la personne choisisse son mot de
/// passe : un nouveau compte créé sans mot de passe, ou un compte dont le mot de passe est
/// perdu. Un nouveau lien remplace le précédent. Il part par courriel à la personne, et
/// n'est montré qu'ici à l'administrateur, qui peut aussi le lui transmettre. Réservé aux
/// administrateurs en session de navigateur.
#[utoipa::path(
    post, path = "/api/v1/accounts/{id}/invitation", operation_id = "invite_account",
    params(AccountId),
    responses(
        (status = 201, description = "Le lien et sa fin de validité", body = Invitation),
        SignedOut, AdminSession, UnknownAccount,
        (status = 409, description = "Compte désactivé", body = Problem),
    ),
    security(("session" = []))
)]
pub async fn invite(id: web::Path<AccountId>, admin: Admin, state: Data<AppState>) -> ApiResult {
    let admin = admin.in_session()?;
    let secret = generate_secret(SecretKind::Invitation);
    let token_digest = digest(&secret);
    let expires_at = Utc::now() + Duration::hours(INVITATION_HOURS);
    let actor = admin.0.actor();
    let url = format!("{}/redaction/invitation#{secret}", state.origin);
    let postman = state.postman.clone();
    let link = url.clone();
    let account = with_db(&state.db, move |conn| {
        create_invitation(conn, &actor, &id, &token_digest, expires_at, &|account| {
            postman.invitation(&account.email, &link, expires_at)
        })
    })
    .await?;
    Ok(unshared(
        HttpResponse::Created(),
        Invitation {
            account,
            url,
            expires_at,
        },
    ))
}

/// Lire une invitation
///
/// L'adresse du compte et la fin de validité du lien, pour la page où la personne choisit
/// son mot de passe.
#[utoipa::path(
    get, path = "/api/v1/invitations/{secret}", operation_id = "read_invitation",
    params(LinkSecret),
    responses(
        (status = 200, description = "L'invitation", body = InvitationInfo),
        BadParameter, UnknownInvitation,
    )
)]
pub async fn read(
    req: HttpRequest,
    secret: web::Path<LinkSecret>,
    state: Data<AppState>,
) -> ApiResult {
    no_parameters(&req)?;
    let token_digest = digest(&secret);
    let (_, info) = with_db(&state.db, move |conn| live_invitation(conn, &token_digest)).await?;
    Ok(unshared(HttpResponse::Ok(), info))
}

/// Accepter une invitation
///
/// Enregistre le mot de passe choisi (12 caractères au moins), rend le lien inutilisable et
/// ouvre une session de navigateur, comme `POST /api/v1/session`.
#[utoipa::path(
    post, path = "/api/v1/invitations/{secret}", operation_id = "accept_invitation",
    params(LinkSecret),
    request_body = AcceptInvitation,
    responses(
        (status = 200, description = "Mot de passe enregistré, connecté", body = passerelle_types::SessionInfo),
        UnknownInvitation,
        (status = 422, description = "Mot de passe trop court", body = Problem),
    )
)]
pub async fn accept(
    req: HttpRequest,
    secret: web::Path<LinkSecret>,
    body: Json<AcceptInvitation>,
    state: Data<AppState>,
) -> ApiResult {
    let AcceptInvitation { password } = body.decoded()?;
    check_password(&password)
        .map_err(|message| ApiError::Validation(vec![FieldError::new("password", message)]))?;
    let token_digest = digest(&secret);
    // A dead link is told before the password is hashed for nothing.
    let probe = token_digest.clone();
    with_db(&state.db, move |conn| live_invitation(conn, &probe)).await?;
    let hash = web::block(move || hash_password(&password))
        .await?
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let account = with_db(&state.db, move |conn| {
        accept_invitation(conn, &token_digest, &hash)
    })
    .await?;
    tracing::info!(account = %account.email, "mot de passe choisi par invitation");
    open_session(&req, &state, account).await
}
