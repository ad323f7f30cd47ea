//! schema.org in JSON-LD: what search engines and link previews read of an item. Served by
//! the detail endpoints to `Accept: application/ld+json`, and written into the head of
//! the pages.

use passerelle_types::{
    Event, EventRole, EventStatus, Member, MemberSummary, Publication, PublicationKind,
    PublicationRole, Territory, Theme,
};
use serde_json::{json, Map, Value};

use crate::Site;

const CONTEXT: &str = "https://schema.org";

pub fn event(site: &Site, event: &Event) -> Value {
    let e = &event.summary;
    let s = &e.schedule;
    let mut node = object(json!({
        "@context": CONTEXT,
        "@type": "Event",
        "@id": site.event_page(&e.slug),
        "url": site.event_page(&e.slug),
        "identifier": e.id.to_string(),
        "name": e.title,
        "description": e.summary,
        "inLanguage": "fr",
        "eventStatus": format!("{CONTEXT}/{}", match e.status {
            EventStatus::Cancelled => "EventCancelled",
            EventStatus::Postponed => "EventPostponed",
            _ => "EventScheduled",
        }),
        "eventAttendanceMode": format!("{CONTEXT}/{}", match (&e.online_url, &e.venue) {
            (Some(_), Some(_)) => "MixedEventAttendanceMode",
            (Some(_), None) => "OnlineEventAttendanceMode",
            _ => "OfflineEventAttendanceMode",
        }),
        "dateModified": e.updated_at.to_rfc3339(),
    }));
    // The exact instant with its offset when the time is known, else the day.
    let start = s
        .starts_at
        .map(|at| at.to_rfc3339())
        .or_else(|| s.start_date.map(|d| d.to_string()));
    let end = s
        .ends_at
        .map(|at| at.to_rfc3339())
        .or_else(|| s.end_date.map(|d| d.to_string()));
    insert(&mut node, "startDate", start.map(Value::from));
    insert(&mut node, "endDate", end.map(Value::from));
    if let Some(venue) = &e.venue {
        let mut address = object(json!({ "@type": "PostalAddress", "addressCountry": "FR" }));
        insert(
            &mut address,
            "streetAddress",
            venue.address.clone().map(Value::from),
        );
        insert(
            &mut address,
            "addressLocality",
            venue.commune.as_ref().map(|c| Value::from(c.name.clone())),
        );
        let mut place = object(json!({ "@type": "Place", "address": address }));
        insert(
            &mut place,
            "name",
            venue
                .name
                .clone()
                .or_else(|| venue.commune.as_ref().map(|c| c.name.clone()))
                .map(Value::from),
        );
        node.insert("location".to_owned(), Value::Object(place));
    }
    if let Some(online) = &e.online_url {
        let virtual_location = json!({ "@type": "VirtualLocation", "url": online });
        match node.remove("location") {
            Some(place) => node.insert("location".to_owned(), json!([place, virtual_location])),
            None => node.insert("location".to_owned(), virtual_location),
        };
    }
    let organizers: Vec<Value> = event
        .organizations
        .iter()
        .filter(|o| matches!(o.role, EventRole::Organisateur | EventRole::Initiateur))
        .map(|o| organization(site, &o.member))
        .collect();
    node.insert(
        "organizer".to_owned(),
        if organizers.is_empty() {
            publisher(site)
        } else {
            Value::Array(organizers)
        },
    );
    about(&mut node, &e.themes, &e.territories);
    Value::Object(node)
}

pub fn publication(site: &Site, publication: &Publication) -> Value {
    let p = &publication.summary;
    let kind = match p.kind {
        PublicationKind::EtatDesLieux
        | PublicationKind::DossierThematique
        | PublicationKind::DocumentCapitalisation
        | PublicationKind::CompteRendu => "Report",
        PublicationKind::Video => "VideoObject",
        _ => "CreativeWork",
    };
    let mut node = object(json!({
        "@context": CONTEXT,
        "@type": kind,
        "@id": site.publication_page(&p.slug),
        "url": site.publication_page(&p.slug),
        "identifier": p.id.to_string(),
        "name": p.title,
        "abstract": p.summary,
        "description": p.summary,
        "genre": p.kind.label(),
        "inLanguage": "fr",
        "publisher": publisher(site),
        "dateModified": p.updated_at.to_rfc3339(),
    }));
    let published = p
        .publication_date
        .map(|d| d.to_string())
        .or_else(|| p.year.map(|y| y.to_string()));
    insert(&mut node, "datePublished", published.map(Value::from));
    let authors: Vec<Value> = publication
        .organizations
        .iter()
        .filter(|o| o.role == PublicationRole::Auteur)
        .map(|o| organization(site, &o.member))
        .collect();
    node.insert(
        "author".to_owned(),
        if authors.is_empty() {
            publisher(site)
        } else {
            Value::Array(authors)
        },
    );
    about(&mut node, &p.themes, &p.territories);
    Value::Object(node)
}

pub fn member(site: &Site, member: &Member) -> Value {
    let m = &member.summary;
    let mut node = object(json!({
        "@context": CONTEXT,
        "@type": "Organization",
        "@id": site.member_page(&m.slug),
        "url": site.member_page(&m.slug),
        "identifier": m.id.to_string(),
        "name": m.name,
        "description": member.description,
        "additionalType": m.kind.label(),
    }));
    insert(&mut node, "sameAs", member.website.clone().map(Value::from));
    if let Some(contact) = &member.contact {
        insert(&mut node, "email", contact.email.clone().map(Value::from));
        insert(
            &mut node,
            "telephone",
            contact.phone.clone().map(Value::from),
        );
    }
    if let Some(point) = &member.location {
        node.insert(
            "location".to_owned(),
            json!({
                "@type": "Place",
                "geo": {
                    "@type": "GeoCoordinates",
                    "latitude": point.latitude,
                    "longitude": point.longitude,
                },
            }),
        );
    }
    if !m.territories.is_empty() {
        node.insert("areaServed".to_owned(), places(&m.territories));
    }
    if !m.themes.is_empty() {
        node.insert("knowsAbout".to_owned(), topics(&m.themes));
    }
    Value::Object(node)
}

fn organization(site: &Site, member: &MemberSummary) -> Value {
    json!({
        "@type": "Organization",
        "name": member.name,
        "url": site.member_page(&member.slug),
    })
}

fn publisher(site: &Site) -> Value {
    json!({ "@type": "Organization", "name": site.publisher, "url": site.url("/") })
}

fn about(node: &mut Map<String, Value>, themes: &[Theme], territories: &[Territory]) {
    if !themes.is_empty() {
        node.insert("about".to_owned(), topics(themes));
        node.insert(
            "keywords".to_owned(),
            Value::from(
                themes
                    .iter()
                    .map(|t| t.label.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        );
    }
    if !territories.is_empty() {
        node.insert("spatialCoverage".to_owned(), places(territories));
    }
}

fn topics(themes: &[Theme]) -> Value {
    themes
        .iter()
        .map(|t| json!({ "@type": "Thing", "name": t.label }))
        .collect()
}

fn places(territories: &[Territory]) -> Value {
    territories
        .iter()
        .map(|t| json!({ "@type": "AdministrativeArea", "name": t.name }))
        .collect()
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn insert(node: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(value) = value {
        node.insert(key.to_owned(), value);
    }
}
