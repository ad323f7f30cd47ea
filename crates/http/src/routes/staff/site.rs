//! For administrators: the site's own pages (legal notice, personal data, accessibility
//! statement), which every page's footer links to, and the year's activity figures.

use actix_web::http::header;
use actix_web::web::Data;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Datelike;
use passerelle_types::{ActivityReport, Problem, SitePage, SitePageInput, SitePageKind};
use serde::Deserialize;

use crate::openapi::parameters::SitePageSlug;

use crate::auth::Admin;
use crate::blocking::with_db;
use crate::body::Json;
use crate::error::{ApiError, ApiResult};
use crate::openapi::problems::{
    AdminsOnly, BadParameter, InvalidFields, NotJson, SignedOut, UnknownPage,
};
use crate::routes::answers::{no_parameters, staff_query, unshared};
use crate::state::AppState;

fn page_kind(kind: &str) -> ApiResult<SitePageKind> {
    kind.parse().map_err(|_| {
        ApiError::NotFound(format!(
            "Aucune page « {kind} » : mentions-legales, donnees-personnelles ou accessibilite."
        ))
    })
}

/// Lire une page du site
///
/// Le texte de la page tel que le public le lit sous son adresse (`/mentions-legales`,
/// `/donnees-personnelles`, `/accessibilite`), Markdown et HTML ; le texte par défaut tant
/// qu'aucun administrateur ne l'a écrit (`updated_at` absent).
#[utoipa::path(
    get, path = "/api/v1/editorial/pages/{kind}", operation_id = "editorial_site_page",
    params(SitePageSlug),
    responses(
        (status = 200, description = "La page", body = SitePage),
        BadParameter, SignedOut, AdminsOnly, UnknownPage,
    ),
)]
pub async fn page(
    req: HttpRequest,
    kind: web::Path<SitePageSlug>,
    _admin: Admin,
    state: Data<AppState>,
) -> ApiResult {
    no_parameters(&req)?;
    let kind = page_kind(&kind)?;
    let page = with_db(&state.db, move |conn| {
        passerelle_store::site_page(conn, kind)
    })
    .await?;
    Ok(unshared(HttpResponse::Ok(), page))
}

/// Écrire une page du site
///
/// Titre et texte en Markdown ; pour la page « Accessibilité », l'état de conformité au
/// RGAA, repris au pied de chaque page. Au journal d'audit.
#[utoipa::path(
    put, path = "/api/v1/editorial/pages/{kind}", operation_id = "editorial_save_site_page",
    params(SitePageSlug),
    request_body = SitePageInput,
    responses(
        (status = 200, description = "La page enregistrée", body = SitePage),
        SignedOut,
        (status = 403, description = "Réservé aux administrateurs, ou jeton anti-CSRF manquant", body = Problem),
        UnknownPage, NotJson, InvalidFields,
    ),
)]
pub async fn save_page(
    kind: web::Path<SitePageSlug>,
    input: Json<SitePageInput>,
    admin: Admin,
    state: Data<AppState>,
) -> ApiResult {
    let kind = page_kind(&kind)?;
    let input = input.decoded()?;
    input.validate(kind).map_err(ApiError::Validation)?;
    let actor = admin.0.actor();
    let page = with_db(&state.db, move |conn| {
        passerelle_store::save_site_page(conn, &actor, kind, input)
    })
    .await?;
    if let Some(status) = page
        .conformity
        .filter(|_| kind == SitePageKind::Accessibility)
    {
        state.conformity.set(status);
    }
    Ok(unshared(HttpResponse::Ok(), page))
}

/// The year asked, this one by default.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    /// L'année ; par défaut, l'année en cours.
    #[param(minimum = 2000, maximum = 2100)]
    year: Option<i32>,
}

fn report_year(req: &HttpRequest) -> ApiResult<i32> {
    let query: ReportQuery = staff_query(req, "year (une année, de 2000 à 2100) est permis")?;
    match query.year {
        None => Ok(chrono::Utc::now().year()),
        Some(year) if (2000..=2100).contains(&year) => Ok(year),
        Some(_) => Err(ApiError::InvalidParameter {
            parameter: "year".to_owned(),
            message: "L'année va de 2000 à 2100.".to_owned(),
        }),
    }
}

async fn activity(req: &HttpRequest, state: &AppState) -> ApiResult<ActivityReport> {
    let year = report_year(req)?;
    with_db(&state.db, move |conn| {
        passerelle_store::activity_report(conn, year)
    })
    .await
}

/// Bilan d'activité
///
/// Une année du centre, pour ses financeurs : événements tenus, inscriptions confirmées,
/// présents, liste d'attente, publications parues, mois par mois ; publics et
/// départements atteints. Les inscriptions dont les données personnelles sont effacées y
/// restent, par leurs comptes anonymes.
#[utoipa::path(
    get, path = "/api/v1/editorial/report", operation_id = "activity_report",
    params(ReportQuery),
    responses(
        (status = 200, description = "Le bilan", body = ActivityReport),
        BadParameter, SignedOut, AdminsOnly,
    ),
)]
pub async fn report(req: HttpRequest, _admin: Admin, state: Data<AppState>) -> ApiResult {
    let report = activity(&req, &state).await?;
    Ok(unshared(HttpResponse::Ok(), report))
}

/// Bilan d'activité (CSV)
///
/// Le même bilan pour un tableur français (point-virgule, UTF-8 avec BOM), une ligne par
/// nombre : année, rubrique, élément, indicateur, nombre.
#[utoipa::path(
    get, path = "/api/v1/editorial/report.csv", operation_id = "activity_report_csv",
    params(ReportQuery),
    responses(
        (status = 200, description = "Le tableau", content_type = "text/csv", body = String),
        BadParameter, SignedOut, AdminsOnly,
    ),
)]
pub async fn report_csv(req: HttpRequest, _admin: Admin, state: Data<AppState>) -> ApiResult {
    let report = activity(&req, &state).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"bilan-{}.csv\"", report.year),
        ))
        .content_type("text/csv; charset=utf-8; header=present")
        .body(passerelle_feeds::csv::activity(&report)))
}
