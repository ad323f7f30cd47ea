//! A public page put into the client's `index.html`: its title, its head, its content in the
//! frame, and the API answers it was written from.

use maud::{html, Markup, PreEscaped};
use serde::Serialize;

use crate::frame::{frame, Frame};

/// An API answer the client's first render would ask for, written into the page so that it
/// does not ask again (`frontend/src/api.rs` looks here first).
pub struct Answer {
    /// The address the client asks, as it writes it (`/api/v1/publications?theme=…`).
    pub url: String,
    /// The answer's body, as JSON: a text answer (the HTML fragment asked with
    /// `Accept: text/html`) is written as a JSON string, so that the page's escaping of
    /// `<` and `&` inside the script decodes back to it.
    pub body: String,
}

impl Answer {
    pub fn json(url: String, value: &impl Serialize) -> Option<Answer> {
        serde_json::to_string(value)
            .ok()
            .map(|body| Answer { url, body })
    }

    /// A text answer: the client reads it back as the text the API would have sent.
    pub fn text(url: String, text: &str) -> Option<Answer> {
        Answer::json(url, &text)
    }
}

/// A page: its heading (which names the tab), its content, and the answers behind it.
pub struct Page {
    pub title: String,
    pub main: Markup,
    pub answers: Vec<Answer>,
    /// Elements for the head beyond the title (a detail's share preview), already written.
    pub head: String,
    /// Replaces the generic description of `index.html` (a detail's summary).
    pub description: Option<String>,
}

impl Page {
    pub fn new(title: impl Into<String>, main: Markup) -> Page {
        Page {
            title: title.into(),
            main,
            answers: Vec::new(),
            head: String::new(),
            description: None,
        }
    }

    pub fn with_answer(mut self, answer: Option<Answer>) -> Page {
        self.answers.extend(answer);
        self
    }
}

/// Inside `<script>`, `</script` or `<!--` would end or bend the block: the characters HTML
/// gives meaning to are written as JSON escapes, which decode to the same text.
pub fn script_text(text: &str) -> String {
    text.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The client's `index.html` with the page in it: `#serveur` holds what the client will
/// draw in its own root, which it then replaces (`display: contents` for both, so the
/// layout is the body's).
pub fn render(index: &str, f: &Frame, page: &Page) -> String {
    let title = crate::tab_title(&page.title);
    let mut html = replace_element(index, "<title>", "</title>", &escape(&title));
    if let Some(description) = &page.description {
        html = replace_meta_description(&html, description.trim());
    }
    if let Some(end) = html.find("</head>") {
        html.insert_str(end, &page.head);
    }
    let body = html! {
        div #serveur .racine { (frame(f, page.main.clone())) }
        @for answer in &page.answers {
            script type="application/json" data-api=(answer.url) {
                (PreEscaped(script_text(&answer.body)))
            }
        }
    };
    let opened = html
        .find("<body")
        .and_then(|start| Some(start + html[start..].find('>')? + 1));
    match opened {
        Some(end) => {
            html.insert_str(end, &body.into_string());
            html
        }
        None => html,
    }
}

/// A page that needs no client (the legal pages, the site map): the frame, the title and
/// `content` (already HTML), with the client's `stylesheets`.
pub fn standalone(stylesheets: &str, title: &str, content: &str, f: &Frame) -> String {
    let main = html! { article { h1 { (title) } (PreEscaped(content)) } };
    html! {
        (maud::DOCTYPE)
        html lang="fr" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (crate::tab_title(title)) }
                link rel="icon" href="data:,";
                (PreEscaped(stylesheets))
            }
            body { (frame(f, main)) }
        }
    }
    .into_string()
}

pub fn escape(text: &str) -> String {
    html! { (text) }.into_string()
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
    use passerelle_types::Conformity;

    #[test]
    fn the_page_goes_into_the_body_and_its_answers_cannot_end_their_script() {
        let index = "<html><head><title>Passerelle</title></head><body><script type=\"module\">init()</script></body></html>";
        let page =
            Page::new("Égalité <femmes>", html! { h1 { "Égalité" } }).with_answer(Answer::json(
                "/api/v1/search?q=a&type=publication".to_owned(),
                &serde_json::json!({ "title": "</script><script>alert(1)</script>" }),
            ));
        let f = Frame {
            path: "/recherche",
            status: Conformity::Partial,
            signed_in: false,
        };
        let html = render(index, &f, &page);
        assert!(html.contains("<title>Égalité &lt;femmes&gt; — Passerelle</title>"));
        assert!(
            html.contains("<body><div class=\"racine\" id=\"serveur\"><a class=\"skip-link\""),
            "{html}"
        );
        assert!(html.contains("data-api=\"/api/v1/search?q=a&amp;type=publication\""));
        assert_eq!(html.matches("</script>").count(), 2, "{html}");
        assert!(html.ends_with("<script type=\"module\">init()</script></body></html>"));
        assert!(html.contains("<a href=\"/recherche\" aria-current=\"page\">Recherche</a>"));
        assert!(html.contains("Accessibilité : partiellement conforme"));
    }
}
