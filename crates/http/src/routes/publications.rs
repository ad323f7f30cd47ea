use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use passerelle_types::{
    Problem, Publication, PublicationKind, PublicationList, PublicationQuery, PublicationSort,
};
use utoipa::IntoParams;

use super::{no_parameters, not_found, published};
use crate::blocking::with_engine;
use crate::error::ApiError;
use crate::formats::{self, everything, list_format, site};
use crate::state::AppState;

/// Paramètres de la liste des publications. Les filtres à plusieurs valeurs les prennent
/// séparées par des virgules : une publication correspond si elle a l'une d'elles.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the wire format; parsing is PublicationQuery::parse
pub struct PublicationParams {
    /// Recherche plein texte (200 caractères au plus) : insensible aux accents et à la
    /// casse, tolérante aux pluriels, à une faute de frappe par mot de cinq lettres ou plus,
    /// et au dernier mot en cours de frappe ; tous les mots doivent correspondre ; les
    /// expressions entre guillemets sont cherchées telles quelles. Le tri par défaut devient
    /// la pertinence.
    #[param(example = "égalité femmes-hommes")]
    q: Option<String>,
    /// Thèmes (identifiants de `/api/v1/themes`).
    #[param(style = Form, explode = false, value_type = Option<Vec<crate::routes::Slug>>, example = json!(["egalite-femmes-hommes"]))]
    theme: Option<Vec<String>>,
    /// Types de publication.
    #[param(style = Form, explode = false, value_type = Option<Vec<crate::routes::PublicationKindFilter>>)]
    kind: Option<Vec<PublicationKind>>,
    /// Territoires (identifiants de `/api/v1/territories`). Un département comprend ses
    /// communes, une région ses départements.
    #[param(style = Form, explode = false, value_type = Option<Vec<crate::routes::Slug>>, example = json!(["departement-30"]))]
    territory: Option<Vec<String>>,
    /// Années de publication.
    #[param(style = Form, explode = false, value_type = Option<Vec<crate::routes::Year>>, example = json!([2019]))]
    year: Option<Vec<i32>>,
    /// Publiées à partir de cette date (AAAA-MM-JJ). Une publication datée seulement de
    /// l'année compte pour toute l'année ; une publication sans date est écartée.
    from: Option<NaiveDate>,
    /// Publiées jusqu'à cette date incluse (AAAA-MM-JJ).
    to: Option<NaiveDate>,
    /// Seulement les éléments modifiés à partir de cet instant (RFC 3339, ou AAAA-MM-JJ
    /// pour minuit UTC) : avec `sort=updated`, de quoi tenir à jour une copie sans tout
    /// retélécharger ; `/api/v1/deletions` donne ce qui a été retiré.
    #[param(value_type = Option<String>, format = DateTime, example = "2026-11-01T00:00:00Z")]
    updated_since: Option<String>,
    /// Ordre : `relevance` (par défaut avec `q`), `date_desc` (par défaut sinon), `date_asc`,
    /// `title`, ou `updated` (les moins récemment modifiées d'abord). Les publications sans
    /// date viennent en dernier ; à pertinence égale, la plus récente d'abord.
    sort: Option<PublicationSort>,
    /// Numéro de page, à partir de 1.
    #[param(minimum = 1, maximum = 2147483647, default = 1)]
    page: Option<u32>,
    /// Nombre d'éléments par page, de 1 à 100.
    #[param(minimum = 1, maximum = 100, default = 20)]
    limit: Option<u32>,
}

/// Liste des publications
///
/// Publications publiées, filtrées, triées et paginées, avec pour chaque filtre le nombre
/// de résultats de chaque valeur compte tenu des autres filtres actifs.
#[utoipa::path(
    get,
    path = "/api/v1/publications",
    operation_id = "list_publications",
    tag = "publications",
    params(PublicationParams),
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
