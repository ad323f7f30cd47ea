//! The public site's addresses, answered with the client's page holding that page's content
//! (`passerelle-pages`) and the API answers it was written from: the page reads as soon as
//! its HTML arrives, before the WebAssembly client has loaded or without it, and the client
//! draws its first view from those answers instead of asking again. A detail's head also
//! names the item — title, description, canonical link, Open Graph, schema.org JSON-LD —
//! for link previews and search engines.

use std::future::Future;
use std::sync::Arc;

use actix_web::http::{header, StatusCode};
use actix_web::web::Data;
use actix_web::{guard, web, HttpRequest, HttpResponse, ResponseError};
use passerelle_pages::{Address, Answer, Frame, HomeAnswers, Page};
use passerelle_store::registrations;
use passerelle_types::address::segment;
use passerelle_types::{
    Event, EventQuery, Member, MemberQuery, Publication, PublicationQuery, SearchQuery,
    SearchResults,
};
use serde_json::Value;

use crate::blocking::{with_db, with_engine};
use crate::error::ApiResult;
use crate::formats::site;
use crate::routes::answers::{published, PublicKind};
use crate::state::AppState;

/// What an address is answered with.
enum Written {
    Page(StatusCode, Page),
    /// The address a form without JavaScript sent, as the client writes it.
    Redirect(String),
}

fn ok(page: Page) -> ApiResult<Written> {
    Ok(Written::Page(StatusCode::OK, page))
}

/// The routes, answered before the client's files. `index` is the built page, read once.
pub fn configure(cfg: &mut web::ServiceConfig, index: Arc<str>) {
    cfg.route("/", route(&index, home))
        .route("/publications", route(&index, publications))
        .route("/evenements", route(&index, events))
        .route("/reseau", route(&index, members))
        .route("/recherche", route(&index, search))
        .route("/publications/{key}", route(&index, detail::<Publication>))
        .route("/evenements/{key}", route(&index, detail::<Event>))
        .route("/reseau/{key}", route(&index, detail::<Member>));
}

/// Any other address of the public bundle: the client's « page introuvable », with its 404.
pub async fn not_found(req: &HttpRequest, index: &str, state: Data<AppState>) -> HttpResponse {
    respond(
        req,
        &state,
        index,
        Ok(Written::Page(
            StatusCode::NOT_FOUND,
            passerelle_pages::not_found(),
        )),
    )
}

fn route<F, Fut>(index: &Arc<str>, write: F) -> actix_web::Route
where
    F: Fn(HttpRequest, Data<AppState>) -> Fut + Clone + 'static,
    Fut: Future<Output = ApiResult<Written>> + 'static,
{
    let index = index.clone();
    reading().to(move |req: HttpRequest, state: Data<AppState>| {
        let (index, write) = (index.clone(), write.clone());
        async move {
            let written = write(req.clone(), state.clone()).await;
            respond(&req, &state, &index, written)
        }
    })
}

/// GET, and HEAD for those who only check that a page is there (sent without its body).
pub fn reading() -> actix_web::Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

fn respond(
    req: &HttpRequest,
    state: &Data<AppState>,
    index: &str,
    written: ApiResult<Written>,
) -> HttpResponse {
    let conformity = state.conformity.get(&state.db);
    let (status, html) = match written {
        Ok(Written::Redirect(to)) => {
            return HttpResponse::SeeOther()
                .insert_header((header::LOCATION, to))
                .finish()
        }
        Ok(Written::Page(status, page)) => {
            let frame = Frame {
                path: req.path(),
                status: conformity,
                signed_in: req
                    .cookie("passerelle_connecte")
                    .is_some_and(|c| c.value() == "1"),
            };
            (status, passerelle_pages::render(index, &frame, &page))
        }
        // The client's page without content: it asks the API itself and says what went
        // wrong (an address it refuses, a database away).
        Err(error) => {
            tracing::warn!(%error, path = req.path(), "page écrite sans son contenu");
            (error.status_code(), index.to_owned())
        }
    };
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(crate::site_pages::with_status(&html, conformity))
}

/// The API address of a list query, as the client writes it (`frontend/src/api.rs`).
fn api_url(path: &str, query: String) -> String {
    passerelle_types::address::href(path, &query)
}

/// A form sent without JavaScript repeats a parameter for each box ticked
/// (`theme=a&theme=b`) and sends its empty fields; the client and the API name each
/// parameter once (`theme=a,b`). `None` when the address is already so written.
fn as_the_client_writes(query: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).ok()?;
    let mut merged: Vec<(String, String)> = Vec::new();
    for (key, value) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
        match merged.iter_mut().find(|(k, _)| k == key) {
            Some((_, values)) => {
                values.push(',');
                values.push_str(value);
            }
            None => merged.push((key.clone(), value.clone())),
        }
    }
    (merged.len() != pairs.len()).then(|| serde_urlencoded::to_string(&merged).unwrap_or_default())
}

/// An answer the page carries for the client's first render.
fn answer(url: String, value: &impl serde::Serialize) -> Option<Answer> {
    Answer::json(url, value)
}

async fn home(_req: HttpRequest, state: Data<AppState>) -> ApiResult<Written> {
    let latest = PublicationQuery::parse("limit=3")?;
    let upcoming = EventQuery::parse("when=upcoming&limit=3")?;
    let recent = EventQuery::parse("when=past&limit=3")?;
    let network = MemberQuery::parse("limit=1")?;
    let (l, u, r, n) = (
        latest.clone(),
        upcoming.clone(),
        recent.clone(),
        network.clone(),
    );
    let (latest_list, upcoming_list, recent_list, network_list) =
        with_engine(&state.engine, move |engine| {
            Ok((
                Publication::list(engine, &l)?,
                Event::list(engine, &u)?,
                Event::list(engine, &r)?,
                Member::list(engine, &n)?,
            ))
        })
        .await?;
    let page = passerelle_pages::home(&HomeAnswers {
        latest: &latest_list,
        upcoming: &upcoming_list,
        recent: &recent_list,
        network: &network_list,
    })
    .with_answer(list_answer::<Publication>(&latest, &latest_list))
    .with_answer(list_answer::<Event>(&upcoming, &upcoming_list))
    .with_answer(list_answer::<Event>(&recent, &recent_list))
    .with_answer(list_answer::<Member>(&network, &network_list));
    ok(page)
}

/// The query of a list page, or what to answer instead: the address as the client writes
/// it, or the « adresse invalide » of a parameter the API refuses.
fn list_query<'r, Q>(
    req: &'r HttpRequest,
    title: &str,
    parse: impl FnOnce(&str) -> Result<Q, passerelle_types::QueryError>,
) -> Result<(&'r str, Q), Written> {
    let search = req.query_string();
    if let Some(written) = as_the_client_writes(search) {
        return Err(Written::Redirect(passerelle_types::address::href(
            req.path(),
            &written,
        )));
    }
    match parse(search) {
        Ok(query) => Ok((search, query)),
        Err(error) => Err(Written::Page(
            StatusCode::BAD_REQUEST,
            passerelle_pages::invalid_address(title, &error.message),
        )),
    }
}

/// A page of kind `K`'s list, as the API answers `query`.
async fn listed<K: PublicKind>(
    state: &AppState,
    query: K::Query,
) -> ApiResult<(K::List, Option<Answer>)> {
    let url = api_url(K::LIST_PATH, K::query_string(&query));
    let list = with_engine(&state.engine, move |engine| K::list(engine, &query)).await?;
    let answer = answer(url, &list);
    Ok((list, answer))
}

/// What the API answers `query` on kind `K`'s list, written in the page for the client.
fn list_answer<K: PublicKind>(query: &K::Query, list: &K::List) -> Option<Answer> {
    answer(api_url(K::LIST_PATH, K::query_string(query)), list)
}

/// A list page of kind `K`, drawn by `draw` from the list the API would answer.
async fn list_page<K: PublicKind>(
    req: HttpRequest,
    state: Data<AppState>,
    title: &str,
    draw: fn(&Address, &K::List, &str) -> Page,
) -> ApiResult<Written> {
    let (search, query) = match list_query(&req, title, K::parse) {
        Ok(parsed) => parsed,
        Err(instead) => return Ok(instead),
    };
    let (list, answer) = listed::<K>(&state, query).await?;
    let here = Address {
        path: req.path(),
        search,
    };
    ok(draw(&here, &list, &site(&req).origin).with_answer(answer))
}

async fn publications(req: HttpRequest, state: Data<AppState>) -> ApiResult<Written> {
    list_page::<Publication>(req, state, "Publications", passerelle_pages::publications).await
}

async fn members(req: HttpRequest, state: Data<AppState>) -> ApiResult<Written> {
    list_page::<Member>(req, state, "Réseau", passerelle_pages::members).await
}

/// Upcoming events unless the address asks for others; when none is upcoming, the latest
/// past ones with the same filters (as the client's `Events` and `LatestPast`).
async fn events(req: HttpRequest, state: Data<AppState>) -> ApiResult<Written> {
    use passerelle_types::address::{value, with};
    let period_asked = value(req.query_string(), "when").is_some();
    let parsed = list_query(&req, "Événements", |search| {
        if period_asked {
            EventQuery::parse(search)
        } else {
            EventQuery::parse(&with(search, "when", "upcoming"))
        }
    });
    let (search, query) = match parsed {
        Ok(parsed) => parsed,
        Err(instead) => return Ok(instead),
    };
    let (list, answer) = listed::<Event>(&state, query).await?;
    let (past, past_answer) = if list.items.is_empty() && !period_asked {
        let past = EventQuery::parse(&with(&with(search, "when", "past"), "limit", "5"))?;
        let (past, answer) = listed::<Event>(&state, past).await?;
        (Some(past), answer)
    } else {
        (None, None)
    };
    let here = Address {
        path: req.path(),
        search,
    };
    ok(
        passerelle_pages::events(&here, &list, past.as_ref(), &site(&req).origin)
            .with_answer(answer)
            .with_answer(past_answer),
    )
}

async fn search(req: HttpRequest, state: Data<AppState>) -> ApiResult<Written> {
    let (search, query) = match list_query(&req, "Recherche", SearchQuery::parse) {
        Ok(parsed) => parsed,
        Err(instead) => return Ok(instead),
    };
    let url = api_url("/api/v1/search", query.to_query_string());
    let results: SearchResults =
        with_engine(&state.engine, move |engine| engine.search(&query)).await?;
    let here = Address {
        path: req.path(),
        search,
    };
    ok(passerelle_pages::search(&here, &results).with_answer(answer(url, &results)))
}

/// What a detail's head says of it.
trait Described: PublicKind {
    fn draw(&self, extra: &str) -> Page;
    fn description(&self) -> String;
    fn canonical(&self, site: &passerelle_feeds::Site) -> String;
    const OG_TYPE: &'static str;
}

impl Described for Publication {
    fn draw(&self, _: &str) -> Page {
        passerelle_pages::publication(self)
    }
    fn description(&self) -> String {
        self.summary.summary.clone()
    }
    fn canonical(&self, site: &passerelle_feeds::Site) -> String {
        site.publication_page(&self.summary.slug)
    }
    const OG_TYPE: &'static str = "article";
}

impl Described for Event {
    fn draw(&self, registration: &str) -> Page {
        passerelle_pages::event(self, registration)
    }
    fn description(&self) -> String {
        format!(
            "{} — {}",
            passerelle_feeds::when_and_where(&self.summary),
            self.summary.summary
        )
    }
    fn canonical(&self, site: &passerelle_feeds::Site) -> String {
        site.event_page(&self.summary.slug)
    }
    const OG_TYPE: &'static str = "article";
}

impl Described for Member {
    fn draw(&self, _: &str) -> Page {
        passerelle_pages::member(self)
    }
    fn description(&self) -> String {
        first_sentences(&self.description)
    }
    fn canonical(&self, site: &passerelle_feeds::Site) -> String {
        site.member_page(&self.summary.slug)
    }
    const OG_TYPE: &'static str = "profile";
}

async fn detail<K: Described>(req: HttpRequest, state: Data<AppState>) -> ApiResult<Written> {
    let key = req.match_info().get("key").unwrap_or_default().to_owned();
    let found = published(
        K::memo(&state),
        K::readers(&state),
        &state.engine,
        &state.db,
        &key,
    )
    .await?;
    let Some(item) = found else {
        return Ok(Written::Page(
            StatusCode::NOT_FOUND,
            passerelle_pages::not_found(),
        ));
    };
    // An event's page says where its registrations stand, as the client asks it.
    let registration_url = format!("{}/{}/registration", K::LIST_PATH, segment(&key));
    let registration = if K::LIST_PATH == Event::LIST_PATH {
        let key = key.clone();
        let availability = with_db(&state.db, move |conn| {
            registrations::availability(conn, &key)
        })
        .await?;
        Some(crate::routes::public::registrations::fragment(
            &availability,
        ))
    } else {
        None
    };
    let site = site(&req);
    let mut page = item
        .draw(registration.as_deref().unwrap_or_default())
        .with_answer(answer(
            format!("{}/{}", K::LIST_PATH, segment(&key)),
            &*item,
        ));
    if let Some(fragment) = registration {
        page.answers
            .extend(Answer::text(registration_url, &fragment));
    }
    page.head = share_preview(
        &K::canonical(&item, &site),
        K::OG_TYPE,
        &page.title,
        &item.description(),
        &K::linked_data(&site, &item),
    );
    page.description = Some(item.description());
    ok(page)
}

/// The head elements of a share preview, marked `data-apercu`: the client removes them
/// when it leaves the page.
fn share_preview(
    canonical: &str,
    kind: &str,
    title: &str,
    description: &str,
    linked_data: &Value,
) -> String {
    use passerelle_feeds::escape_html as escape;
    format!(
        "<link rel=\"canonical\" data-apercu href=\"{canonical}\">\n\
         <meta property=\"og:type\" data-apercu content=\"{kind}\">\n\
         <meta property=\"og:site_name\" data-apercu content=\"Passerelle\">\n\
         <meta property=\"og:locale\" data-apercu content=\"fr_FR\">\n\
         <meta property=\"og:title\" data-apercu content=\"{title}\">\n\
         <meta property=\"og:description\" data-apercu content=\"{description}\">\n\
         <meta property=\"og:url\" data-apercu content=\"{canonical}\">\n\
         <meta name=\"twitter:card\" data-apercu content=\"summary\">\n\
         <script type=\"application/ld+json\" data-apercu>{json}</script>\n",
        canonical = escape(canonical),
        title = escape(title),
        description = escape(description.trim()),
        json = passerelle_pages::script_text(&linked_data.to_string()),
    )
}

/// The start of a Markdown text as plain words, about 200 characters.
fn first_sentences(markdown: &str) -> String {
    let plain: String = markdown
        .lines()
        .map(|line| line.trim_start_matches(['#', '-', '*', '>', ' ']))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['*', '_', '`'], "");
    if plain.chars().count() <= 200 {
        return plain;
    }
    let cut: String = plain.chars().take(200).collect();
    match cut.rfind(' ') {
        Some(space) => format!("{}…", &cut[..space]),
        None => format!("{cut}…"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_sent_without_javascript_is_written_as_the_client_writes_it() {
        assert_eq!(
            as_the_client_writes("q=&theme=sante&theme=emploi&from=&sort=title").as_deref(),
            Some("theme=sante%2Cemploi&sort=title")
        );
        assert_eq!(as_the_client_writes("theme=sante%2Cemploi&q=nimes"), None);
        assert_eq!(as_the_client_writes(""), None);
    }

    #[test]
    fn the_preview_cannot_be_escaped() {
        let head = share_preview(
            "https://exemple.fr/publications/egalite",
            "article",
            "Égalité \"femmes-hommes\" <script>",
            "Un résumé & des détails",
            &serde_json::json!({ "name": "</script><script>alert(1)</script>" }),
        );
        assert!(head.contains("content=\"Égalité &quot;femmes-hommes&quot; &lt;script&gt;\""));
        assert!(head.contains("content=\"Un résumé &amp; des détails\""));
        assert_eq!(head.matches("</script>").count(), 1, "{head}");
    }

    #[test]
    fn member_descriptions_are_cut_at_a_word() {
        let long = format!("## Qui sommes-nous\n\n{}", "mot ".repeat(80));
        let cut = first_sentences(&long);
        assert!(cut.starts_with("Qui sommes-nous mot"));
        assert!(cut.ends_with("mot…"));
    }
}
