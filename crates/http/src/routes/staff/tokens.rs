//! Personal API tokens: created from a browser session (or the command line), shown once,
//! stored as a digest, revocable.

use actix_web::web::Data;
use actix_web::{web, HttpResponse};
use chrono::{Duration, Utc};
use passerelle_auth::{digest, generate_secret, SecretKind};
use passerelle_store::{create_token, list_tokens, revoke_token};
use passerelle_types::{ApiToken, CreatedApiToken, NewApiToken, Problem, Role};

use crate::auth::{Credential, Staff};
use crate::blocking::with_db;
use crate::body::Json;
use crate::error::{ApiError, ApiResult};
use crate::openapi::problems::SignedOut;
use crate::routes::answers::unshared;
use crate::state::AppState;

/// Mes jetons d'API
///
/// Les jetons du compte connecté, du plus récent au plus ancien, sans leur secret.
#[utoipa::path(
    get, path = "/api/v1/tokens", operation_id = "list_tokens",
    responses(
        (status = 200, description = "Les jetons", body = [ApiToken]),
        SignedOut,
    ),
)]
pub async fn list(staff: Staff, state: Data<AppState>) -> ApiResult {
    let account_id = staff.account.id.hyphenated().to_string();
    let tokens = with_db(&state.db, move |conn| list_tokens(conn, Some(&account_id))).await?;
    let tokens: Vec<ApiToken> = tokens.into_iter().map(|(_, token)| token).collect();
    Ok(unshared(HttpResponse::Ok(), tokens))
}

/// Créer un jeton d'API
///
/// Le secret (`psl_…`) n'apparaît que dans cette réponse ; il s'envoie ensuite en
/// `Authorization: Bearer`. Réservé aux sessions de navigateur : un jeton ne crée pas
/// d'autres jetons.
#[utoipa::path(
    post, path = "/api/v1/tokens", operation_id = "create_token",
    request_body = NewApiToken,
    responses(
        (status = 201, description = "Le jeton et son secret", body = CreatedApiToken),
        SignedOut,
        (status = 403, description = "Appel par jeton, ou jeton anti-CSRF manquant", body = Problem),
        (status = 422, description = "Corps invalide", body = Problem),
    ),
    security(("session" = []))
)]
pub async fn create(request: Json<NewApiToken>, staff: Staff, state: Data<AppState>) -> ApiResult {
    if let Credential::ApiToken = staff.credential {
        return Err(ApiError::Forbidden(
            "Un jeton d'API ne peut pas créer d'autres jetons : connectez-vous.".to_owned(),
        ));
    }
    let request = request.decoded()?;
    let days = request.validity_days().map_err(ApiError::Validation)?;
    let secret = generate_secret(SecretKind::ApiToken);
    let prefix = secret.chars().take(8).collect::<String>();
    let token_digest = digest(&secret);
    let account_id = staff.account.id.hyphenated().to_string();
    let actor = staff.actor();
    let token = with_db(&state.db, move |conn| {
        create_token(
            conn,
            &actor,
            &account_id,
            &request.name,
            &token_digest,
            &prefix,
            Utc::now() + Duration::days(i64::from(days)),
        )
    })
    .await?;
    Ok(unshared(
        HttpResponse::Created(),
        CreatedApiToken { token, secret },
    ))
}

/// Révoquer un jeton d'API
///
/// Le jeton cesse aussitôt de fonctionner. Un administrateur peut révoquer le jeton de
/// n'importe quel compte.
#[utoipa::path(
    delete, path = "/api/v1/tokens/{id}", operation_id = "revoke_token",
    params(("id" = uuid::Uuid, Path, description = "Identifiant du jeton")),
    responses(
        (status = 204, description = "Révoqué"),
        SignedOut,
        (status = 404, description = "Pas de tel jeton parmi les vôtres", body = Problem),
    ),
)]
pub async fn revoke(id: web::Path<String>, staff: Staff, state: Data<AppState>) -> ApiResult {
    let id = id.into_inner();
    let owner =
        (staff.account.role != Role::Admin).then(|| staff.account.id.hyphenated().to_string());
    let actor = staff.actor();
    with_db(&state.db, move |conn| {
        revoke_token(conn, &actor, &id, owner.as_deref())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
