//! The editorial API (`/api/v1/editorial/…`), for signed-in staff: drafts and the bin
//! included, every change versioned (`ETag` / `If-Match`) and audited.
//!
//! The handlers are written once, generic over the kind of item; a macro gives each kind
//! its routes and their OpenAPI documentation.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use passerelle_store::editorial::{self, Editable, EditorialFilter, Transition};
use passerelle_store::{list_audit, AuditFilter, ChangedEntity};
use passerelle_types::{AuditList, EditorialQuery, EditorialView, FieldError, MAX_QUERY_CHARS};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Staff;
use crate::blocking::with_db;
use crate::body::{decode_value, Json, MergePatch};
use crate::error::ApiError;
use crate::routes::answers::{staff_page, staff_query, unshared};
use crate::state::AppState;
use passerelle_catalog::refresh;

/// The `ETag` of a version.
pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

/// The version an `If-Match` header names. Only strong tags of our form count; `*` is
/// refused, since it would overwrite whatever is there.
pub fn expected_version(req: &HttpRequest, required: bool) -> Result<Option<i32>, ApiError> {
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
pub async fn refresh_index(state: &web::Data<AppState>, entity: ChangedEntity, id: String) {
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

pub async fn list_items<K: Editable>(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
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
    let filter = EditorialFilter {
        status: params.status,
        deleted: params.deleted.unwrap_or(false),
        q,
        kind: params.kind,
        theme: params.theme,
        territory: params.territory,
        sort: params.sort.unwrap_or_default(),
        page,
        limit,
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
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
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

pub async fn get_item<K: Editable>(
    id: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let view = with_db(&state.db, move |conn| editorial::get::<K>(conn, &id)).await?;
    Ok(versioned(HttpResponse::Ok(), view.version(), &view))
}

pub async fn replace_item<K: Editable>(
    req: HttpRequest,
    id: web::Path<String>,
    input: Json<K::Input>,
    staff: Staff,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let expected = expected_version(&req, true)?.unwrap_or_default();
    let input = input.decoded()?;
    save::<K>(staff, id.into_inner(), expected, input, state).await
}

/// JSON merge patch (RFC 7396) of the content: the fields sent replace the stored ones,
/// `null` empties a field, the others stay.
pub async fn patch_item<K: Editable>(
    req: HttpRequest,
    id: web::Path<String>,
    patch: MergePatch<serde_json::Value>,
    staff: Staff,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let expected = expected_version(&req, true)?.unwrap_or_default();
    let patch = patch.decoded()?;
    if !patch.is_object() {
        return Err(ApiError::Validation(vec![FieldError::new(
            "",
            "Objet JSON attendu : les champs à changer et leur nouvelle valeur.",
        )]));
    }
    let key = id.into_inner();
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
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
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
    id: web::Path<String>,
    staff: Staff,
    state: web::Data<AppState>,
    transition: Transition,
) -> Result<HttpResponse, ApiError> {
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
pub async fn preview_item<K: Editable>(
    id: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let detail = with_db(&state.db, move |conn| editorial::preview::<K>(conn, &id)).await?;
    Ok(unshared(HttpResponse::Ok(), detail))
}

/// The item's history, newest first: who changed what, from which value to which.
pub async fn history_items<K: Editable>(
    req: HttpRequest,
    id: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
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
    path: web::Path<(String, String)>,
    staff: Staff,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let (id, version) = path.into_inner();
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

/// Routes and OpenAPI operations of one kind of item.
macro_rules! editorial_routes {
    ($module:ident, $kind:ty, $input:ty, $view:ty, $public:ty, $plural:literal, $tag:literal) => {
        pub mod $module {
            use actix_web::{web, HttpRequest, HttpResponse};
            use passerelle_store::editorial::Transition;
            #[allow(unused_imports)]
            use passerelle_types::{EditorialList, Problem};

            use passerelle_types::EditorialQuery;
            use crate::openapi::problems::{BadParameter, Binned, ChangedMeanwhile, CsrfMissing, InvalidFields, NotJson, SignedOut, Unknown, Versioned};
            use crate::auth::Staff;
            use crate::body::{Json, MergePatch};
            use crate::error::ApiError;
            use crate::state::AppState;

            type Kind = $kind;

            #[utoipa::path(
                get,
                path = concat!("/api/v1/editorial/", $plural),
                operation_id = concat!("editorial_list_", $plural),
                tag = $tag,
                summary = "Lister, brouillons compris",
                description = "Recherche dans les titres, filtres par état, type, thème et territoire, tri et pages ; du plus récemment modifié au plus ancien par défaut.",
                params(EditorialQuery),
                responses(
                    (status = 200, description = "Une page", body = EditorialList),
                    BadParameter,
                    SignedOut,
                ),
            )]
            pub async fn list(
                req: HttpRequest,
                _staff: Staff,
                state: web::Data<AppState>,
            ) -> Result<HttpResponse, ApiError> {
                super::list_items::<Kind>(req, state).await
            }

            #[utoipa::path(
                post,
                path = concat!("/api/v1/editorial/", $plural),
                operation_id = concat!("editorial_create_", $plural),
                tag = $tag,
                summary = "Créer un brouillon",
                description = "Le slug est tiré du titre s'il n'est pas donné. La réponse porte l'ETag de la version 1.",
                request_body = $input,
                responses(
                    (status = 201, description = "Le brouillon", body = $view),
                    SignedOut,
                    CsrfMissing,
                    NotJson,
                    (status = 422, description = "Champs invalides, listés dans `errors`", body = Problem, content_type = "application/problem+json"),
                ),
            )]
            pub async fn create(
                req: HttpRequest,
                input: Json<$input>,
                staff: Staff,
                state: web::Data<AppState>,
            ) -> Result<HttpResponse, ApiError> {
                super::create_item::<Kind>(req, input, staff, state).await
            }

            #[utoipa::path(
                get,
                path = concat!("/api/v1/editorial/", $plural, "/{id}"),
                operation_id = concat!("editorial_get_", $plural),
                tag = $tag,
                summary = "Lire",
                description = "L'élément, brouillon ou à la corbeille, avec son ETag.",
                params(("id" = uuid::Uuid, Path, description = "Identifiant")),
                responses(
                    (status = 200, description = "L'élément", body = $view, headers(("ETag" = String, description = "Version, à renvoyer dans If-Match"))),
                    SignedOut,
                    Unknown,
                ),
            )]
            pub async fn read(
                id: web::Path<String>,
                _staff: Staff,
                state: web::Data<AppState>,
            ) -> Result<HttpResponse, ApiError> {
                super::get_item::<Kind>(id, state).await
            }

            #[utoipa::path(
                put,
                path = concat!("/api/v1/editorial/", $plural, "/{id}"),
                operation_id = concat!("editorial_replace_", $plural),
                tag = $tag,
                summary = "Remplacer le contenu",
                description = "Exige If-Match avec l'ETag lu : 428 sans lui, 412 si l'élément a changé entre-temps.",
                params(
                    ("id" = uuid::Uuid, Path, description = "Identifiant"),
                    ("If-Match" = String, Header, description = "ETag de la version lue, par exemple \"3\"", pattern = r#"^"[0-9]{1,9}"$"#),
                ),
                request_body = $input,
                responses(
                    (status = 200, description = "L'élément modifié", body = $view),
                    SignedOut,
                    Unknown,
                    Binned,
                    Versioned,
                    InvalidFields,
                ),
            )]
            pub async fn replace(
                req: HttpRequest,
                id: web::Path<String>,
                input: Json<$input>,
                staff: Staff,
                state: web::Data<AppState>,
            ) -> Result<HttpResponse, ApiError> {
                super::replace_item::<Kind>(req, id, input, staff, state).await
            }

            #[utoipa::path(
                patch,
                path = concat!("/api/v1/editorial/", $plural, "/{id}"),
                operation_id = concat!("editorial_patch_", $plural),
                tag = $tag,
                summary = "Modifier en partie",
                description = "JSON merge patch (RFC 7396) du contenu : les champs envoyés remplacent les autres, null vide un champ. Exige If-Match.",
                params(
                    ("id" = uuid::Uuid, Path, description = "Identifiant"),
                    ("If-Match" = String, Header, description = "ETag de la version lue", pattern = r#"^"[0-9]{1,9}"$"#),
                ),
                request_body(content = Object, content_type = "application/merge-patch+json"),
                responses(
                    (status = 200, description = "L'élément modifié", body = $view),
                    SignedOut,
                    Unknown,
                    Versioned,
                    InvalidFields,
                ),
            )]
            pub async fn patch(
                req: HttpRequest,
                id: web::Path<String>,
                patch: MergePatch<serde_json::Value>,
                staff: Staff,
                state: web::Data<AppState>,
            ) -> Result<HttpResponse, ApiError> {
                super::patch_item::<Kind>(req, id, patch, staff, state).await
            }

            #[utoipa::path(
                delete,
                path = concat!("/api/v1/editorial/", $plural, "/{id}"),
                operation_id = concat!("editorial_delete_", $plural),
                tag = $tag,
                summary = "Mettre à la corbeille",
                description = "Retire l'élément du public ; il reste restaurable. Exige If-Match.",
                params(
                    ("id" = uuid::Uuid, Path, description = "Identifiant"),
                    ("If-Match" = String, Header, description = "ETag de la version lue", pattern = r#"^"[0-9]{1,9}"$"#),
                ),
                responses(
                    (status = 200, description = "L'élément, à la corbeille", body = $view),
                    SignedOut,
                    Unknown,
                    Versioned,
                ),
            )]
            pub async fn remove(
                req: HttpRequest,
                id: web::Path<String>,
                staff: Staff,
                state: web::Data<AppState>,
            ) -> Result<HttpResponse, ApiError> {
                super::transition_item::<Kind>(req, id, staff, state, Transition::Delete).await
            }

            #[utoipa::path(
                post,
                path = concat!("/api/v1/editorial/", $plural, "/{id}/restore"),
                operation_id = concat!("editorial_restore_", $plural),
                tag = $tag,
                summary = "Restaurer de la corbeille",
                description = "If-Match facultatif ; s'il est donné, il doit être à jour.",
                params(("id" = uuid::Uuid, Path, description = "Identifiant")),
                responses(
                    (status = 200, description = "L'élément", body = $view),
                    SignedOut,
                    Unknown,
                    ChangedMeanwhile,
                ),
            )]
            pub async fn restore(
                req: HttpRequest,
                id: web::Path<String>,
                staff: Staff,
                state: web::Data<AppState>,
            ) -> Result<HttpResponse, ApiError> {
                super::transition_item::<Kind>(req, id, staff, state, Transition::Restore).await
            }

            #[utoipa::path(
                post,
                path = concat!("/api/v1/editorial/", $plural, "/{id}/publish"),
                operation_id = concat!("editorial_publish_", $plural),
                tag = $tag,
                summary = "Publier",
                description = "Le brouillon devient public (API, recherche, client) dès la réponse. La première publication fige le slug.",
                params(("id" = uuid::Uuid, Path, description = "Identifiant")),
                responses(
                    (status = 200, description = "L'élément publié", body = $view),
                    SignedOut,
                    Unknown,
                    Binned,
                    ChangedMeanwhile,
                ),
            )]
            pub async fn publish(
                req: HttpRequest,
                id: web::Path<String>,
                staff: Staff,
                state: web::Data<AppState>,
            ) -> Result<HttpResponse, ApiError> {
                super::transition_item::<Kind>(req, id, staff, state, Transition::Publish).await
            }

            #[utoipa::path(
                post,
                path = concat!("/api/v1/editorial/", $plural, "/{id}/unpublish"),
                operation_id = concat!("editorial_unpublish_", $plural),
                tag = $tag,
                summary = "Dépublier",
                description = "L'élément redevient un brouillon, invisible du public.",
                params(("id" = uuid::Uuid, Path, description = "Identifiant")),
                responses(
                    (status = 200, description = "L'élément", body = $view),
                    SignedOut,
                    Unknown,
                    Binned,
                    ChangedMeanwhile,
                ),
            )]
            pub async fn unpublish(
                req: HttpRequest,
                id: web::Path<String>,
                staff: Staff,
                state: web::Data<AppState>,
            ) -> Result<HttpResponse, ApiError> {
                super::transition_item::<Kind>(req, id, staff, state, Transition::Unpublish).await
            }

            #[utoipa::path(
                get,
                path = concat!("/api/v1/editorial/", $plural, "/{id}/preview"),
                operation_id = concat!("editorial_preview_", $plural),
                tag = $tag,
                summary = "Prévisualiser",
                description = "Le détail tel que le public le lira une fois l'élément publié, sous la même forme que la lecture publique, même pour un brouillon ou un élément à la corbeille ; rien n'est publié ni écrit.",
                params(("id" = uuid::Uuid, Path, description = "Identifiant")),
                responses(
                    (status = 200, description = "Le détail, tel que le public le lira", body = $public),
                    SignedOut,
                    Unknown,
                ),
            )]
            pub async fn public_preview(
                id: web::Path<String>,
                _staff: Staff,
                state: web::Data<AppState>,
            ) -> Result<HttpResponse, ApiError> {
                super::preview_item::<Kind>(id, state).await
            }

            #[utoipa::path(
                get,
                path = concat!("/api/v1/editorial/", $plural, "/{id}/history"),
                operation_id = concat!("editorial_history_", $plural),
                tag = $tag,
                summary = "Historique",
                description = "Chaque changement, du plus récent au plus ancien : qui, quand, quels champs, avant et après, et la version qu'il a produite.",
                params(("id" = uuid::Uuid, Path, description = "Identifiant"), super::HistoryParams),
                responses(
                    (status = 200, description = "Une page de l'historique", body = passerelle_types::AuditList),
                    BadParameter,
                    SignedOut,
                    Unknown,
                ),
            )]
            pub async fn history(
                req: HttpRequest,
                id: web::Path<String>,
                _staff: Staff,
                state: web::Data<AppState>,
            ) -> Result<HttpResponse, ApiError> {
                super::history_items::<Kind>(req, id, state).await
            }

            #[utoipa::path(
                post,
                path = concat!("/api/v1/editorial/", $plural, "/{id}/versions/{version}/restore"),
                operation_id = concat!("editorial_restore_version_", $plural),
                tag = $tag,
                summary = "Rétablir une version antérieure",
                description = "Le contenu de cette version redevient le contenu courant, comme une nouvelle version : l'historique n'est jamais réécrit. Exige If-Match.",
                params(
                    ("id" = uuid::Uuid, Path, description = "Identifiant"),
                    ("version" = i32, Path, description = "La version à rétablir, antérieure à la version actuelle"),
                    ("If-Match" = String, Header, description = "ETag de la version lue", pattern = r#"^"[0-9]{1,9}"$"#),
                ),
                responses(
                    (status = 200, description = "L'élément, avec le contenu rétabli", body = $view),
                    BadParameter,
                    SignedOut,
                    (status = 404, description = "Élément inconnu, ou historique qui ne remonte pas jusque-là", body = Problem, content_type = "application/problem+json"),
                    Binned,
                    Versioned,
                    (status = 422, description = "Version invalide, ou contenu qui n'est plus valable (un thème supprimé depuis…)", body = Problem, content_type = "application/problem+json"),
                ),
            )]
            pub async fn restore_version(
                req: HttpRequest,
                path: web::Path<(String, String)>,
                staff: Staff,
                state: web::Data<AppState>,
            ) -> Result<HttpResponse, ApiError> {
                super::restore_version_item::<Kind>(req, path, staff, state).await
            }
        }
    };
}

editorial_routes!(
    publications,
    passerelle_store::editorial::Publications,
    passerelle_types::PublicationInput,
    passerelle_types::EditorialPublication,
    passerelle_types::Publication,
    "publications",
    "editorial-publications"
);
editorial_routes!(
    events,
    passerelle_store::editorial::Events,
    passerelle_types::EventInput,
    passerelle_types::EditorialEvent,
    passerelle_types::Event,
    "events",
    "editorial-events"
);
editorial_routes!(
    members,
    passerelle_store::editorial::Members,
    passerelle_types::MemberInput,
    passerelle_types::EditorialMember,
    passerelle_types::Member,
    "members",
    "editorial-members"
);

/// Themes: a label under a fixed slug; a theme in use cannot be deleted.
pub mod themes;

/// The Markdown of a text rendered as the public will see it.
pub mod markdown;

/// How each event takes registrations.
pub mod registrations;
