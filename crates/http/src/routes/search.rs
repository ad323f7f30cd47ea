use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use passerelle_types::{ItemType, Problem, SearchQuery, SearchResults, SearchSort};
use utoipa::IntoParams;

use crate::blocking::with_engine;
use crate::error::ApiError;
use crate::state::AppState;

/// Paramètres de la recherche. Les filtres à plusieurs valeurs les prennent séparées par
/// des virgules : un élément correspond s'il a l'une d'elles.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the wire format; parsing is SearchQuery::parse
pub struct SearchParams {
    /// Recherche plein texte (200 caractères au plus) : insensible aux accents et à la
    /// casse, tolérante aux pluriels, à une faute de frappe par mot de cinq lettres ou plus,
    /// et au dernier mot en cours de frappe ; tous les mots doivent correspondre ; les
    /// expressions entre guillemets sont cherchées telles quelles ; les mots vides (le, de,
    /// des…) sont ignorés. Vide : tout le contenu, le plus récent d'abord.
    #[param(example = "egalite femmes hommes")]
    q: Option<String>,
    /// Types d'élément.
    #[param(rename = "type", style = Form, explode = false, value_type = Option<Vec<crate::routes::ItemTypeFilter>>)]
    item_type: Option<Vec<ItemType>>,
    /// Types de publication, d'événement ou de structure (voir les listes correspondantes).
    #[param(style = Form, explode = false, example = json!(["guide", "seminaire"]))]
    kind: Option<Vec<String>>,
    /// Thèmes (identifiants de `/api/v1/themes`).
    #[param(style = Form, explode = false, value_type = Option<Vec<crate::routes::Slug>>)]
    theme: Option<Vec<String>>,
    /// Territoires (identifiants de `/api/v1/territories`). Un département comprend ses
    /// communes, une région ses départements.
    #[param(style = Form, explode = false, value_type = Option<Vec<crate::routes::Slug>>, example = json!(["departement-30"]))]
    territory: Option<Vec<String>>,
    /// Années.
    #[param(style = Form, explode = false, value_type = Option<Vec<crate::routes::Year>>)]
    year: Option<Vec<i32>>,
    /// À partir de cette date (AAAA-MM-JJ) ; les éléments sans date sont alors écartés.
    from: Option<NaiveDate>,
    /// Jusqu'à cette date incluse (AAAA-MM-JJ).
    to: Option<NaiveDate>,
    /// Seulement les éléments modifiés à partir de cet instant (RFC 3339, ou AAAA-MM-JJ
    /// pour minuit UTC) : avec `sort=updated`, de quoi tenir à jour une copie sans tout
    /// retélécharger ; `/api/v1/deletions` donne ce qui a été retiré.
    #[param(value_type = Option<String>, format = DateTime, example = "2026-11-01T00:00:00Z")]
    updated_since: Option<String>,
    /// Ordre : `relevance` (par défaut avec `q`), `date_desc` (par défaut sinon), `date_asc`,
    /// `title`, ou `updated` (les moins récemment modifiés d'abord). À pertinence égale, le
    /// plus récent d'abord.
    sort: Option<SearchSort>,
    /// Numéro de page, à partir de 1.
    #[param(minimum = 1, maximum = 2147483647, default = 1)]
    page: Option<u32>,
    /// Nombre d'éléments par page, de 1 à 100.
    #[param(minimum = 1, maximum = 100, default = 20)]
    limit: Option<u32>,
}

/// Recherche dans tout le contenu
///
/// Publications, événements et membres du réseau ensemble, classés par pertinence, avec un
/// extrait où les mots trouvés sont balisés, le nombre de résultats par type et les
/// facettes (type, thème, territoire, type de publication ou d'événement, année).
#[utoipa::path(
    get,
    path = "/api/v1/search",
    tag = "search",
    params(SearchParams),
    responses(
        (status = 200, description = "Une page de résultats et les facettes", body = SearchResults),
        (status = 400, description = "Paramètre invalide", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn search(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let query = SearchQuery::parse(req.query_string())?;
    // The parsed query, not the query string: `q=a+b&page=1` and `page=1&q=a%20b` are one.
    let key = format!("{query:?}");
    let generation = state.engine.generation();
    let body = match state.memos.searches.get(&key, generation) {
        Some(body) => body,
        None => {
            let results: SearchResults =
                with_engine(&state.engine, move |engine| engine.search(&query)).await?;
            let body = crate::memo::kept(
                serde_json::to_vec(&results).map_err(|e| ApiError::Internal(e.to_string()))?,
            );
            state.memos.searches.put(key, generation, body.clone());
            body
        }
    };
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(body))
}
