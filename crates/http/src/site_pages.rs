//! The site's own pages — legal notice, personal data, accessibility statement, site map —
//! written by the server as plain HTML with the client's stylesheet: they are read rarely,
//! must work everywhere (without JavaScript too), and so cost the client nothing. And the
//! accessibility status every page's footer shows (kept by `conformity.rs`), which the
//! server puts in the head of each bundle's page for the client to read.

use std::sync::Arc;

use actix_web::web::Data;
use actix_web::{web, HttpResponse};
use passerelle_feeds::escape_html as escape;
use passerelle_pages::{Frame, SECTIONS};
use passerelle_types::{Conformity, SitePageKind};

use crate::blocking::with_db;
use crate::error::ApiResult;
use crate::state::AppState;

/// The meta element the client's footer reads (`frontend/src/layout.rs`).
pub const STATUS_META: &str = "passerelle-conformite";

/// A bundle's page with the accessibility status in its head.
pub fn with_status(html: &str, status: Conformity) -> String {
    let meta = format!(
        "<meta name=\"{STATUS_META}\" content=\"{}\">",
        status.label()
    );
    match html.find("</head>") {
        Some(end) => format!("{}{meta}{}", &html[..end], &html[end..]),
        None => html.to_owned(),
    }
}

/// A whole page in the site's frame, the public pages' own.
fn frame(stylesheets: &str, title: &str, content: &str, path: &str, status: Conformity) -> String {
    let frame = Frame {
        path,
        status,
        signed_in: false,
    };
    passerelle_pages::standalone(stylesheets, title, content, &frame)
}

/// The stylesheet links of the client's page, reused as they are (hashed names).
fn stylesheets(index: &str) -> String {
    let mut found = String::new();
    let mut rest = index;
    while let Some(start) = rest.find("<link") {
        let Some(len) = rest[start..].find('>') else {
            break;
        };
        let tag = &rest[start..start + len + 1];
        if tag.contains("stylesheet") {
            found.push_str(tag);
        }
        rest = &rest[start + len + 1..];
    }
    // The public page's stylesheet is inlined by the build.
    if let (Some(start), Some(end)) = (index.find("<style"), index.find("</style>")) {
        if start < end {
            found.push_str(&index[start..end + "</style>".len()]);
        }
    }
    found
}

async fn written_page(kind: SitePageKind, css: Arc<str>, state: Data<AppState>) -> ApiResult {
    let page = with_db(&state.db, move |conn| {
        passerelle_store::site_page(conn, kind)
    })
    .await?;
    let status = state.conformity.get(&state.db);
    let content = format!("<div class=\"body\">{}</div>", page.body_html);
    Ok(html(frame(
        &css,
        &page.title,
        &content,
        &format!("/{}", kind.as_str()),
        status,
    )))
}

async fn site_map(css: Arc<str>, state: Data<AppState>) -> ApiResult {
    let themes = with_db(&state.db, passerelle_store::list_themes).await?;
    let status = state.conformity.get(&state.db);
    let item = |href: &str, label: &str| {
        format!(
            "<li><a href=\"{}\">{}</a></li>",
            escape(href),
            escape(label)
        )
    };
    let sections = SECTIONS
        .iter()
        .map(|(href, label)| item(href, label))
        .collect::<String>();
    let by_theme = themes
        .iter()
        .map(|t| item(&format!("/publications?theme={}", t.slug), &t.label))
        .collect::<String>();
    let own = SitePageKind::ALL
        .iter()
        .map(|k| item(&format!("/{}", k.as_str()), k.label()))
        .collect::<String>();
    let content = format!(
        "<section><h2>Rubriques</h2><ul>{sections}</ul></section>\
         <section><h2>Publications par thème</h2><ul>{by_theme}</ul></section>\
         <section><h2>Le site</h2><ul>{own}{api}</ul></section>",
        api = item("/api/docs/", "Documentation de l'API"),
    );
    Ok(html(frame(
        &css,
        "Plan du site",
        &content,
        "/plan-du-site",
        status,
    )))
}

fn html(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-cache"))
        .body(body)
}

/// The pages' routes, with the stylesheet of the client's `index`.
pub fn configure(cfg: &mut web::ServiceConfig, index: &str) {
    let css: Arc<str> = stylesheets(index).into();
    for kind in SitePageKind::ALL.iter().copied() {
        let css = css.clone();
        cfg.route(
            &format!("/{}", kind.as_str()),
            web::get().to(move |state: Data<AppState>| written_page(kind, css.clone(), state)),
        );
    }
    cfg.route(
        "/plan-du-site",
        web::get().to(move |state: Data<AppState>| site_map(css.clone(), state)),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_goes_into_the_head_and_the_stylesheets_are_found() {
        let index = "<html><head><link rel=\"stylesheet\" href=\"/style-1.css\" integrity=\"x\"/>\
                     <link rel=\"modulepreload\" href=\"/a.js\"></head><body></body></html>";
        assert_eq!(
            stylesheets(index),
            "<link rel=\"stylesheet\" href=\"/style-1.css\" integrity=\"x\"/>"
        );
        let page = with_status(index, Conformity::Partial);
        assert!(page.contains(
            "<meta name=\"passerelle-conformite\" content=\"partiellement conforme\"></head>"
        ));
    }
}
