use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use chrono_tz::Europe::Paris;
use passerelle_types::{Event, EventList, EventQuery, Problem};

use super::{no_parameters, not_found, published};
use crate::blocking::with_engine;
use crate::error::ApiError;
use crate::formats::{self, everything, list_format, site};
use crate::state::AppState;

/// Liste des événements
///
/// Événements publiés, filtrés, triés et paginés, avec les facettes. Dates et heures en
/// heure de Paris.
#[utoipa::path(
    get,
    path = "/api/v1/events",
    operation_id = "list_events",
    tag = "events",
    params(EventQuery),
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
