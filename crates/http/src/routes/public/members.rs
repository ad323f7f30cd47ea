use std::sync::Arc;

use actix_web::{web, HttpRequest, HttpResponse};
use passerelle_feeds::Site;
use passerelle_search::{Engine, SearchError};
use passerelle_types::{Member, MemberList, MemberQuery, Pagination, Problem, QueryError};

use crate::detail_reads::DetailReads;
use crate::error::ApiError;
use crate::memo::Memo;
use crate::routes::answers::{self, PublicKind};
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
    answers::list::<Member>(req, state).await
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
    answers::detail::<Member>(req, key, state).await
}

impl PublicKind for Member {
    type Query = MemberQuery;
    type List = MemberList;
    const NAME: &'static str = "membre";
    const CSV_NAME: &'static str = "reseau";

    fn parse(query: &str) -> Result<MemberQuery, QueryError> {
        MemberQuery::parse(query)
    }
    fn paginate(query: &mut MemberQuery, pagination: Pagination) {
        query.pagination = pagination;
    }
    fn list(engine: &Engine, query: &MemberQuery) -> Result<MemberList, SearchError> {
        engine.members(query)
    }
    fn csv(site: &Site, list: &MemberList) -> Vec<u8> {
        passerelle_feeds::csv::members(site, &list.items)
    }
    fn linked_data(site: &Site, item: &Member) -> serde_json::Value {
        passerelle_feeds::jsonld::member(site, item)
    }
    fn memo(state: &AppState) -> &Memo<Arc<Member>> {
        &state.memos.members
    }
    fn readers(state: &AppState) -> &Arc<DetailReads<Member>> {
        &state.detail_readers.members
    }
}
