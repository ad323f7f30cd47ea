//! Feeds for the tools partners already use: calendars (iCalendar), feed readers (Atom),
//! search engines (sitemap). They take the lists' filters, so a partner can follow, say,
//! « égalité femmes-hommes » in the Gard.

use std::sync::Arc;

use actix_web::web::Bytes;
use actix_web::web::Data;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use chrono_tz::Europe::Paris;
use passerelle_feeds::atom::FeedInfo;
use passerelle_feeds::ical::CalendarInfo;
use passerelle_feeds::sitemap::Page;
use passerelle_feeds::widget::WidgetInfo;
use passerelle_feeds::Site;
use passerelle_search::Engine;
use passerelle_types::{
    Event, EventPeriod, EventQuery, EventSort, MemberQuery, PageInfo, Pagination, Problem,
    PublicationQuery, WithdrawalList, WithdrawalQuery,
};

use crate::blocking::{with_db, with_engine};
use crate::error::{ApiError, ApiResult};
use crate::formats::{self, everything, site};
use crate::openapi::problems::BadParameter;
use crate::routes::answers::published_item;
use crate::state::AppState;

/// Agenda (iCalendar)
///
/// Les événements qui répondent aux mêmes filtres que `/api/v1/events`, au format
/// iCalendar (RFC 5545) : une adresse à laquelle s'abonner depuis un agenda (Thunderbird,
/// Outlook, Google Agenda, Apple Calendrier). Heures à l'heure de Paris (VTIMEZONE
/// Europe/Paris), identifiants stables, SEQUENCE augmentée à chaque modification,
/// événements annulés en STATUS:CANCELLED. Sans pagination : tous les événements retenus
/// (10 000 au plus), les plus proches d'abord ; les événements sans jour connu n'y figurent
/// pas.
#[utoipa::path(
    get, path = "/api/v1/events.ics",
    params(EventQuery),
    responses(
        (status = 200, description = "Le calendrier", body = String, content_type = "text/calendar"),
        BadParameter,
    )
)]
pub async fn events_calendar(req: HttpRequest, state: Data<AppState>) -> ApiResult {
    let mut query = EventQuery::parse(req.query_string())?;
    // The calendar holds every match, whatever page was asked: pages are not part of
    // what it is, nor of its key, nor of its address.
    query.pagination = Pagination::default();
    if query.sort == Some(EventSort::DateAsc) {
        query.sort = None;
    }
    let canonical = query.to_query_string();
    query.sort = query.sort.or(Some(EventSort::DateAsc));
    query.pagination = everything();
    let today = Utc::now().with_timezone(&Paris).date_naive();
    // Upcoming and past events move at midnight: the day is part of the key.
    let key = format!("{today} {canonical}");
    if let Some(body) = state.memos.calendars.get(&key, state.engine.generation()) {
        return Ok(formats::calendar(body, "evenements"));
    }
    let turn = state.memos.calendar_rendering.turn(&key).await;
    let generation = state.engine.generation();
    if let Some(body) = state.memos.calendars.get(&key, generation) {
        return Ok(formats::calendar(body, "evenements"));
    }
    let site = site(&req);
    let body = turn
        .render(async {
            let list =
                with_engine(&state.engine, move |engine| engine.events(&query, today)).await?;
            let source = match canonical.as_str() {
                "" => site.url("/api/v1/events.ics"),
                query => site.url(&format!("/api/v1/events.ics?{query}")),
            };
            let info = CalendarInfo {
                name: &format!("{} — événements", site.publisher),
                description: "Rencontres, séminaires et formations du centre de ressources \
                              politique de la ville.",
                source: &source,
            };
            Ok::<_, ApiError>(Bytes::from(passerelle_feeds::ical::calendar(
                &site,
                &info,
                &list.items,
            )))
        })
        .await?;
    state.memos.calendars.put(key, generation, body.clone());
    Ok(formats::calendar(body, "evenements"))
}

/// Un événement (iCalendar)
///
/// L'événement seul, à ajouter à un agenda ; sa description reprend l'adresse de sa page
/// et ses liens (programme, inscription, visioconférence).
#[utoipa::path(
    get, path = "/api/v1/events/{key}.ics",
    params(("key" = String, Path, description = "Identifiant (UUID) ou slug")),
    responses(
        (status = 200, description = "L'événement", body = String, content_type = "text/calendar"),
        (status = 400, description = "Paramètre invalide (cette adresse n'en prend aucun)", body = Problem),
        (status = 404, description = "Aucun événement publié ne porte cet identifiant", body = Problem),
    )
)]
pub async fn event_calendar(
    req: HttpRequest,
    key: web::Path<String>,
    state: Data<AppState>,
) -> ApiResult {
    let event = published_item::<Event>(&req, key, &state).await?;
    Ok(formats::calendar(
        passerelle_feeds::ical::single_event(&site(&req), &event),
        &event.summary.slug,
    ))
}

/// Fil des publications (Atom)
///
/// Les publications qui répondent aux mêmes filtres que `/api/v1/publications`, au format
/// Atom (RFC 4287), dans le même ordre et avec la même pagination (20 par défaut).
#[utoipa::path(
    get, path = "/api/v1/publications.atom",
    params(PublicationQuery),
    responses(
        (status = 200, description = "Le fil", body = String, content_type = "application/atom+xml"),
        BadParameter,
    )
)]
pub async fn publications_feed(req: HttpRequest, state: Data<AppState>) -> ApiResult {
    let query = PublicationQuery::parse(req.query_string())?;
    let list = with_engine(&state.engine, move |engine| engine.publications(&query)).await?;
    let feed = FeedAddresses::of(
        &req,
        "/api/v1/publications.atom",
        "/publications",
        "publications",
    );
    Ok(formats::atom(passerelle_feeds::atom::publications(
        &feed.site,
        &feed.info(),
        &list.items,
    )))
}

/// Fil des événements (Atom)
///
/// Les événements qui répondent aux mêmes filtres que `/api/v1/events`, au format Atom
/// (RFC 4287), dans le même ordre et avec la même pagination (20 par défaut) ; chaque
/// entrée commence par la date et le lieu.
#[utoipa::path(
    get, path = "/api/v1/events.atom",
    params(EventQuery),
    responses(
        (status = 200, description = "Le fil", body = String, content_type = "application/atom+xml"),
        BadParameter,
    )
)]
pub async fn events_feed(req: HttpRequest, state: Data<AppState>) -> ApiResult {
    let query = EventQuery::parse(req.query_string())?;
    let today = Utc::now().with_timezone(&Paris).date_naive();
    let list = with_engine(&state.engine, move |engine| engine.events(&query, today)).await?;
    let feed = FeedAddresses::of(&req, "/api/v1/events.atom", "/evenements", "événements");
    Ok(formats::atom(passerelle_feeds::atom::events(
        &feed.site,
        &feed.info(),
        &list.items,
    )))
}

/// Éléments retirés
///
/// Les éléments publiés puis retirés (dépubliés ou mis à la corbeille) depuis `since`, du
/// plus ancien retrait au plus récent, par pages comme les listes (20 par défaut) : ce
/// qu'une copie partenaire doit supprimer. Avec
/// `updated_since` et `sort=updated` sur les listes, de quoi tenir une copie à jour sans
/// tout retélécharger.
#[utoipa::path(
    get, path = "/api/v1/deletions",
    params(WithdrawalQuery),
    responses(
        (status = 200, description = "Les retraits, du plus ancien au plus récent", body = WithdrawalList),
        BadParameter,
        (status = 503, description = "Base de données injoignable", body = Problem),
    )
)]
pub async fn deletions(
    req: HttpRequest,
    state: Data<AppState>,
) -> ApiResult<web::Json<WithdrawalList>> {
    let query = WithdrawalQuery::parse(req.query_string())?;
    let pagination = query.pagination;
    let (items, total) = with_db(&state.db, move |conn| {
        passerelle_store::withdrawn_since(conn, query.since, &query.types, query.pagination)
    })
    .await?;
    Ok(web::Json(WithdrawalList {
        items,
        page: PageInfo::new(total, pagination.page, pagination.limit),
    }))
}

/// Items a widget shows unless its address says `limit`.
const WIDGET_ITEMS: u32 = 5;

/// Widgets live in partners' iframes: any site may frame them; they run only their own
/// inline script and style, and load nothing.
fn widget(html: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; \
             frame-ancestors *; base-uri 'none'; form-action 'none'",
        ))
        .insert_header(("Cache-Control", "public, max-age=300"))
        .body(html)
}

fn widget_limit(req: &HttpRequest, pagination: &mut Pagination) {
    if !req
        .query_string()
        .split('&')
        .any(|p| p.starts_with("limit="))
    {
        pagination.limit = WIDGET_ITEMS;
    }
}

/// Widget des événements
///
/// Page HTML légère à intégrer dans une iframe : les prochains événements (sauf `when`
/// contraire), les plus proches d'abord, 5 par défaut (`limit`), avec les filtres de
/// `/api/v1/events`. Elle s'adapte à la largeur de l'iframe et envoie sa hauteur à la page
/// hôte (`postMessage` d'un objet `{type: "passerelle:hauteur", hauteur}`).
#[utoipa::path(
    get, path = "/widgets/evenements",
    params(EventQuery),
    responses(
        (status = 200, description = "Le widget", body = String, content_type = "text/html"),
        BadParameter,
    )
)]
pub async fn events_widget(req: HttpRequest, state: Data<AppState>) -> ApiResult {
    let mut query = EventQuery::parse(req.query_string())?;
    query.when = query.when.or(Some(EventPeriod::Upcoming));
    query.sort = query.sort.or(Some(EventSort::DateAsc));
    widget_limit(&req, &mut query.pagination);
    let today = Utc::now().with_timezone(&Paris).date_naive();
    let filters = query.clone();
    let list = with_engine(&state.engine, move |engine| engine.events(&query, today)).await?;
    let site = site(&req);
    let more = site.url(&format!(
        "/evenements?{}",
        filters_only(filters.to_query_string())
    ));
    let upcoming = filters.when == Some(EventPeriod::Upcoming);
    let info = WidgetInfo {
        title: if upcoming {
            "Prochains événements"
        } else {
            "Événements"
        },
        more: &more,
        more_label: "Tous les événements sur Passerelle",
        empty: if upcoming {
            "Aucun événement à venir pour cette sélection."
        } else {
            "Aucun événement pour cette sélection."
        },
    };
    Ok(widget(passerelle_feeds::widget::events(
        &site,
        &info,
        &list.items,
    )))
}

/// Widget des publications
///
/// Page HTML légère à intégrer dans une iframe : les dernières publications, 5 par défaut
/// (`limit`), avec les filtres de `/api/v1/publications`. Elle s'adapte à la largeur de
/// l'iframe et envoie sa hauteur à la page hôte (`postMessage` d'un objet
/// `{type: "passerelle:hauteur", hauteur}`).
#[utoipa::path(
    get, path = "/widgets/publications",
    params(PublicationQuery),
    responses(
        (status = 200, description = "Le widget", body = String, content_type = "text/html"),
        BadParameter,
    )
)]
pub async fn publications_widget(req: HttpRequest, state: Data<AppState>) -> ApiResult {
    let mut query = PublicationQuery::parse(req.query_string())?;
    widget_limit(&req, &mut query.pagination);
    let filters = query.clone();
    let list = with_engine(&state.engine, move |engine| engine.publications(&query)).await?;
    let site = site(&req);
    let more = site.url(&format!(
        "/publications?{}",
        filters_only(filters.to_query_string())
    ));
    let info = WidgetInfo {
        title: "Dernières publications",
        more: &more,
        more_label: "Toutes les publications sur Passerelle",
        empty: "Aucune publication pour cette sélection.",
    };
    Ok(widget(passerelle_feeds::widget::publications(
        &site,
        &info,
        &list.items,
    )))
}

/// The filters of a query string, without its page and page size.
fn filters_only(query: String) -> String {
    query
        .split('&')
        .filter(|p| !p.starts_with("page=") && !p.starts_with("limit="))
        .collect::<Vec<_>>()
        .join("&")
}

/// A feed's title, its own address and the page it follows, both with the request's
/// filters.
struct FeedAddresses {
    site: Site,
    title: String,
    source: String,
    page: String,
}

impl FeedAddresses {
    fn of(req: &HttpRequest, feed: &str, page: &str, what: &str) -> FeedAddresses {
        let site = site(req);
        let suffix = query_suffix(req);
        FeedAddresses {
            title: format!("{} — {what}", site.publisher),
            source: site.url(&format!("{feed}{suffix}")),
            page: site.url(&format!("{page}{suffix}")),
            site,
        }
    }

    fn info(&self) -> FeedInfo<'_> {
        FeedInfo {
            title: &self.title,
            source: &self.source,
            page: &self.page,
        }
    }
}

fn query_suffix(req: &HttpRequest) -> String {
    match req.query_string() {
        "" => String::new(),
        query => format!("?{query}"),
    }
}

/// `/sitemap.xml`: the site's sections and every published item's page, kept while the
/// published content stays the same.
pub async fn sitemap(req: HttpRequest, state: Data<AppState>) -> ApiResult {
    let generation = state.engine.generation();
    let body = match state.memos.sitemap.get("", generation) {
        Some(body) => body,
        None => {
            let body = crate::memo::right_sized(render_sitemap(&req, &state.engine).await?);
            state
                .memos
                .sitemap
                .put(String::new(), generation, body.clone());
            body
        }
    };
    Ok(HttpResponse::Ok()
        .content_type("application/xml; charset=utf-8")
        .body(body))
}

async fn render_sitemap(req: &HttpRequest, engine: &Arc<Engine>) -> ApiResult<Vec<u8>> {
    let all = everything();
    let lists = with_engine(engine, move |engine| {
        let today = Utc::now().with_timezone(&Paris).date_naive();
        Ok((
            engine.publications(&PublicationQuery {
                pagination: all,
                ..PublicationQuery::default()
            })?,
            engine.events(
                &EventQuery {
                    pagination: all,
                    ..EventQuery::default()
                },
                today,
            )?,
            engine.members(&MemberQuery {
                pagination: Pagination {
                    page: 1,
                    limit: all.limit,
                },
                ..MemberQuery::default()
            })?,
        ))
    })
    .await?;
    let (publications, events, members) = lists;
    let site = site(req);
    let sections = ["/", "/publications", "/evenements", "/reseau", "/recherche"]
        .into_iter()
        .map(|path| Page {
            url: site.url(path),
            modified: None,
        });
    let items = publications
        .items
        .iter()
        .map(|p| Page {
            url: site.publication_page(&p.slug),
            modified: Some(p.updated_at),
        })
        .chain(events.items.iter().map(|e| Page {
            url: site.event_page(&e.slug),
            modified: Some(e.updated_at),
        }))
        .chain(members.items.iter().map(|m| Page {
            url: site.member_page(&m.slug),
            modified: Some(m.updated_at),
        }));
    Ok(passerelle_feeds::sitemap::sitemap(sections.chain(items)).into_bytes())
}

/// `/robots.txt`: the editors' space and the API are not pages to index; the sitemap is
/// where the pages are.
pub async fn robots(req: HttpRequest) -> HttpResponse {
    let site = site(&req);
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(format!(
            "User-agent: *\nDisallow: /redaction\nDisallow: /connexion\nDisallow: /api/\n\nSitemap: {}\n",
            site.url("/sitemap.xml")
        ))
}
