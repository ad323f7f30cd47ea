//! Staff accounts (administrators only) and the audit log.

use actix_web::web::Data;
use actix_web::{web, HttpRequest, HttpResponse};
use passerelle_auth::hash_password;
use passerelle_store::{create_account, list_accounts, list_audit, update_account, AuditFilter};
use passerelle_types::{Account, AccountChange, AuditList, NewAccount, Problem, TeamMember};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::openapi::parameters::AccountId;

use crate::auth::Admin;
use crate::blocking::with_db;
use crate::body::{Json, MergePatch};
use crate::error::{ApiError, ApiResult};
use crate::openapi::problems::{AdminSession, AdminsOnly, BadParameter, SignedOut, UnknownAccount};
use crate::routes::answers::{staff_page, staff_query, unshared};
use crate::state::AppState;

/// Comptes
///
/// Tous les comptes, par adresse, avec leur dernière connexion, leurs jetons actifs et leur
/// invitation en attente.
#[utoipa::path(
    get, path = "/api/v1/accounts", operation_id = "list_accounts",
    responses(
        (status = 200, description = "Les comptes, avec leurs jetons actifs et leur invitation en attente", body = [TeamMember]),
        SignedOut, AdminsOnly,
    ),
)]
pub async fn list(_admin: Admin, state: Data<AppState>) -> ApiResult {
    let accounts = with_db(&state.db, list_accounts).await?;
    Ok(unshared(HttpResponse::Ok(), accounts))
}

/// Créer un compte
///
/// Mot de passe de 12 caractères au moins, haché avec argon2id ; sans mot de passe, le
/// compte attend que la personne choisisse le sien par une invitation
/// (`POST /api/v1/accounts/{id}/invitation`). Réservé aux sessions de navigateur : un jeton d'API ne gère pas les comptes (un compte qu'il créerait lui
/// survivrait).
#[utoipa::path(
    post, path = "/api/v1/accounts", operation_id = "create_account",
    request_body = NewAccount,
    responses(
        (status = 201, description = "Le compte", body = Account),
        SignedOut, AdminSession,
        (status = 422, description = "Adresse invalide ou prise, mot de passe trop court", body = Problem),
    ),
    security(("session" = []))
)]
pub async fn create(new: Json<NewAccount>, admin: Admin, state: Data<AppState>) -> ApiResult {
    let admin = admin.in_session()?;
    let new = new.decoded()?;
    new.validate().map_err(ApiError::Validation)?;
    // Without a password, the account waits for its invitation: an empty hash opens nothing.
    let hash = match new.password.clone() {
        Some(password) => web::block(move || hash_password(&password))
            .await?
            .map_err(|e| ApiError::Internal(e.to_string()))?,
        None => String::new(),
    };
    let actor = admin.0.actor();
    let account = with_db(&state.db, move |conn| {
        create_account(conn, &actor, &new.email, &hash, new.role)
    })
    .await?;
    Ok(HttpResponse::Created().json(account))
}

/// Modifier un compte
///
/// Change le rôle, désactive ou réactive. Désactiver ferme les sessions du compte et révoque
/// ses jetons (les réactiver ne les rend pas). Le dernier administrateur actif ne peut être
/// ni rétrogradé ni désactivé. Réservé aux sessions de navigateur.
#[utoipa::path(
    patch, path = "/api/v1/accounts/{id}", operation_id = "update_account",
    params(AccountId),
    request_body = AccountChange,
    responses(
        (status = 200, description = "Le compte", body = Account),
        SignedOut, AdminSession, UnknownAccount,
        (status = 409, description = "Dernier administrateur", body = Problem),
    ),
    security(("session" = []))
)]
pub async fn update(
    id: web::Path<AccountId>,
    change: MergePatch<AccountChange>,
    admin: Admin,
    state: Data<AppState>,
) -> ApiResult {
    let admin = admin.in_session()?;
    let change = change.decoded()?;
    let id = id.into_inner();
    let actor = admin.0.actor();
    let account = with_db(&state.db, move |conn| {
        update_account(conn, &actor, &id, change.role, change.disabled)
    })
    .await?;
    Ok(HttpResponse::Ok().json(account))
}

/// Paramètres du journal d'audit.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditParams {
    /// `publication`, `event`, `member`, `theme`, `account`, `token`.
    pub entity: Option<String>,
    /// Identifiant de l'élément.
    pub entity_id: Option<String>,
    /// Adresse de l'auteur des changements (`ligne de commande` pour la ligne de commande).
    pub actor: Option<String>,
    /// Changements de ce jour (UTC) et après, `AAAA-MM-JJ`.
    pub since: Option<chrono::NaiveDate>,
    /// Changements de ce jour (UTC) et avant, `AAAA-MM-JJ`.
    pub until: Option<chrono::NaiveDate>,
    /// Numéro de page, à partir de 1.
    #[param(minimum = 1, maximum = 2147483647, default = 1)]
    pub page: Option<u32>,
    /// Éléments par page, de 1 à 100 (50 par défaut).
    #[param(minimum = 1, maximum = 100, default = 50)]
    pub limit: Option<u32>,
}

/// Journal d'audit
///
/// Chaque changement : qui, quand, quoi (champs avant/après), du plus récent au plus ancien ;
/// filtrable par type et identifiant d'élément, par auteur et par période.
#[utoipa::path(
    get, path = "/api/v1/audit",
    params(AuditParams),
    responses(
        (status = 200, description = "Une page du journal", body = AuditList),
        BadParameter, SignedOut, AdminsOnly,
    ),
)]
pub async fn audit(req: HttpRequest, _admin: Admin, state: Data<AppState>) -> ApiResult {
    let params: AuditParams = staff_query(
        &req,
        "entity, entity_id, actor, since et until (dates AAAA-MM-JJ), page et limit sont permis",
    )?;
    let (page, limit) = staff_page(params.page, params.limit)?;
    if let (Some(since), Some(until)) = (params.since, params.until) {
        if until < since {
            return Err(ApiError::InvalidParameter {
                parameter: "until".to_owned(),
                message: "La fin de la période précède son début.".to_owned(),
            });
        }
    }
    let filter = AuditFilter {
        entity: params.entity,
        entity_id: params.entity_id,
        actor: params.actor,
        since: params.since,
        until: params.until,
        page,
        limit,
    };
    let (items, page) = with_db(&state.db, move |conn| list_audit(conn, &filter)).await?;
    Ok(unshared(HttpResponse::Ok(), AuditList { items, page }))
}
