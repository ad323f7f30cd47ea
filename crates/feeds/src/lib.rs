//! The formats partner sites and their tools read: iCalendar for calendar applications,
//! Atom for feed readers, CSV for spreadsheets, schema.org JSON-LD for search engines and
//! link previews, and the sitemap. Pure functions of the shared DTOs: no HTTP, no SQL.

pub mod atom;
pub mod csv;
pub mod ical;
pub mod jsonld;
pub mod sitemap;
pub mod widget;

/// Where the public site lives, to write absolute links (feeds are read elsewhere), and who
/// publishes it.
#[derive(Debug, Clone)]
pub struct Site {
    /// Scheme and host, without a trailing slash: `https://passerelle.example`.
    pub origin: String,
    /// The resource centre: author and publisher in feeds and linked data.
    pub publisher: String,
}

impl Site {
    pub fn new(origin: impl Into<String>, publisher: impl Into<String>) -> Site {
        let mut origin = origin.into();
        while origin.ends_with('/') {
            origin.pop();
        }
        Site {
            origin,
            publisher: publisher.into(),
        }
    }

    /// An absolute address on the site; `path` starts with `/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    pub fn publication_page(&self, slug: &str) -> String {
        self.url(&format!("/publications/{slug}"))
    }

    pub fn event_page(&self, slug: &str) -> String {
        self.url(&format!("/evenements/{slug}"))
    }

    pub fn member_page(&self, slug: &str) -> String {
        self.url(&format!("/reseau/{slug}"))
    }
}

pub use passerelle_types::french_date;

/// Text made safe for HTML, in an element or an attribute value. The apostrophe is written
/// `&#39;`, which every reader of share previews decodes (`&apos;` is not HTML 4).
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// When and where an event takes place, in a few words: « 27 novembre 2026, 9 h 30, Nîmes ».
pub fn when_and_where(event: &passerelle_types::EventSummary) -> String {
    use chrono::Timelike;
    let schedule = &event.schedule;
    let mut parts = Vec::new();
    match schedule.start_date {
        Some(start) => {
            let mut when = french_date(start);
            if let Some(end) = schedule.end_date.filter(|end| *end != start) {
                when = format!("du {when} au {}", french_date(end));
            }
            parts.push(when);
            if let Some(time) = schedule.start_time {
                parts.push(format!("{} h {:02}", time.hour(), time.minute()));
            }
        }
        None => parts.extend(schedule.period.clone()),
    }
    if let Some(commune) = event.venue.as_ref().and_then(|v| v.commune.as_ref()) {
        parts.push(commune.name.clone());
    }
    parts.join(", ")
}
