//! The editorial API (`/api/v1/editorial/…`), for signed-in staff: drafts and the bin
//! included, every change versioned (`ETag` / `If-Match`) and audited.
//!
//! The handlers are written once, generic over the kind of item; a macro gives each kind
//! its routes and their OpenAPI documentation (`editorial/kinds.rs`).

use actix_web::http::header;
use actix_web::web::Data;
use actix_web::{web, HttpRequest, HttpResponse};
use passerelle_catalog::refresh;
use passerelle_store::editorial::{self, Editable, Transition};
use passerelle_store::{list_audit, AuditFilter, ChangedEntity};
use passerelle_types::{AuditList, EditorialQuery, EditorialView, FieldError, MAX_QUERY_CHARS};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Staff;
use crate::blocking::with_db;
use crate::body::{decode_value, Json, MergePatch};
use crate::error::{ApiError, ApiResult};
use crate::openapi::parameters::{ItemId, ItemVersion};
use crate::routes::answers::{staff_page, staff_query, unshared};
use crate::state::AppState;

/// The `ETag` of a version.
pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

/// The version an `If-Match` header names. Only strong tags of our form count; `*` is
/// refused, since it would overwrite whatever is there.
pub fn expected_version(req: &HttpRequest, required: bool) -> ApiResult<Option<i32>> {
    let Some(value) = req.headers().get(header::IF_MATCH) else {
        return if required {
            Err(ApiError::PreconditionRequired(
                "Envoyez l'en-tête If-Match avec l'ETag de la version lue (par exemple \
                 If-Match: \"3\") : sans lui, vous pourriez écraser le travail de quelqu'un \
                 d'autre."
                    .to_owned(),
            ))
        } else {
            Ok(None)
        };
    };
    let text = value.to_str().unwrap_or_default().trim();
    if text == "*" {
        return Err(ApiError::PreconditionRequired(
            "If-Match: * ne protège de rien : envoyez l'ETag de la version lue.".to_owned(),
        ));
    }
    text.split(',')
        .filter_map(|tag| {
            tag.trim()
                .strip_prefix('"')
                .and_then(|t| t.strip_suffix('"'))
                .and_then(|t| t.parse::<i32>().ok())
        })
        .next()
        .map(Some)
        .ok_or_else(|| ApiError::InvalidParameter {
            parameter: "If-Match".to_owned(),
            message: format!(
                "En-tête If-Match illisible (« {text} ») : ETag entre guillemets attendu, par exemple \"3\"."
            ),
        })
}

/// Updates this instance's index before answering. The write is committed whatever
/// happens here; if the index cannot follow, the change-log follower retries it.
pub async fn refresh_index(state: &Data<AppState>, entity: ChangedEntity, id: String) {
    let state = state.clone();
    let outcome = web::block(move || refresh(&state.db, &state.engine, entity, &id)).await;
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(error)) => tracing::warn!(%error, "index non mis à jour après écriture"),
        Err(error) => tracing::warn!(%error, "index non mis à jour après écriture"),
    }
}

/// An editorial answer with its version as `ETag`; never cached (it may be a draft).
pub fn versioned(
    mut response: actix_web::HttpResponseBuilder,
    version: i32,
    body: impl serde::Serialize,
) -> HttpResponse {
    response.insert_header((header::ETAG, etag(version)));
    unshared(response, body)
}

pub async fn list_items<K: Editable>(req: HttpRequest, state: Data<AppState>) -> ApiResult {
    let params: EditorialQuery = staff_query(
        &req,
        "q, status (draft ou published), deleted (true ou false), kind, theme, territory, \
         sort (updated, title ou created), page et limit sont permis",
    )?;
    let (page, limit) = staff_page(params.page, params.limit)?;
    let q = params.q.filter(|q| !q.trim().is_empty());
    if q.as_ref()
        .is_some_and(|q| q.chars().count() > MAX_QUERY_CHARS)
    {
        return Err(ApiError::InvalidParameter {
            parameter: "q".to_owned(),
            message: format!("La recherche tient en {MAX_QUERY_CHARS} caractères au plus."),
        });
    }
    // PostgreSQL refuses a NUL character in a text: named here rather than failing there.
    for (parameter, value) in [
        ("q", &q),
        ("kind", &params.kind),
        ("theme", &params.theme),
        ("territory", &params.territory),
    ] {
        if value.as_deref().is_some_and(|v| v.contains('\0')) {
            return Err(ApiError::InvalidParameter {
                parameter: parameter.to_owned(),
                message: format!("Le paramètre « {parameter} » contient un caractère nul."),
            });
        }
    }
    let kinds = K::TYPE.kinds();
    if let Some(kind) = params.kind.as_deref() {
        if !kinds.iter().any(|(slug, _)| *slug == kind) {
            let expected: Vec<&str> = kinds.iter().map(|(slug, _)| *slug).collect();
            return Err(ApiError::InvalidParameter {
                parameter: "kind".to_owned(),
                message: format!(
                    "Type inconnu « {kind} » (valeurs possibles : {}).",
                    expected.join(", ")
                ),
            });
        }
    }
    let filter = EditorialQuery {
        q,
        page: Some(page),
        limit: Some(limit),
        ..params
    };
    let list = with_db(&state.db, move |conn| {
        editorial::list(conn, K::TYPE, filter)
    })
    .await?;
    Ok(unshared(HttpResponse::Ok(), list))
}

pub async fn create_item<K: Editable>(
    req: HttpRequest,
    input: Json<K::Input>,
    staff: Staff,
    state: Data<AppState>,
) -> ApiResult {
    let input = input.decoded()?;
    let actor = staff.actor();
    let view = with_db(&state.db, move |conn| {
        editorial::create::<K>(conn, &actor, input)
    })
    .await?;
    let id = view.id();
    refresh_index(&state, ChangedEntity::from(K::TYPE), id.to_string()).await;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("{}/{id}", req.path())));
    Ok(versioned(response, view.version(), &view))
}

pub async fn get_item<K: Editable>(id: web::Path<ItemId>, state: Data<AppState>) -> ApiResult {
    let id = id.into_inner();
    let view = with_db(&state.db, move |conn| editorial::get::<K>(conn, &id)).await?;
    Ok(versioned(HttpResponse::Ok(), view.version(), &view))
}

pub async fn replace_item<K: Editable>(
    req: HttpRequest,
    id: web::Path<ItemId>,
    input: Json<K::Input>,
    staff: Staff,
    state: Data<AppState>,
) -> ApiResult {
    let expected = expected_version(&req, true)?.unwrap_or_default();
    let input = input.decoded()?;
    save::<K>(staff, id.into_inner().id, expected, input, state).await
}

/// JSON merge patch (RFC 7396) of the content: the fields sent replace the stored ones,
/// `null` empties a field, the others stay.
pub async fn patch_item<K: Editable>(
    req: HttpRequest,
    id: web::Path<ItemId>,
    patch: MergePatch<serde_json::Value>,
    staff: Staff,
    state: Data<AppState>,
) -> ApiResult {
    let expected = expected_version(&req, true)?.unwrap_or_default();
    let patch = patch.decoded()?;
    if !patch.is_object() {
        return Err(ApiError::Validation(vec![FieldError::new(
            "",
            "Objet JSON attendu : les champs à changer et leur nouvelle valeur.",
        )]));
    }
    let key = id.into_inner().id;
    let lookup = key.clone();
    let (stored, content) = with_db(&state.db, move |conn| {
        editorial::content::<K>(conn, &lookup)
    })
    .await?;
    // Merged onto the version the client read, or refused: never onto a newer one.
    if stored.version != expected {
        return Err(ApiError::PreconditionFailed {
            expected,
            current: stored.version,
        });
    }
    let mut merged = serde_json::to_value(&content)
        .map_err(|e| ApiError::Internal(format!("contenu illisible : {e}")))?;
    json_patch::merge(&mut merged, &patch);
    let input: K::Input = decode_value(merged)?;
    save::<K>(staff, key, expected, input, state).await
}

async fn save<K: Editable>(
    staff: Staff,
    id: String,
    expected: i32,
    input: K::Input,
    state: Data<AppState>,
) -> ApiResult {
    let actor = staff.actor();
    let view = with_db(&state.db, move |conn| {
        editorial::update::<K>(conn, &actor, &id, expected, input)
    })
    .await?;
    let id = view.id();
    refresh_index(&state, ChangedEntity::from(K::TYPE), id.to_string()).await;
    Ok(versioned(HttpResponse::Ok(), view.version(), &view))
}

pub async fn transition_item<K: Editable>(
    req: HttpRequest,
    id: web::Path<ItemId>,
    staff: Staff,
    state: Data<AppState>,
    transition: Transition,
) -> ApiResult {
    // Deleting needs the version read, like any change; the other transitions accept it.
    let expected = expected_version(&req, transition == Transition::Delete)?;
    let id = id.into_inner();
    let actor = staff.actor();
    let view = with_db(&state.db, move |conn| {
        editorial::transition::<K>(conn, &actor, &id, expected, transition)
    })
    .await?;
    let id = view.id();
    refresh_index(&state, ChangedEntity::from(K::TYPE), id.to_string()).await;
    Ok(versioned(HttpResponse::Ok(), view.version(), &view))
}

/// The item as the public will read it once published, drafts and the bin included.
pub async fn preview_item<K: Editable>(id: web::Path<ItemId>, state: Data<AppState>) -> ApiResult {
    let id = id.into_inner();
    let detail = with_db(&state.db, move |conn| editorial::preview::<K>(conn, &id)).await?;
    Ok(unshared(HttpResponse::Ok(), detail))
}

/// The item's history, newest first: who changed what, from which value to which.
pub async fn history_items<K: Editable>(
    req: HttpRequest,
    id: web::Path<ItemId>,
    state: Data<AppState>,
) -> ApiResult {
    let params: HistoryParams = staff_query(&req, "page et limit sont permis")?;
    let (page, limit) = staff_page(params.page, params.limit)?;
    let key = id.into_inner();
    let (items, page) = with_db(&state.db, move |conn| {
        // An unknown item is a 404, not an empty history.
        let view = editorial::get::<K>(conn, &key)?;
        let filter = AuditFilter {
            entity: Some(K::TYPE.as_str().to_owned()),
            entity_id: Some(view.id().hyphenated().to_string()),
            page,
            limit,
            ..AuditFilter::default()
        };
        list_audit(conn, &filter)
    })
    .await?;
    Ok(unshared(HttpResponse::Ok(), AuditList { items, page }))
}

/// Page of a history.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct HistoryParams {
    /// Numéro de page, à partir de 1.
    #[param(minimum = 1, maximum = 2147483647, default = 1)]
    pub page: Option<u32>,
    /// Changements par page, de 1 à 100 (50 par défaut).
    #[param(minimum = 1, maximum = 100, default = 50)]
    pub limit: Option<u32>,
}

/// Makes an earlier version's content current again, as a new version.
pub async fn restore_version_item<K: Editable>(
    req: HttpRequest,
    path: web::Path<ItemVersion>,
    staff: Staff,
    state: Data<AppState>,
) -> ApiResult {
    let ItemVersion { id, version } = path.into_inner();
    let version: i32 = version.parse().map_err(|_| ApiError::InvalidParameter {
        parameter: "version".to_owned(),
        message: format!("« {version} » n'est pas un numéro de version (par exemple 3)."),
    })?;
    let expected = expected_version(&req, true)?.unwrap_or_default();
    let actor = staff.actor();
    let view = with_db(&state.db, move |conn| {
        editorial::restore_version::<K>(conn, &actor, &id, expected, version)
    })
    .await?;
    refresh_index(&state, ChangedEntity::from(K::TYPE), view.id().to_string()).await;
    Ok(versioned(HttpResponse::Ok(), view.version(), &view))
}

/// Each kind's routes and their documentation.
mod kinds;
pub use kinds::{events, members, publications};

/// Themes: a label under a fixed slug; a theme in use cannot be deleted.
pub mod themes;

/// The Markdown of a text rendered as the public will see it.
pub mod markdown;

/// How each event takes registrations.
pub mod registrations;
