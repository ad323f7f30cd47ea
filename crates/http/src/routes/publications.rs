use actix_web::{web, HttpRequest, HttpResponse};
use passerelle_types::{Problem, Publication, PublicationList, PublicationQuery};

use super::{no_parameters, not_found, published};
use crate::blocking::with_engine;
use crate::error::ApiError;
use crate::formats::{self, everything, list_format, site};
use crate::state::AppState;

/// Liste des publications
///
/// Publications publiées, filtrées, triées et paginées, avec pour chaque filtre le nombre
/// de résultats de chaque valeur compte tenu des autres filtres actifs.
#[utoipa::path(
    get,
    path = "/api/v1/publications",
    operation_id = "list_publications",
    tag = "publications",
    params(PublicationQuery),
    responses(
        (status = 200, description = "Une page de publications et les facettes ; en CSV (`format=csv` ou `Accept: text/csv`), toutes les publications retenues (10 000 au plus), séparateur point-virgule, UTF-8 avec BOM, dates JJ/MM/AAAA", content(
            (PublicationList = "application/json"),
            (String = "text/csv"),
        )),
        (status = 400, description = "Paramètre invalide", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let format = list_format(&req)?;
    let mut query = PublicationQuery::parse(&format.query)?;
    if format.csv {
        query.pagination = everything();
    }
    let list: PublicationList =
        with_engine(&state.engine, move |engine| engine.publications(&query)).await?;
    Ok(if format.csv {
        formats::csv(
            passerelle_feeds::csv::publications(&site(&req), &list.items),
            "publications",
        )
    } else {
        formats::vary_on_accept(HttpResponse::Ok().json(list))
    })
}

/// Détail d'une publication
///
/// La publication, avec ses liens, les structures impliquées et les événements liés.
#[utoipa::path(
    get,
    path = "/api/v1/publications/{key}",
    operation_id = "get_publication",
    tag = "publications",
    params(("key" = String, Path, description = "Identifiant (UUID) ou slug", example = "capitalisation-egalite-femmes-hommes-contrats-de-ville")),
    responses(
        (status = 200, description = "La publication ; en JSON-LD schema.org (Report, VideoObject ou CreativeWork) avec `Accept: application/ld+json`", content(
            (Publication = "application/json"),
            (serde_json::Value = "application/ld+json"),
        )),
        (status = 400, description = "Paramètre invalide", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Aucune publication publiée ne porte cet identifiant", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn detail(
    req: HttpRequest,
    key: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    no_parameters(&req)?;
    let key = key.into_inner();
    let publication = published(
        &state.memos.publications,
        &state.detail_readers.publications,
        &state.engine,
        &state.db,
        &key,
    )
    .await?
    .ok_or_else(|| not_found("publication", &key))?;
    Ok(if formats::accepts(&req, "application/ld+json") {
        formats::linked_data(passerelle_feeds::jsonld::publication(
            &site(&req),
            &publication,
        ))
    } else {
        formats::vary_on_accept(HttpResponse::Ok().json(&*publication))
    })
}
