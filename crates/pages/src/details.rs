//! The detail pages, as `frontend/src/pages/detail.rs` draws them.

use maud::{html, Markup, PreEscaped};
use passerelle_types::wording::{file_size, publication_date, schedule, venue};
use passerelle_types::{
    Attachment, Event, EventStatus, Link, Member, Publication, PublicationQuery, Territory, Theme,
};

use crate::parts::{cards, event_card, publication_card};
use crate::Page;

fn facts(themes: &[Theme], territories: &[Territory]) -> Markup {
    let places = territories
        .iter()
        .map(|t| t.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        dl.facts {
            @if !places.is_empty() { dt { "Territoires" } dd { (places) } }
            @if !themes.is_empty() {
                dt { "Thèmes" }
                dd { (themes.iter().map(|t| t.label.as_str()).collect::<Vec<_>>().join(", ")) }
            }
        }
    }
}

/// Related items as links, each with the role it played.
fn related(title: &str, items: Vec<(String, &str, &str)>) -> Markup {
    html! {
        @if !items.is_empty() {
            section {
                h2 { (title) }
                ul { @for (href, name, role) in items { li { a href=(href) { (name) } " — " (role) } } }
            }
        }
    }
}

fn documents(attachments: &[Attachment]) -> Markup {
    html! {
        @if !attachments.is_empty() {
            section {
                h2 { "Documents à télécharger" }
                ul { @for a in attachments { li { a href=(a.url) { (a.file_name) } " (" (file_size(a.size_bytes)) ")" } } }
            }
        }
    }
}

fn keywords(keywords: &[String]) -> Markup {
    html! {
        @if !keywords.is_empty() {
            section {
                h2 { "Mots-clés" }
                ul.keywords {
                    @for keyword in keywords {
                        @let query = PublicationQuery { q: keyword.clone(), ..Default::default() };
                        li { a href={ "/publications?" (query.to_query_string()) } { (keyword) } }
                    }
                }
            }
        }
    }
}

fn links(links: &[Link]) -> Markup {
    html! {
        @if !links.is_empty() {
            section {
                h2 { "Documents et liens" }
                ul { @for l in links { li { a href=(l.url) { (l.label) } } } }
            }
        }
    }
}

pub fn publication(p: &Publication) -> Page {
    let s = &p.summary;
    Page::new(
        s.title.clone(),
        html! {
            article {
                p.kind { (s.kind.label()) @if let Some(d) = publication_date(s.publication_date, s.year) { " · " (d) } }
                h1 tabindex="-1" { (s.title) }
                p.lede { (s.summary) }
                (facts(&s.themes, &s.territories))
                div.body { (PreEscaped(&p.body_html)) }
                (links(&p.links))
                (documents(&p.attachments))
                (keywords(&p.keywords))
                (related("Structures impliquées", p.organizations.iter()
                    .map(|o| (format!("/reseau/{}", o.member.slug), o.member.name.as_str(), o.role.label()))
                    .collect()))
                @if !p.events.is_empty() {
                    section { h2 { "Événements liés" } (cards(&p.events, event_card)) }
                }
            }
        },
    )
}

/// An event; `registration` is the fragment the registration endpoint writes for it.
pub fn event(e: &Event, registration: &str) -> Page {
    let s = &e.summary;
    let venue = s.venue.as_ref().map(venue);
    Page::new(
        s.title.clone(),
        html! {
            article {
                p.kind { (s.kind.label()) @if s.status != EventStatus::Scheduled { " · " (s.status.label()) } }
                h1 tabindex="-1" { (s.title) }
                p.when {
                    (schedule(&s.schedule))
                    @if s.schedule.start_time.is_some() { " (heure de Paris)" }
                }
                @if let Some(v) = venue.filter(|v| !v.is_empty()) { p.where { "Lieu : " (v) } }
                @if let Some(url) = &s.online_url { p.where { a href=(url) { "Rejoindre la réunion en ligne" } } }
                @if s.schedule.start_date.is_some() {
                    p { a href={ "/api/v1/events/" (s.slug) ".ics" } rel="external" { "Ajouter à mon agenda" } }
                }
                div.registration { (PreEscaped(registration)) }
                p.lede { (s.summary) }
                (facts(&s.themes, &s.territories))
                div.body { (PreEscaped(&e.body_html)) }
                (links(&e.links))
                (related("Structures impliquées", e.organizations.iter()
                    .map(|o| (format!("/reseau/{}", o.member.slug), o.member.name.as_str(), o.role.label()))
                    .collect()))
                @if !e.publications.is_empty() {
                    section { h2 { "Publications liées" } (cards(&e.publications, publication_card)) }
                }
            }
        },
    )
}

pub fn member(m: &Member) -> Page {
    let s = &m.summary;
    Page::new(
        s.name.clone(),
        html! {
            article {
                p.kind { (s.kind.label()) }
                h1 tabindex="-1" { (s.name) }
                (facts(&s.themes, &s.territories))
                div.body { (PreEscaped(&m.description_html)) }
                @if let Some(w) = &m.website { p { a href=(w) { "Site internet : " (w) } } }
                @if let Some(c) = &m.contact {
                    section {
                        h2 { "Contact" }
                        @if let Some(e) = &c.email { p { a href={ "mailto:" (e) } { (e) } } }
                        @if let Some(p) = &c.phone { p { (p) } }
                    }
                }
                (related("Publications", m.publications.iter()
                    .map(|p| (format!("/publications/{}", p.publication.slug), p.publication.title.as_str(), p.role.label()))
                    .collect()))
                (related("Événements", m.events.iter()
                    .map(|e| (format!("/evenements/{}", e.event.slug), e.event.title.as_str(), e.role.label()))
                    .collect()))
            }
        },
    )
}
