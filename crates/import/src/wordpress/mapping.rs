//! What each item of an export becomes in Passerelle, decided without the database: posts
//! become publications, The Events Calendar's events become events (their venues inline,
//! their organisers network members), categories become themes; everything else is
//! counted as skipped.

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::{Europe::Paris, Tz};
use passerelle_types::{
    slugify, EventInput, EventKind, EventStatus, Link, MemberInput, MemberKind, PublicationInput,
    PublicationKind, ThemeInput, MAX_BODY_CHARS, MAX_KEYWORDS, MAX_KEYWORD_CHARS,
    MAX_SUMMARY_CHARS, MAX_TITLE_CHARS,
};

use super::content::{
    cut_at_word, decode_entities, first_paragraph, plain_text, to_markdown, Attachments,
};
use super::wxr::{Export, Post, Term};
use crate::territories::{departement_of_postcode, Territories};
use crate::writer::Planned;

/// Longest summary an import makes from a post's text.
const SUMMARY_CHARS: usize = 400;

/// The default category of every WordPress site is not a theme.
const UNCATEGORISED: [&str; 3] = ["uncategorized", "non-classe", "sans-categorie"];

/// A post to import, with what else of the export it needs.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedPost<T> {
    pub item: Planned<T>,
    /// Addresses of the site's uploaded files the content refers to.
    pub uploads: Vec<String>,
    /// Origins of the members that organise it (events only).
    pub organizers: Vec<String>,
}

/// Everything an export becomes, before it is written.
#[derive(Debug, Default)]
pub struct Plan {
    pub site: String,
    pub themes: Vec<ThemeInput>,
    pub members: Vec<PlannedPost<MemberInput>>,
    pub publications: Vec<PlannedPost<PublicationInput>>,
    pub events: Vec<PlannedPost<EventInput>>,
    /// Items left out, by reason (`page`, `révision`, `à la corbeille`…).
    pub skipped: BTreeMap<String, usize>,
    pub comments: usize,
    pub unknown_shortcodes: BTreeMap<String, usize>,
    pub warnings: Vec<String>,
}

/// Decides what the export becomes. `territories` places venues.
pub fn plan(export: &Export, territories: &Territories) -> Plan {
    let mut plan = Plan {
        site: export.site_url.clone(),
        ..Plan::default()
    };
    let by_id = export.posts_by_id();
    let attachment_urls: HashMap<u64, String> = export
        .posts
        .iter()
        .filter(|p| p.post_type == "attachment")
        .filter_map(|p| p.attachment_url.clone().map(|url| (p.id, url)))
        .collect();
    let mut children: HashMap<u64, Vec<u64>> = HashMap::new();
    for post in export.posts.iter().filter(|p| p.post_type == "attachment") {
        children.entry(post.parent).or_default().push(post.id);
    }
    let labels: HashMap<&str, &str> = export
        .categories
        .iter()
        .map(|c| (c.slug.as_str(), c.label.as_str()))
        .collect();
    let mut themes: BTreeMap<String, String> = BTreeMap::new();
    let mut organizers: BTreeMap<u64, ()> = BTreeMap::new();

    for post in &export.posts {
        plan.comments += post.comments;
        let kind = match post.post_type.as_str() {
            "post" | "tribe_events" => post.post_type.as_str(),
            // Used by the events and posts that refer to them, not imported on their own.
            "attachment" | "tribe_venue" | "tribe_organizer" => continue,
            other => {
                *plan.skipped.entry(skipped_type(other)).or_default() += 1;
                continue;
            }
        };
        let publish = match post.status.as_str() {
            "publish" => true,
            "draft" | "pending" | "future" | "private" => false,
            "trash" => {
                *plan
                    .skipped
                    .entry("à la corbeille dans WordPress".to_owned())
                    .or_default() += 1;
                continue;
            }
            _ => {
                *plan
                    .skipped
                    .entry(format!("état « {} »", post.status))
                    .or_default() += 1;
                continue;
            }
        };
        let of_post = children.get(&post.id).map(Vec::as_slice).unwrap_or(&[]);
        let mut converted = to_markdown(
            &post.content,
            &Attachments {
                urls: &attachment_urls,
                of_post,
            },
        );
        for (name, count) in std::mem::take(&mut converted.unknown_shortcodes) {
            *plan.unknown_shortcodes.entry(name).or_default() += count;
        }
        if converted.markdown.chars().count() > MAX_BODY_CHARS {
            plan.warnings.push(format!(
                "Élément {} : texte coupé à {MAX_BODY_CHARS} caractères (la limite de Passerelle).",
                post.id
            ));
            converted.markdown = converted.markdown.chars().take(MAX_BODY_CHARS).collect();
        }
        let title = title_of(post, &mut plan.warnings);
        let summary = summary_of(post, &converted.markdown);
        let slug = Some(slug_of(post, &title));
        let theme_slugs: Vec<String> = post
            .terms
            .iter()
            .filter(|t| t.domain == "category" || t.domain == "tribe_events_cat")
            .filter(|t| !UNCATEGORISED.contains(&slugify(&t.slug).as_str()))
            .map(|t| {
                let slug = slugify(&decode_percent(&t.slug));
                let label = labels.get(t.slug.as_str()).copied().unwrap_or(&t.label);
                themes.entry(slug.clone()).or_insert_with(|| {
                    let label = decode_entities(label).trim().to_owned();
                    // A category without a name keeps its slug as one.
                    if label.is_empty() {
                        slug.clone()
                    } else {
                        label
                    }
                });
                slug
            })
            .fold(Vec::new(), |mut all, slug| {
                if !all.contains(&slug) {
                    all.push(slug);
                }
                all
            });
        let uploads = uploads_in(&converted.markdown);
        let origin = origin_of(&export.site_url, post.id);
        if kind == "post" {
            let keywords = post
                .terms
                .iter()
                .filter(|t| t.domain == "post_tag")
                .map(|t| {
                    let keyword = decode_entities(&t.label);
                    keyword
                        .trim()
                        .chars()
                        .take(MAX_KEYWORD_CHARS)
                        .collect::<String>()
                })
                .filter(|k| !k.is_empty())
                .fold(Vec::<String>::new(), |mut all, keyword| {
                    if !all
                        .iter()
                        .any(|k| k.to_lowercase() == keyword.to_lowercase())
                    {
                        all.push(keyword);
                    }
                    all
                });
            if keywords.len() > MAX_KEYWORDS {
                plan.warnings.push(format!(
                    "Article {} : {} étiquettes, les {MAX_KEYWORDS} premières gardées comme mots-clés.",
                    post.id,
                    keywords.len()
                ));
            }
            let input = PublicationInput {
                slug,
                keywords: keywords.into_iter().take(MAX_KEYWORDS).collect(),
                kind: Some(publication_kind(post, &title, &converted.markdown)),
                publication_date: date_of(&post.date),
                title: title.clone(),
                summary,
                body: converted.markdown,
                themes: theme_slugs,
                ..PublicationInput::default()
            };
            plan.publications.push(planned(
                origin,
                label("article", post, &title),
                input,
                publish,
                uploads,
                Vec::new(),
            ));
        } else {
            let mut input = EventInput {
                slug,
                kind: Some(event_kind(post, &title, &mut plan.warnings)),
                title: title.clone(),
                summary,
                body: converted.markdown,
                themes: theme_slugs,
                ..EventInput::default()
            };
            schedule(post, &mut input, &mut plan.warnings);
            if let Some(venue) = post
                .meta("_EventVenueID")
                .and_then(|id| id.parse().ok())
                .and_then(|id| by_id.get(&id))
            {
                place(venue, &mut input, territories, &mut plan.warnings, &title);
            }
            if let Some(url) = web_address(post, "_EventURL", &mut plan.warnings) {
                input.links.push(Link {
                    url,
                    label: "Site de l'événement".to_owned(),
                    media_type: None,
                });
            }
            input.online_url = web_address(post, "_tribe_events_virtual_url", &mut plan.warnings);
            let organizer_origins: Vec<String> = post
                .meta_all("_EventOrganizerID")
                .filter_map(|id| id.parse::<u64>().ok())
                .filter(|id| {
                    by_id
                        .get(id)
                        .is_some_and(|p| p.post_type == "tribe_organizer")
                })
                .map(|id| {
                    organizers.insert(id, ());
                    origin_of(&export.site_url, id)
                })
                .collect();
            plan.events.push(planned(
                origin,
                label("événement", post, &title),
                input,
                publish,
                uploads,
                organizer_origins,
            ));
        }
    }
    for id in organizers.keys() {
        let Some(organizer) = by_id.get(id) else {
            continue;
        };
        let name = title_of(organizer, &mut plan.warnings);
        let input = MemberInput {
            slug: Some(slug_of(organizer, &name)),
            name: name.clone(),
            kind: Some(MemberKind::Autre),
            description: to_markdown(
                &organizer.content,
                &Attachments {
                    urls: &HashMap::new(),
                    of_post: &[],
                },
            )
            .markdown,
            website: web_address(organizer, "_OrganizerWebsite", &mut plan.warnings),
            // An organiser's address and telephone are kept for the team, not published.
            contact_email: organizer
                .meta("_OrganizerEmail")
                .filter(|email| {
                    email
                        .split_once('@')
                        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
                })
                .map(str::to_owned),
            contact_phone: organizer.meta("_OrganizerPhone").map(str::to_owned),
            ..MemberInput::default()
        };
        let publish = organizer.status == "publish";
        plan.members.push(planned(
            origin_of(&export.site_url, *id),
            label("organisateur", organizer, &name),
            input,
            publish,
            Vec::new(),
            Vec::new(),
        ));
    }
    plan.themes = themes
        .into_iter()
        .map(|(slug, label)| ThemeInput {
            slug: Some(slug),
            label,
        })
        .collect();
    plan
}

fn planned<T: serde::Serialize>(
    origin: String,
    label: String,
    input: T,
    publish: bool,
    uploads: Vec<String>,
    organizers: Vec<String>,
) -> PlannedPost<T> {
    PlannedPost {
        item: Planned::new(origin, label, input, publish, &(&uploads, &organizers)),
        uploads,
        organizers,
    }
}

/// How messages name a post: `article 42 « Titre »`.
fn label(what: &str, post: &Post, title: &str) -> String {
    format!("{what} {} « {title} »", post.id)
}

/// The origin of a post of a site: the address WordPress itself gives it (`?p=ID`).
pub fn origin_of(site: &str, id: u64) -> String {
    format!("{site}/?p={id}")
}

fn skipped_type(post_type: &str) -> String {
    match post_type {
        "page" => "page".to_owned(),
        "revision" => "révision".to_owned(),
        "nav_menu_item" => "élément de menu".to_owned(),
        other => format!("type « {other} »"),
    }
}

fn title_of(post: &Post, warnings: &mut Vec<String>) -> String {
    // Tags in a title (`<em>`) are dropped, entities read.
    let title = plain_text(&post.title);
    if title.is_empty() {
        warnings.push(format!(
            "L'élément {} n'a pas de titre : « Sans titre » lui est donné.",
            post.id
        ));
        return "Sans titre".to_owned();
    }
    if title.chars().count() > MAX_TITLE_CHARS {
        warnings.push(format!(
            "Le titre de l'élément {} est raccourci à {MAX_TITLE_CHARS} caractères.",
            post.id
        ));
        return title.chars().take(MAX_TITLE_CHARS).collect();
    }
    title
}

/// The excerpt, else the first paragraph; an excerpt longer than a summary may be is cut
/// at a word.
fn summary_of(post: &Post, markdown: &str) -> String {
    let excerpt = plain_text(&post.excerpt);
    if excerpt.is_empty() {
        first_paragraph(markdown, SUMMARY_CHARS)
    } else {
        cut_at_word(&excerpt, MAX_SUMMARY_CHARS - 1)
    }
}

/// The post's own slug (WordPress percent-encodes accented ones), else one from its title.
fn slug_of(post: &Post, title: &str) -> String {
    let name = decode_percent(&post.name);
    let slug = slugify(if name.trim().is_empty() { title } else { &name });
    if slug == "sans-titre" && !title.is_empty() {
        slugify(title)
    } else {
        slug
    }
}

fn decode_percent(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

fn date_of(text: &str) -> Option<NaiveDate> {
    NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M:%S")
        .ok()
        .map(|at| at.date())
}

/// Words of a kind's name as they appear in category names and titles.
fn mentions(text: &str, words: &[&str]) -> bool {
    let folded = format!("-{}-", slugify(text));
    words.iter().any(|w| folded.contains(&format!("-{w}")))
}

fn publication_kind(post: &Post, title: &str, markdown: &str) -> PublicationKind {
    let terms: Vec<String> = post.terms.iter().map(|t| t.label.clone()).collect();
    let candidates = [
        (
            PublicationKind::EtatDesLieux,
            &["etat-des-lieux", "etats-des-lieux", "diagnostic"][..],
        ),
        (
            PublicationKind::DocumentCapitalisation,
            &["capitalisation"][..],
        ),
        (PublicationKind::DossierThematique, &["dossier"][..]),
        (
            PublicationKind::CompteRendu,
            &["compte-rendu", "comptes-rendus", "synthese"][..],
        ),
        (
            PublicationKind::PresentationFormation,
            &["presentation-de-formation", "support-de-formation"][..],
        ),
        (PublicationKind::Guide, &["guide"][..]),
        (PublicationKind::Video, &["video"][..]),
    ];
    for text in terms.iter().map(String::as_str).chain([title]) {
        if let Some((kind, _)) = candidates.iter().find(|(_, words)| mentions(text, words)) {
            return *kind;
        }
    }
    if markdown.contains("youtube.com")
        || markdown.contains("vimeo.com")
        || markdown.contains("Voir la vidéo")
    {
        return PublicationKind::Video;
    }
    PublicationKind::Document
}

fn event_kind(post: &Post, title: &str, warnings: &mut Vec<String>) -> EventKind {
    let candidates = [
        (EventKind::Webinaire, &["webinaire", "webinar"][..]),
        (EventKind::Seminaire, &["seminaire"][..]),
        (
            EventKind::Formation,
            &["formation", "cycle-de-qualification"][..],
        ),
        (EventKind::Atelier, &["atelier"][..]),
        (
            EventKind::Rencontre,
            &["rencontre", "journee", "forum", "colloque", "conference"][..],
        ),
    ];
    let terms = post.terms.iter().map(|t: &Term| t.label.as_str());
    for text in terms.chain([title]) {
        if let Some((kind, _)) = candidates.iter().find(|(_, words)| mentions(text, words)) {
            return *kind;
        }
    }
    warnings.push(format!(
        "Événement {} « {title} » : type introuvable dans ses catégories ou son titre, « rencontre » par défaut.",
        post.id
    ));
    EventKind::Rencontre
}

/// A time zone as The Events Calendar writes it: `Europe/Paris`, `UTC+1`, `UTC-3:30`,
/// `UTC+5.5`, `UTC`, or nothing (the site's, taken as Paris).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Zone {
    Named(Tz),
    Offset(chrono::FixedOffset),
}

fn zone_of(text: &str) -> Option<Zone> {
    let text = text.trim();
    if text.is_empty() {
        return Some(Zone::Named(Paris));
    }
    if let Some(offset) = text
        .strip_prefix("UTC")
        .or_else(|| text.strip_prefix("GMT"))
    {
        if offset.is_empty() {
            return chrono::FixedOffset::east_opt(0).map(Zone::Offset);
        }
        let (sign, rest) = match offset.split_at(1) {
            ("+", rest) => (1, rest),
            ("-", rest) => (-1, rest),
            _ => return None,
        };
        let minutes = if let Some((h, m)) = rest.split_once(':') {
            h.parse::<i32>().ok()? * 60 + m.parse::<i32>().ok()?
        } else {
            (rest.parse::<f64>().ok()? * 60.0).round() as i32
        };
        return chrono::FixedOffset::east_opt(sign * minutes * 60).map(Zone::Offset);
    }
    text.parse::<Tz>().ok().map(Zone::Named)
}

/// A local date and time of the event's zone, in Paris time.
fn in_paris(local: NaiveDateTime, zone: Zone) -> NaiveDateTime {
    let utc = match zone {
        Zone::Named(tz) => tz
            .from_local_datetime(&local)
            .earliest()
            .map(|t| t.naive_utc()),
        Zone::Offset(offset) => offset
            .from_local_datetime(&local)
            .earliest()
            .map(|t| t.naive_utc()),
    };
    utc.map_or(local, |utc| Paris.from_utc_datetime(&utc).naive_local())
}

/// Start and end from `_EventStartDate` and `_EventEndDate` in `_EventTimezone`; all-day
/// events keep their days only (WordPress stores their end as 23:59:59).
fn schedule(post: &Post, input: &mut EventInput, warnings: &mut Vec<String>) {
    let parse = |key: &str| {
        post.meta(key)
            .and_then(|v| NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M:%S").ok())
    };
    let zone = zone_of(post.meta("_EventTimezone").unwrap_or("")).unwrap_or_else(|| {
        warnings.push(format!(
            "Événement {} : fuseau horaire « {} » inconnu, heure de Paris retenue.",
            post.id,
            post.meta("_EventTimezone").unwrap_or("")
        ));
        Zone::Named(Paris)
    });
    let all_day = post
        .meta("_EventAllDay")
        .is_some_and(|v| matches!(v, "yes" | "1" | "true"));
    let (Some(start), end) = (parse("_EventStartDate"), parse("_EventEndDate")) else {
        return;
    };
    if all_day {
        input.start_date = Some(start.date());
        input.end_date = end.map(|e| e.date()).filter(|e| *e != start.date());
    } else {
        let start = in_paris(start, zone);
        input.start_date = Some(start.date());
        input.start_time = Some(start.time());
        if let Some(end) = end.map(|e| in_paris(e, zone)).filter(|e| *e >= start) {
            input.end_date = Some(end.date()).filter(|d| *d != start.date());
            input.end_time = Some(end.time());
        }
    }
    input.status = match post.meta("_tribe_events_status") {
        Some("canceled" | "cancelled") => Some(EventStatus::Cancelled),
        Some("postponed") => Some(EventStatus::Postponed),
        _ => None,
    };
}

/// The venue's name and address inline, and its commune when Passerelle knows it.
fn place(
    venue: &Post,
    input: &mut EventInput,
    territories: &Territories,
    warnings: &mut Vec<String>,
    title: &str,
) {
    input.venue_name = Some(decode_entities(&venue.title)).filter(|n| !n.trim().is_empty());
    let city = venue.meta("_VenueCity").unwrap_or("");
    let postcode = venue.meta("_VenueZip").unwrap_or("");
    let address = [
        venue.meta("_VenueAddress").unwrap_or("").to_owned(),
        format!("{postcode} {city}").trim().to_owned(),
    ]
    .into_iter()
    .filter(|part| !part.is_empty())
    .collect::<Vec<_>>()
    .join(", ");
    input.venue_address = Some(address).filter(|a| !a.is_empty());
    if !city.is_empty() {
        match territories.commune(city, departement_of_postcode(postcode).as_deref()) {
            Some(id) => input.venue_commune = Some(id.to_owned()),
            None => warnings.push(format!(
                "Événement « {title} » : la commune « {city} » n'est pas dans les territoires de Passerelle ; l'adresse est gardée, sans commune."
            )),
        }
    }
}

/// A web address from a meta value; anything that is not one is left out with a warning.
fn web_address(post: &Post, key: &str, warnings: &mut Vec<String>) -> Option<String> {
    let value = post.meta(key)?;
    let address = crate::values::web_address(value);
    if address.is_none() {
        warnings.push(format!(
            "Élément {} : « {value} » n'est pas une adresse web ({key}), laissé de côté.",
            post.id
        ));
    }
    address
}

/// The site's uploaded files a text refers to (`…/wp-content/uploads/…`).
fn uploads_in(markdown: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for (start, _) in markdown.match_indices("http") {
        let rest = &markdown[start..];
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '<' | '>' | ']'))
            .unwrap_or(rest.len());
        let url = &rest[..end];
        if url.contains("/wp-content/uploads/") && !found.iter().any(|f| f == url) {
            found.push(url.to_owned());
        }
    }
    found
}

#[cfg(test)]
mod tests;
