//! Atom (RFC 4287) feeds of publications and events, for feed readers and partner sites.

use atom_syndication::{Category, Entry, Feed, FixedDateTime, Link, Person, Text};
use chrono::{DateTime, Utc};
use passerelle_types::{EventSummary, PublicationSummary, Theme};

use crate::Site;

/// What a feed says of itself.
pub struct FeedInfo<'a> {
    pub title: &'a str,
    /// The feed's own address, with its filters: also its identifier.
    pub source: &'a str,
    /// The page a person would read instead.
    pub page: &'a str,
}

pub fn publications(site: &Site, info: &FeedInfo<'_>, items: &[PublicationSummary]) -> String {
    let entries = items
        .iter()
        .map(|p| {
            let mut entry = entry(
                site,
                &p.id.to_string(),
                &p.title,
                &p.summary,
                &site.publication_page(&p.slug),
                p.updated_at,
                &p.themes,
            );
            entry.set_published(
                p.publication_date
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
                    .map(|d| fixed(d.and_utc())),
            );
            entry
        })
        .collect();
    feed(
        site,
        info,
        entries,
        items.iter().map(|p| p.updated_at).max(),
    )
}

pub fn events(site: &Site, info: &FeedInfo<'_>, items: &[EventSummary]) -> String {
    let entries = items
        .iter()
        .map(|e| {
            // The date and place first: a reader shows the summary, not the page.
            let mut summary = crate::when_and_where(e);
            if !e.summary.is_empty() {
                summary.push_str(" — ");
                summary.push_str(&e.summary);
            }
            entry(
                site,
                &e.id.to_string(),
                &e.title,
                &summary,
                &site.event_page(&e.slug),
                e.updated_at,
                &e.themes,
            )
        })
        .collect();
    feed(
        site,
        info,
        entries,
        items.iter().map(|e| e.updated_at).max(),
    )
}

fn fixed(instant: DateTime<Utc>) -> FixedDateTime {
    instant.fixed_offset()
}

fn link(href: &str, rel: &str, media_type: &str) -> Link {
    let mut link = Link::default();
    link.set_href(href);
    link.set_rel(rel);
    link.set_mime_type(Some(media_type.to_owned()));
    link
}

fn entry(
    site: &Site,
    id: &str,
    title: &str,
    summary: &str,
    page: &str,
    updated: DateTime<Utc>,
    themes: &[Theme],
) -> Entry {
    let mut entry = Entry::default();
    entry.set_id(format!("urn:uuid:{id}"));
    entry.set_title(Text::plain(title));
    entry.set_summary(Some(Text::plain(summary)));
    entry.set_updated(fixed(updated));
    entry.set_links(vec![link(page, "alternate", "text/html")]);
    entry.set_categories(
        themes
            .iter()
            .map(|theme| {
                let mut category = Category::default();
                category.set_term(theme.slug.clone());
                category.set_label(Some(theme.label.clone()));
                category.set_scheme(Some(site.url("/api/v1/themes")));
                category
            })
            .collect::<Vec<_>>(),
    );
    entry
}

fn feed(
    site: &Site,
    info: &FeedInfo<'_>,
    entries: Vec<Entry>,
    updated: Option<DateTime<Utc>>,
) -> String {
    let mut author = Person::default();
    author.set_name(site.publisher.clone());
    author.set_uri(Some(site.url("/")));
    let mut feed = Feed::default();
    feed.set_id(info.source);
    feed.set_title(Text::plain(info.title));
    feed.set_lang(Some("fr".to_owned()));
    // An empty feed is as old as the epoch: nothing in it ever changed.
    feed.set_updated(fixed(updated.unwrap_or(DateTime::UNIX_EPOCH)));
    feed.set_authors(vec![author]);
    feed.set_links(vec![
        link(info.source, "self", "application/atom+xml"),
        link(info.page, "alternate", "text/html"),
    ]);
    feed.set_entries(entries);
    feed.to_string()
}
