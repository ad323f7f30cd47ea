//! Embeddable widgets: a short list of upcoming events or latest publications that a
//! partner site shows in an iframe. Plain HTML with its own small style sheet — no WASM
//! to download — that fits the host's width and tells the host its height
//! (`postMessage`), so the iframe needs no scrollbar.

use passerelle_types::{EventSummary, PublicationSummary};

use crate::escape_html as escape;
use crate::{french_date, when_and_where, Site};

/// What a widget says around its items.
pub struct WidgetInfo<'a> {
    pub title: &'a str,
    /// The full list on the site, with the same filters.
    pub more: &'a str,
    pub more_label: &'a str,
    /// Said when nothing matches.
    pub empty: &'a str,
}

pub fn events(site: &Site, info: &WidgetInfo<'_>, items: &[EventSummary]) -> String {
    let rows: Vec<String> = items
        .iter()
        .map(|e| {
            row(
                &site.event_page(&e.slug),
                &e.title,
                &format!("{} · {}", e.kind.label(), when_and_where(e)),
            )
        })
        .collect();
    page(info, &rows)
}

pub fn publications(site: &Site, info: &WidgetInfo<'_>, items: &[PublicationSummary]) -> String {
    let rows: Vec<String> = items
        .iter()
        .map(|p| {
            let date = p
                .publication_date
                .map(french_date)
                .or_else(|| p.year.map(|y| y.to_string()));
            let meta = match date {
                Some(date) => format!("{} · {date}", p.kind.label()),
                None => p.kind.label().to_owned(),
            };
            row(&site.publication_page(&p.slug), &p.title, &meta)
        })
        .collect();
    page(info, &rows)
}

fn row(url: &str, title: &str, meta: &str) -> String {
    format!(
        "<li><a href=\"{}\" target=\"_blank\" rel=\"noopener\">{}</a><p>{}</p></li>",
        escape(url),
        escape(title),
        escape(meta)
    )
}

const STYLE: &str = "\
*{box-sizing:border-box}\
body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1b1b;background:#fff}\
main{padding:.75rem}\
h1{font-size:1.125rem;margin:0 0 .5rem}\
ul{list-style:none;margin:0;padding:0}\
li{padding:.5rem 0;border-bottom:1px solid #ddd}\
li a{color:#0b4f8a;font-weight:600;text-decoration:underline}\
li a:focus{outline:3px solid #e1a400;outline-offset:2px}\
li p{margin:.125rem 0 0;color:#555;font-size:.875rem}\
.more{display:inline-block;margin-top:.5rem;color:#0b4f8a}\
";

/// Tells the host page the widget's height whenever it changes.
const HEIGHT_SCRIPT: &str = "\
(function(){function send(){parent.postMessage({type:'passerelle:hauteur',\
hauteur:document.documentElement.scrollHeight},'*')}\
window.addEventListener('load',send);\
if('ResizeObserver' in window){new ResizeObserver(send).observe(document.body)}\
else{window.addEventListener('resize',send)}})();";

fn page(info: &WidgetInfo<'_>, rows: &[String]) -> String {
    let list = if rows.is_empty() {
        format!("<p>{}</p>", escape(info.empty))
    } else {
        format!("<ul>{}</ul>", rows.concat())
    };
    format!(
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\">\
         <title>{title}</title><style>{STYLE}</style></head>\
         <body><main><h1>{title}</h1>{list}\
         <a class=\"more\" href=\"{more}\" target=\"_blank\" rel=\"noopener\">{more_label}</a>\
         </main><script>{HEIGHT_SCRIPT}</script></body></html>",
        title = escape(info.title),
        more = escape(info.more),
        more_label = escape(info.more_label),
    )
}
