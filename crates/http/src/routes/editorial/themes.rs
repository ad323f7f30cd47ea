//! Themes: the vocabulary every item is filed under. A change to one relabels every item,
//! so the index is rebuilt, and only when something did change.

use actix_web::http::header;
use actix_web::web::Data;
use actix_web::{web, HttpRequest, HttpResponse};
use passerelle_store::editorial::{
    create_theme, delete_theme, editorial_themes, find_editorial_theme, restore_theme,
    update_theme, Outcome,
};
use passerelle_store::ChangedEntity;
use passerelle_types::{EditorialTheme, Problem, ThemeInput};

use super::{expected_version, refresh_index, versioned};
use crate::auth::Staff;
use crate::blocking::with_db;
use crate::body::Json;
use crate::error::ApiResult;
use crate::openapi::parameters::{IfMatch, ThemeSlug};

use crate::openapi::problems::{ChangedMeanwhile, InvalidFields, SignedOut, Unknown, Versioned};
use crate::routes::answers::unshared;
use crate::state::AppState;

/// The answer to a call on a theme, the index rebuilt first if the call changed it.
async fn after(state: &Data<AppState>, outcome: Outcome) -> HttpResponse {
    if outcome.changed {
        refresh_index(state, ChangedEntity::Reference, outcome.theme.slug.clone()).await;
    }
    versioned(HttpResponse::Ok(), outcome.theme.version, &outcome.theme)
}

#[utoipa::path(
    get, path = "/api/v1/editorial/themes", operation_id = "editorial_list_themes",
    summary = "Lister les thèmes, supprimés compris",
    responses(
        (status = 200, description = "Les thèmes", body = [EditorialTheme]),
        SignedOut,
    ),
)]
pub async fn list(_staff: Staff, state: Data<AppState>) -> ApiResult {
    let themes = with_db(&state.db, editorial_themes).await?;
    Ok(unshared(HttpResponse::Ok(), themes))
}

#[utoipa::path(
    post, path = "/api/v1/editorial/themes", operation_id = "editorial_create_theme",
    summary = "Créer un thème",
    description = "Le slug est tiré du libellé s'il n'est pas donné ; il ne change plus ensuite.",
    request_body = ThemeInput,
    responses(
        (status = 201, description = "Le thème", body = EditorialTheme),
        SignedOut, InvalidFields,
    ),
)]
pub async fn create(
    req: HttpRequest,
    input: Json<ThemeInput>,
    staff: Staff,
    state: Data<AppState>,
) -> ApiResult {
    let input = input.decoded()?;
    let actor = staff.actor();
    let theme = with_db(&state.db, move |conn| create_theme(conn, &actor, &input)).await?;
    refresh_index(&state, ChangedEntity::Reference, theme.slug.clone()).await;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("{}/{}", req.path(), theme.slug)));
    Ok(versioned(response, theme.version, &theme))
}

#[utoipa::path(
    get, path = "/api/v1/editorial/themes/{slug}", operation_id = "editorial_get_theme",
    summary = "Lire un thème",
    params(ThemeSlug),
    responses(
        (status = 200, description = "Le thème", body = EditorialTheme),
        SignedOut, Unknown,
    ),
)]
pub async fn read(slug: web::Path<ThemeSlug>, _staff: Staff, state: Data<AppState>) -> ApiResult {
    let slug = slug.into_inner();
    let theme = with_db(&state.db, move |conn| find_editorial_theme(conn, &slug)).await?;
    Ok(versioned(HttpResponse::Ok(), theme.version, &theme))
}

#[utoipa::path(
    put, path = "/api/v1/editorial/themes/{slug}", operation_id = "editorial_replace_theme",
    summary = "Renommer un thème",
    description = "Exige If-Match.",
    params(
        ThemeSlug,
        IfMatch,
    ),
    request_body = ThemeInput,
    responses(
        (status = 200, description = "Le thème", body = EditorialTheme),
        SignedOut, Unknown, Versioned, InvalidFields,
    ),
)]
pub async fn replace(
    req: HttpRequest,
    slug: web::Path<ThemeSlug>,
    input: Json<ThemeInput>,
    staff: Staff,
    state: Data<AppState>,
) -> ApiResult {
    let expected = expected_version(&req, true)?.unwrap_or_default();
    let input = input.decoded()?;
    let slug = slug.into_inner();
    let actor = staff.actor();
    let outcome = with_db(&state.db, move |conn| {
        update_theme(conn, &actor, &slug, expected, &input)
    })
    .await?;
    Ok(after(&state, outcome).await)
}

#[utoipa::path(
    delete, path = "/api/v1/editorial/themes/{slug}", operation_id = "editorial_delete_theme",
    summary = "Supprimer un thème",
    description = "Refusé (409) tant qu'un contenu porte ce thème. Exige If-Match.",
    params(
        ThemeSlug,
        IfMatch,
    ),
    responses(
        (status = 200, description = "Le thème, supprimé", body = EditorialTheme),
        SignedOut, Unknown,
        (status = 409, description = "Thème utilisé", body = Problem),
        Versioned,
    ),
)]
pub async fn remove(
    req: HttpRequest,
    slug: web::Path<ThemeSlug>,
    staff: Staff,
    state: Data<AppState>,
) -> ApiResult {
    let expected = expected_version(&req, true)?.unwrap_or_default();
    let slug = slug.into_inner();
    let actor = staff.actor();
    let outcome = with_db(&state.db, move |conn| {
        delete_theme(conn, &actor, &slug, expected)
    })
    .await?;
    Ok(after(&state, outcome).await)
}

#[utoipa::path(
    post, path = "/api/v1/editorial/themes/{slug}/restore", operation_id = "editorial_restore_theme",
    summary = "Restaurer un thème",
    params(ThemeSlug),
    responses(
        (status = 200, description = "Le thème", body = EditorialTheme),
        SignedOut, Unknown, ChangedMeanwhile,
    ),
)]
pub async fn restore(
    req: HttpRequest,
    slug: web::Path<ThemeSlug>,
    staff: Staff,
    state: Data<AppState>,
) -> ApiResult {
    let expected = expected_version(&req, false)?;
    let slug = slug.into_inner();
    let actor = staff.actor();
    let outcome = with_db(&state.db, move |conn| {
        restore_theme(conn, &actor, &slug, expected)
    })
    .await?;
    Ok(after(&state, outcome).await)
}
