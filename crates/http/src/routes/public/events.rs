use std::sync::Arc;

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use chrono_tz::Europe::Paris;
use passerelle_feeds::Site;
use passerelle_search::{Engine, SearchError};
use passerelle_types::{Event, EventList, EventQuery, Pagination, Problem, QueryError};

use crate::detail_reads::DetailReads;
use crate::error::ApiError;
use crate::memo::Memo;
use crate::routes::answers::{self, PublicKind};
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
    answers::list::<Event>(req, state).await
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
    answers::detail::<Event>(req, key, state).await
}

impl PublicKind for Event {
    type Query = EventQuery;
    type List = EventList;
    const NAME: &'static str = "événement";
    const CSV_NAME: &'static str = "evenements";

    fn parse(query: &str) -> Result<EventQuery, QueryError> {
        EventQuery::parse(query)
    }
    fn paginate(query: &mut EventQuery, pagination: Pagination) {
        query.pagination = pagination;
    }
    fn list(engine: &Engine, query: &EventQuery) -> Result<EventList, SearchError> {
        engine.events(query, Utc::now().with_timezone(&Paris).date_naive())
    }
    fn csv(site: &Site, list: &EventList) -> Vec<u8> {
        passerelle_feeds::csv::events(site, &list.items)
    }
    fn linked_data(site: &Site, item: &Event) -> serde_json::Value {
        passerelle_feeds::jsonld::event(site, item)
    }
    fn memo(state: &AppState) -> &Memo<Arc<Event>> {
        &state.memos.events
    }
    fn readers(state: &AppState) -> &Arc<DetailReads<Event>> {
        &state.detail_readers.events
    }
}
