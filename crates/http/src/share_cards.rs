//! Share previews and crawlers: a detail page's address is answered with the client's
//! `index.html` whose head already names the item — title, description, canonical link,
//! Open Graph and schema.org JSON-LD — so a link pasted in a messaging application shows a
//! proper card, and a search engine that does not run WASM still reads the item.

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use passerelle_store::Database;
use passerelle_types::{Event, Member, Publication};
use serde_json::Value;

use crate::blocking::with_db;
use crate::error::ApiError;
use crate::formats::site;
use crate::state::AppState;
use passerelle_feeds::escape_html as escape;

/// What the head says of an item.
struct Head {
    title: String,
    description: String,
    canonical: String,
    kind: &'static str,
    linked_data: Value,
}

#[derive(Clone, Copy)]
enum Kind {
    Publication,
    Event,
    Member,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Publication => "publication",
            Kind::Event => "event",
            Kind::Member => "member",
        }
    }
}

/// The routes, answered before the client's files. `index` is the built page, read once.
pub fn configure(cfg: &mut web::ServiceConfig, index: Arc<str>) {
    for (path, kind) in [
        ("/publications/{slug}", Kind::Publication),
        ("/evenements/{slug}", Kind::Event),
        ("/reseau/{slug}", Kind::Member),
    ] {
        let index = index.clone();
        cfg.route(
            path,
            web::get().to(
                move |req: HttpRequest, slug: web::Path<String>, state: web::Data<AppState>| {
                    page(req, index.clone(), kind, slug.into_inner(), state)
                },
            ),
        );
    }
}

/// A page is kept, by address, while the published content stays the same: crawlers and
/// link previews ask for the same pages again and again.
async fn page(
    req: HttpRequest,
    index: Arc<str>,
    kind: Kind,
    slug: String,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let key = format!("{} {slug}", kind.name());
    let generation = state.engine.generation();
    let (status, html) = match state.memos.share_cards.get(&key, generation) {
        Some(kept) => kept,
        None => {
            let (status, html, keep) = match head(&req, kind, slug, &state.db).await {
                Ok(Some(head)) => (StatusCode::OK, with_head(&index, &head), true),
                // The client shows its « page introuvable »; crawlers get the status.
                Ok(None) => (StatusCode::NOT_FOUND, index.to_string(), true),
                // The page still loads (the client says what went wrong), without a
                // preview; tried again at the next request.
                Err(error) => {
                    tracing::warn!(%error, "aperçu de partage indisponible");
                    (StatusCode::OK, index.to_string(), false)
                }
            };
            let html = crate::memo::right_sized(html.into_bytes());
            if keep {
                state
                    .memos
                    .share_cards
                    .put(key, generation, (status, html.clone()));
            }
            (status, html)
        }
    };
    let conformity = state.site_pages.conformity(&state);
    let html = crate::site_pages::with_status(&String::from_utf8_lossy(&html), conformity);
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html))
}

async fn head(
    req: &HttpRequest,
    kind: Kind,
    slug: String,
    db: &Database,
) -> Result<Option<Head>, ApiError> {
    let site = site(req);
    Ok(match kind {
        Kind::Publication => with_db(db, move |conn| {
            passerelle_store::find::<Publication>(conn, &slug)
        })
        .await?
        .map(|p| Head {
            canonical: site.publication_page(&p.summary.slug),
            linked_data: passerelle_feeds::jsonld::publication(&site, &p),
            title: p.summary.title,
            description: p.summary.summary,
            kind: "article",
        }),
        Kind::Event => with_db(db, move |conn| passerelle_store::find::<Event>(conn, &slug))
            .await?
            .map(|e| Head {
                canonical: site.event_page(&e.summary.slug),
                linked_data: passerelle_feeds::jsonld::event(&site, &e),
                description: format!(
                    "{} — {}",
                    passerelle_feeds::when_and_where(&e.summary),
                    e.summary.summary
                ),
                title: e.summary.title,
                kind: "article",
            }),
        Kind::Member => with_db(db, move |conn| {
            passerelle_store::find::<Member>(conn, &slug)
        })
        .await?
        .map(|m| Head {
            canonical: site.member_page(&m.summary.slug),
            linked_data: passerelle_feeds::jsonld::member(&site, &m),
            description: first_sentences(&m.description),
            title: m.summary.name,
            kind: "profile",
        }),
    })
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

/// Replaces the generic title and description of `index.html` and adds the rest before
/// `</head>`, marked `data-apercu`: the client removes them when it leaves the page.
fn with_head(html: &str, head: &Head) -> String {
    let title = format!("{} — Passerelle", head.title);
    let description = head.description.trim();
    let mut html = replace_element(html, "<title>", "</title>", &escape(&title));
    html = replace_meta_description(&html, description);
    // Inside <script>, `</script` or `<!--` would end or bend the block: the characters
    // HTML gives meaning to are written as JSON escapes, which decode to the same text.
    let json = head
        .linked_data
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    let tags = format!(
        "<link rel=\"canonical\" data-apercu href=\"{canonical}\">\n\
         <meta property=\"og:type\" data-apercu content=\"{kind}\">\n\
         <meta property=\"og:site_name\" data-apercu content=\"Passerelle\">\n\
         <meta property=\"og:locale\" data-apercu content=\"fr_FR\">\n\
         <meta property=\"og:title\" data-apercu content=\"{title}\">\n\
         <meta property=\"og:description\" data-apercu content=\"{description}\">\n\
         <meta property=\"og:url\" data-apercu content=\"{canonical}\">\n\
         <meta name=\"twitter:card\" data-apercu content=\"summary\">\n\
         <script type=\"application/ld+json\" data-apercu>{json}</script>\n",
        canonical = escape(&head.canonical),
        kind = head.kind,
        title = escape(&head.title),
        description = escape(description),
    );
    match html.find("</head>") {
        Some(end) => {
            html.insert_str(end, &tags);
            html
        }
        None => html,
    }
}

fn replace_element(html: &str, open: &str, close: &str, content: &str) -> String {
    match (html.find(open), html.find(close)) {
        (Some(start), Some(end)) if start < end => {
            format!("{}{open}{content}{}", &html[..start], &html[end..])
        }
        _ => html.to_owned(),
    }
}

fn replace_meta_description(html: &str, description: &str) -> String {
    let marker = "<meta name=\"description\" content=\"";
    let Some(start) = html.find(marker) else {
        return html.to_owned();
    };
    let value_start = start + marker.len();
    match html[value_start..].find('"') {
        Some(length) => format!(
            "{}{}{}",
            &html[..value_start],
            escape(description),
            &html[value_start + length..]
        ),
        None => html.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_head_names_the_item_and_nothing_escapes_it() {
        let index = "<html><head><meta name=\"description\" content=\"Générique.\">\
                     <title>Passerelle</title></head><body></body></html>";
        let head = Head {
            title: "Égalité \"femmes-hommes\" <script>".to_owned(),
            description: "Un résumé & des détails".to_owned(),
            canonical: "https://exemple.fr/publications/egalite".to_owned(),
            kind: "article",
            linked_data: json!({ "name": "</script><script>alert(1)</script>" }),
        };
        let html = with_head(index, &head);
        assert!(html.contains(
            "<title>Égalité &quot;femmes-hommes&quot; &lt;script&gt; — Passerelle</title>"
        ));
        assert!(html.contains("content=\"Un résumé &amp; des détails\""));
        assert!(!html.contains("Générique"));
        assert!(html.contains(
            "<link rel=\"canonical\" data-apercu href=\"https://exemple.fr/publications/egalite\">"
        ));
        assert_eq!(html.matches("</script>").count(), 1, "{html}");
        assert!(
            html.contains(
                r#"{"name":"\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e"}"#
            ),
            "{html}"
        );
        assert!(html.ends_with("</script>\n</head><body></body></html>"));
    }

    #[test]
    fn member_descriptions_are_cut_at_a_word() {
        let long = format!("## Qui sommes-nous\n\n{}", "mot ".repeat(80));
        let cut = first_sentences(&long);
        assert!(cut.starts_with("Qui sommes-nous mot"));
        assert!(cut.ends_with("mot…"));
        assert!(cut.chars().count() <= 201);
    }
}
