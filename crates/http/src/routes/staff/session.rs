//! Browser sign-in and sign-out, and who is signed in.

use actix_web::web::Data;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{Duration, Utc};
use passerelle_auth::{decoy_hash, digest, generate_secret, verify_password, SecretKind, Throttle};
use passerelle_store::{
    account_for_sign_in, clear_sign_in_failures, create_session, delete_session, find_session,
    forget_sign_in_attempt, record_sign_in_attempt,
};
use passerelle_types::{Account, Problem, SessionInfo, SignIn};

use crate::auth::{session_cookies, Credential, Staff, SESSION_HOURS};
use crate::blocking::with_db;
use crate::body::Json;
use crate::error::{ApiError, ApiResult};
use crate::openapi::problems::{CsrfMissing, NotJson, SignedOut};
use crate::routes::answers::unshared;
use crate::state::AppState;

/// Connexion
///
/// Ouvre une session de navigateur : cookie `passerelle_session` (HttpOnly, SameSite=Strict,
/// Secure en HTTPS) valable 12 heures. La réponse porte le jeton anti-CSRF à renvoyer dans
/// l'en-tête `X-CSRF-Token` de chaque requête qui modifie. Après trois échecs pour une même
/// adresse en 15 minutes, les réponses sont ralenties ; après dix, la connexion est refusée
/// (429 avec `Retry-After`) jusqu'à ce que les échecs les plus anciens sortent de la fenêtre.
#[utoipa::path(
    post, path = "/api/v1/session",
    request_body = SignIn,
    responses(
        (status = 200, description = "Connecté", body = SessionInfo),
        (status = 401, description = "Adresse ou mot de passe incorrect", body = Problem),
        NotJson,
        (status = 422, description = "Corps invalide", body = Problem),
        (status = 429, description = "Trop d'échecs récents", body = Problem),
    )
)]
pub async fn sign_in(req: HttpRequest, body: Json<SignIn>, state: Data<AppState>) -> ApiResult {
    let SignIn { email, password } = body.decoded()?;
    // No account has such an address; refused before it reaches the failure log.
    if !passerelle_types::is_email(email.trim()) {
        return Err(ApiError::Validation(vec![
            passerelle_types::FieldError::new("email", "Adresse électronique invalide."),
        ]));
    }
    let policy = state.sign_in_throttle;
    let now = Utc::now();
    let address = email.clone();
    // Counted as a failure from now on, unless the password turns out right.
    let (attempt, failures) = with_db(&state.db, move |conn| {
        record_sign_in_attempt(conn, &address, now - policy.window)
    })
    .await?;
    match policy.decide(&failures, now) {
        Throttle::Refuse { retry_after_secs } => {
            with_db(&state.db, move |conn| forget_sign_in_attempt(conn, attempt)).await?;
            return Err(ApiError::TooManyRequests { retry_after_secs });
        }
        Throttle::Delay(delay) => actix_web::rt::time::sleep(delay).await,
        Throttle::Allow => {}
    }

    let address = email.clone();
    let found = with_db(&state.db, move |conn| account_for_sign_in(conn, &address)).await?;
    // argon2 takes tens of milliseconds of CPU: off the async workers. An unknown address is
    // checked against a decoy so that it takes as long to refuse as a wrong password.
    let account: Option<Account> = web::block(move || match found {
        Some((account, hash)) => verify_password(&password, &hash).then_some(account),
        None => {
            verify_password(&password, decoy_hash());
            None
        }
    })
    .await?;
    let Some(account) = account else {
        return Err(ApiError::Unauthorized(
            "Adresse ou mot de passe incorrect.".to_owned(),
        ));
    };

    with_db(&state.db, move |conn| {
        clear_sign_in_failures(conn, &email, now - policy.window)
    })
    .await?;
    tracing::info!(account = %account.email, "connexion");
    open_session(&req, &state, account).await
}

/// Opens a browser session for `account`: its cookie, and the anti-CSRF token in the body.
pub async fn open_session(
    req: &HttpRequest,
    state: &Data<AppState>,
    account: Account,
) -> ApiResult {
    let token = generate_secret(SecretKind::Session);
    let csrf_token = generate_secret(SecretKind::Csrf);
    let expires_at = Utc::now() + Duration::hours(SESSION_HOURS);
    let token_digest = digest(&token);
    let account_id = account.id.hyphenated().to_string();
    let csrf = csrf_token.clone();
    with_db(&state.db, move |conn| {
        create_session(conn, &token_digest, &account_id, &csrf, expires_at)
    })
    .await?;
    let mut response = HttpResponse::Ok();
    for cookie in session_cookies(req, &token, SESSION_HOURS * 3600) {
        response.cookie(cookie);
    }
    Ok(unshared(
        response,
        SessionInfo {
            account,
            csrf_token,
            expires_at,
        },
    ))
}

/// Session en cours
///
/// Le compte connecté par cookie, avec son jeton anti-CSRF : ce que le client relit au
/// chargement d'une page.
#[utoipa::path(
    get, path = "/api/v1/session",
    responses(
        (status = 200, description = "La session", body = SessionInfo),
        (status = 401, description = "Pas de session", body = Problem),
    )
)]
pub async fn current(staff: Staff, state: Data<AppState>) -> ApiResult {
    let Credential::Session { token, .. } = staff.credential else {
        return Err(ApiError::Unauthorized(
            "Pas de session de navigateur : un jeton d'API n'en ouvre pas.".to_owned(),
        ));
    };
    let token_digest = digest(&token);
    let session = with_db(&state.db, move |conn| find_session(conn, &token_digest))
        .await?
        .ok_or_else(|| ApiError::Unauthorized("Votre session a expiré.".to_owned()))?;
    Ok(unshared(
        HttpResponse::Ok(),
        SessionInfo {
            account: session.account,
            csrf_token: session.csrf_token,
            expires_at: session.expires_at,
        },
    ))
}

/// Déconnexion
///
/// Ferme la session et efface le cookie.
#[utoipa::path(
    delete, path = "/api/v1/session",
    responses(
        (status = 204, description = "Déconnecté"),
        (status = 401, description = "Pas de session", body = Problem),
        CsrfMissing,
    )
)]
pub async fn sign_out(req: HttpRequest, staff: Staff, state: Data<AppState>) -> ApiResult {
    if let Credential::Session { token, .. } = staff.credential {
        let token_digest = digest(&token);
        with_db(&state.db, move |conn| delete_session(conn, &token_digest)).await?;
    }
    let mut response = HttpResponse::NoContent();
    for cookie in session_cookies(&req, "", 0) {
        response.cookie(cookie);
    }
    Ok(response.finish())
}

/// Compte connecté
///
/// Le compte qui appelle, par cookie de session ou par jeton d'API.
#[utoipa::path(
    get, path = "/api/v1/me",
    responses(
        (status = 200, description = "Le compte", body = Account),
        SignedOut,
    ),
)]
pub async fn me(staff: Staff) -> HttpResponse {
    unshared(HttpResponse::Ok(), staff.account)
}
