use std::sync::Arc;

use actix_web::{web, HttpRequest, HttpResponse};
use passerelle_feeds::Site;
use passerelle_search::{Engine, SearchError};
use passerelle_types::{
    Pagination, Problem, Publication, PublicationList, PublicationQuery, QueryError,
};

use crate::detail_reads::DetailReads;
use crate::error::ApiError;
use crate::memo::Memo;
use crate::routes::answers::{self, PublicKind};
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
    answers::list::<Publication>(req, state).await
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
    answers::detail::<Publication>(req, key, state).await
}

impl PublicKind for Publication {
    type Query = PublicationQuery;
    type List = PublicationList;
    const NAME: &'static str = "publication";
    const CSV_NAME: &'static str = "publications";

    fn parse(query: &str) -> Result<PublicationQuery, QueryError> {
        PublicationQuery::parse(query)
    }
    fn paginate(query: &mut PublicationQuery, pagination: Pagination) {
        query.pagination = pagination;
    }
    fn list(engine: &Engine, query: &PublicationQuery) -> Result<PublicationList, SearchError> {
        engine.publications(query)
    }
    fn csv(site: &Site, list: &PublicationList) -> Vec<u8> {
        passerelle_feeds::csv::publications(site, &list.items)
    }
    fn linked_data(site: &Site, item: &Publication) -> serde_json::Value {
        passerelle_feeds::jsonld::publication(site, item)
    }
    fn memo(state: &AppState) -> &Memo<Arc<Publication>> {
        &state.memos.publications
    }
    fn readers(state: &AppState) -> &Arc<DetailReads<Publication>> {
        &state.detail_readers.publications
    }
}
