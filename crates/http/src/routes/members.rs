use actix_web::{web, HttpRequest, HttpResponse};
use passerelle_types::{Member, MemberKind, MemberList, MemberQuery, MemberSort, Problem};
use utoipa::IntoParams;

use super::{no_parameters, not_found, published};
use crate::blocking::with_engine;
use crate::error::ApiError;
use crate::formats::{self, everything, list_format, site};
use crate::state::AppState;

/// Paramètres de la liste des membres du réseau. Les filtres à plusieurs valeurs les
/// prennent séparées par des virgules : un membre correspond s'il a l'une d'elles.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the wire format; parsing is MemberQuery::parse
pub struct MemberParams {
    /// Recherche plein texte (200 caractères au plus) dans le nom et la présentation ; le
    /// tri par défaut devient la pertinence.
    #[param(example = "Narbonne")]
    q: Option<String>,
    /// Thèmes (identifiants de `/api/v1/themes`).
    #[param(style = Form, explode = false, value_type = Option<Vec<crate::routes::Slug>>, example = json!(["egalite-femmes-hommes"]))]
    theme: Option<Vec<String>>,
    /// Types de structure.
    #[param(style = Form, explode = false, value_type = Option<Vec<crate::routes::MemberKindFilter>>)]
    kind: Option<Vec<MemberKind>>,
    /// Territoires (identifiants de `/api/v1/territories`). Un département comprend ses
    /// communes, une région ses départements.
    #[param(style = Form, explode = false, value_type = Option<Vec<crate::routes::Slug>>, example = json!(["departement-11"]))]
    territory: Option<Vec<String>>,
    /// Seulement les éléments modifiés à partir de cet instant (RFC 3339, ou AAAA-MM-JJ
    /// pour minuit UTC) : avec `sort=updated`, de quoi tenir à jour une copie sans tout
    /// retélécharger ; `/api/v1/deletions` donne ce qui a été retiré.
    #[param(value_type = Option<String>, format = DateTime, example = "2026-11-01T00:00:00Z")]
    updated_since: Option<String>,
    /// Ordre : `relevance` (par défaut avec `q`), `name` (par défaut sinon), ou `updated`
    /// (les moins récemment modifiés d'abord).
    sort: Option<MemberSort>,
    /// Numéro de page, à partir de 1.
    #[param(minimum = 1, maximum = 2147483647, default = 1)]
    page: Option<u32>,
    /// Nombre d'éléments par page, de 1 à 100.
    #[param(minimum = 1, maximum = 100, default = 20)]
    limit: Option<u32>,
}

/// Liste des membres du réseau
///
/// Conseils citoyens, associations, collectivités, services de l'État, centres de
/// ressources et équipements du réseau, filtrés et paginés, avec les facettes.
#[utoipa::path(
    get,
    path = "/api/v1/members",
    operation_id = "list_members",
    tag = "members",
    params(MemberParams),
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
