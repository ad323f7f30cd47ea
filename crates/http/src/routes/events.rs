use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{NaiveDate, Utc};
use chrono_tz::Europe::Paris;
use passerelle_types::{Event, EventKind, EventList, EventPeriod, EventQuery, EventSort, Problem};
use utoipa::IntoParams;

use super::{no_parameters, not_found, published};
use crate::blocking::with_engine;
use crate::error::ApiError;
use crate::formats::{self, everything, list_format, site};
use crate::state::AppState;

/// Paramètres de la liste des événements. Les filtres à plusieurs valeurs les prennent
/// séparées par des virgules : un événement correspond s'il a l'une d'elles.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the wire format; parsing is EventQuery::parse
pub struct EventParams {
    /// Recherche plein texte (200 caractères au plus), comme pour les publications ; le tri
    /// par défaut devient la pertinence.
    #[param(example = "conseils citoyens")]
    q: Option<String>,
    /// Thèmes (identifiants de `/api/v1/themes`).
    #[param(style = Form, explode = false, value_type = Option<Vec<crate::routes::Slug>>, example = json!(["conseils-citoyens"]))]
    theme: Option<Vec<String>>,
    /// Types d'événement.
    #[param(style = Form, explode = false, value_type = Option<Vec<crate::routes::EventKindFilter>>)]
    kind: Option<Vec<EventKind>>,
    /// Territoires (identifiants de `/api/v1/territories`). Un département comprend ses
    /// communes, une région ses départements.
    #[param(style = Form, explode = false, value_type = Option<Vec<crate::routes::Slug>>, example = json!(["departement-34"]))]
    territory: Option<Vec<String>>,
    /// Années.
    #[param(style = Form, explode = false, value_type = Option<Vec<crate::routes::Year>>, example = json!([2019]))]
    year: Option<Vec<i32>>,
    /// Événements se terminant à partir de cette date (AAAA-MM-JJ, heure de Paris).
    from: Option<NaiveDate>,
    /// Événements commençant au plus tard à cette date (AAAA-MM-JJ, heure de Paris).
    to: Option<NaiveDate>,
    /// `upcoming` : à venir (y compris ceux du jour) ; `past` : passés ; `all` (par
    /// défaut) : tous. Un événement dont la date n'est pas connue n'est ni à venir ni passé.
    when: Option<EventPeriod>,
    /// Seulement les éléments modifiés à partir de cet instant (RFC 3339, ou AAAA-MM-JJ
    /// pour minuit UTC) : avec `sort=updated`, de quoi tenir à jour une copie sans tout
    /// retélécharger ; `/api/v1/deletions` donne ce qui a été retiré.
    #[param(value_type = Option<String>, format = DateTime, example = "2026-11-01T00:00:00Z")]
    updated_since: Option<String>,
    /// Ordre : `relevance` (par défaut avec `q`), `date_asc` (par défaut pour
    /// `when=upcoming`), `date_desc` (par défaut sinon), `title`, ou `updated` (les moins
    /// récemment modifiés d'abord).
    sort: Option<EventSort>,
    /// Numéro de page, à partir de 1.
    #[param(minimum = 1, maximum = 2147483647, default = 1)]
    page: Option<u32>,
    /// Nombre d'éléments par page, de 1 à 100.
    #[param(minimum = 1, maximum = 100, default = 20)]
    limit: Option<u32>,
}

/// Liste des événements
///
/// Événements publiés, filtrés, triés et paginés, avec les facettes. Dates et heures en
/// heure de Paris.
#[utoipa::path(
    get,
    path = "/api/v1/events",
    operation_id = "list_events",
    tag = "events",
    params(EventParams),
    responses(
        (status = 200, description = "Une page d'événements et les facettes ; en CSV (`format=csv` ou `Accept: text/csv`), tous les événements retenus (10 000 au plus), séparateur point-virgule, UTF-8 avec BOM, dates JJ/MM/AAAA", content(
            (EventList = "application/json"),
            (String = "text/csv"),
        )),
        (status = 400, description = "Paramètre invalide", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let format = list_format(&req)?;
    let mut query = EventQuery::parse(&format.query)?;
    if format.csv {
        query.pagination = everything();
    }
    let today = Utc::now().with_timezone(&Paris).date_naive();
    let list: EventList =
        with_engine(&state.engine, move |engine| engine.events(&query, today)).await?;
    Ok(if format.csv {
        formats::csv(
            passerelle_feeds::csv::events(&site(&req), &list.items),
            "evenements",
        )
    } else {
        formats::vary_on_accept(HttpResponse::Ok().json(list))
    })
}

/// Détail d'un événement
///
/// L'événement, avec son lieu, ses liens, les structures impliquées et les publications
/// qui en sont issues.
#[utoipa::path(
    get,
    path = "/api/v1/events/{key}",
    operation_id = "get_event",
    tag = "events",
    params(("key" = String, Path, description = "Identifiant (UUID) ou slug", example = "rencontres-conseils-citoyens-herault-2019")),
    responses(
        (status = 200, description = "L'événement ; en JSON-LD schema.org (Event, avec Place, PostalAddress, eventStatus, organizer) avec `Accept: application/ld+json`", content(
            (Event = "application/json"),
            (serde_json::Value = "application/ld+json"),
        )),
        (status = 400, description = "Paramètre invalide", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Aucun événement publié ne porte cet identifiant", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn detail(
    req: HttpRequest,
    key: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    no_parameters(&req)?;
    let key = key.into_inner();
    let event = published(
        &state.memos.events,
        &state.detail_readers.events,
        &state.engine,
        &state.db,
        &key,
    )
    .await?
    .ok_or_else(|| not_found("événement", &key))?;
    Ok(if formats::accepts(&req, "application/ld+json") {
        formats::linked_data(passerelle_feeds::jsonld::event(&site(&req), &event))
    } else {
        formats::vary_on_accept(HttpResponse::Ok().json(&*event))
    })
}
