use actix_web::{web, HttpRequest, HttpResponse};
use passerelle_types::{Member, MemberList, MemberQuery, Problem};

use super::{no_parameters, not_found, published};
use crate::blocking::with_engine;
use crate::error::ApiError;
use crate::formats::{self, everything, list_format, site};
use crate::state::AppState;

/// Liste des membres du réseau
///
/// Conseils citoyens, associations, collectivités, services de l'État, centres de
/// ressources et équipements du réseau, filtrés et paginés, avec les facettes.
#[utoipa::path(
    get,
    path = "/api/v1/members",
    operation_id = "list_members",
    tag = "members",
    params(MemberQuery),
    responses(
        (status = 200, description = "Une page de membres et les facettes ; en CSV (`format=csv` ou `Accept: text/csv`), tous les membres retenus (10 000 au plus), séparateur point-virgule, UTF-8 avec BOM", content(
            (MemberList = "application/json"),
            (String = "text/csv"),
        )),
        (status = 400, description = "Paramètre invalide", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let format = list_format(&req)?;
    let mut query = MemberQuery::parse(&format.query)?;
    if format.csv {
        query.pagination = everything();
    }
    let list: MemberList = with_engine(&state.engine, move |engine| engine.members(&query)).await?;
    Ok(if format.csv {
        formats::csv(
            passerelle_feeds::csv::members(&site(&req), &list.items),
            "reseau",
        )
    } else {
        formats::vary_on_accept(HttpResponse::Ok().json(list))
    })
}

/// Détail d'un membre du réseau
///
/// La structure, avec sa présentation, son contact s'il est public, et les publications et
/// événements auxquels elle a pris part.
#[utoipa::path(
    get,
    path = "/api/v1/members/{key}",
    operation_id = "get_member",
    tag = "members",
    params(("key" = String, Path, description = "Identifiant (UUID) ou slug", example = "villes-et-territoires-occitanie")),
    responses(
        (status = 200, description = "Le membre ; en JSON-LD schema.org (Organization) avec `Accept: application/ld+json`", content(
            (Member = "application/json"),
            (serde_json::Value = "application/ld+json"),
        )),
        (status = 400, description = "Paramètre invalide", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Aucun membre publié ne porte cet identifiant", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn detail(
    req: HttpRequest,
    key: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    no_parameters(&req)?;
    let key = key.into_inner();
    let member = published(
        &state.memos.members,
        &state.detail_readers.members,
        &state.engine,
        &state.db,
        &key,
    )
    .await?
    .ok_or_else(|| not_found("membre", &key))?;
    Ok(if formats::accepts(&req, "application/ld+json") {
        formats::linked_data(passerelle_feeds::jsonld::member(&site(&req), &member))
    } else {
        formats::vary_on_accept(HttpResponse::Ok().json(&*member))
    })
}
