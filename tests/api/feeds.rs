//! What partners' tools read: iCalendar, Atom, CSV, JSON-LD, sitemap — each parsed back
//! with a real parser.

use std::str::FromStr;

use icalendar::{Calendar, CalendarComponent, Component, EventLike};
use passerelle_tests::{
    assert_contains, for_both_backends, header, on_both_backends, spawn_app_with, strings, Backend,
    Expect, TestApp,
};
use passerelle_types::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

async fn text(app: &TestApp, path: &str, accept: Option<&str>) -> (String, String) {
    let mut request = app.request(Method::GET, path);
    if let Some(accept) = accept {
        request = request.header("Accept", accept);
    }
    let response = request.send().await.expect(path);
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let content_type = header(&response, "content-type");
    (content_type, response.text().await.unwrap_or_default())
}

/// A detail as JSON-LD (`Accept: application/ld+json`), checked to be served as such.
async fn json_ld(app: &TestApp, path: &str) -> Value {
    let (content_type, body) = text(app, path, Some("application/ld+json")).await;
    assert_eq!(content_type, "application/ld+json", "{path}");
    serde_json::from_str(&body).expect("JSON-LD")
}

fn events_of(calendar: &Calendar) -> Vec<&icalendar::Event> {
    calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect()
}

fn by_summary<'a>(events: &[&'a icalendar::Event], summary: &str) -> &'a icalendar::Event {
    events
        .iter()
        .copied()
        .find(|e| e.get_summary() == Some(summary))
        .unwrap_or_else(|| panic!("« {summary} » absent du calendrier"))
}

/// Writes: a database of its own.
async fn calendars_give_paris_times_stable_uids_and_growing_sequences(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |_| {}).await else {
        return;
    };
    let editor = app.staff(Role::Editor);
    let winter = app.publish_event(
        &editor.token,
        json!({
            "title": "Atelier d'hiver des conseils citoyens", "kind": "formation",
            "summary": "Un atelier ; avec, des virgules et des points-virgules.",
            "start_date": "2027-01-14", "start_time": "18:00:00", "end_time": "20:00:00",
            "venue_name": "Médiathèque du Grand Narbonne", "venue_commune": "commune-11262",
            "online_url": "https://visio.exemple.fr/atelier-hiver",
            "themes": ["conseils-citoyens"], "territories": ["departement-11"],
            "links": [{"url": "https://visio.exemple.fr/atelier", "label": "Visioconférence", "media_type": null}]
        }),
    )
    .await;
    app.publish_event(
        &editor.token,
        json!({
            "title": "Rencontre d'été annulée", "kind": "rencontre", "status": "cancelled",
            "start_date": "2027-07-08", "start_time": "09:30:00", "end_time": "12:00:00",
            "venue_commune": "commune-11262",
            "themes": ["conseils-citoyens"], "territories": ["departement-11"]
        }),
    )
    .await;

    let (content_type, body) =
        text(&app, "/api/v1/events.ics?territory=departement-11", None).await;
    assert!(content_type.starts_with("text/calendar"), "{content_type}");
    for line in body.split("\r\n") {
        assert!(line.len() <= 75, "ligne de {} octets : {line}", line.len());
    }
    assert!(
        !body.replace("\r\n", "").contains('\n'),
        "fins de ligne CRLF"
    );
    for property in [
        "NAME:",
        "REFRESH-INTERVAL;VALUE=DURATION:",
        "BEGIN:VTIMEZONE",
    ] {
        assert!(body.contains(property), "{property} absent");
    }
    let unfolded = body.replace("\r\n ", "");
    assert!(unfolded.contains("TZOFFSETTO:+0200") && unfolded.contains("TZOFFSETTO:+0100"));

    let calendar = Calendar::from_str(&body).expect("iCalendar lisible");
    let events = events_of(&calendar);
    // Same filter, same events (those with a known day).
    let list: Value = app
        .json("/api/v1/events?territory=departement-11&limit=100")
        .await;
    let dated = list["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| !e["schedule"]["start_date"].is_null())
        .count();
    assert_eq!(events.len(), dated);

    let atelier = by_summary(&events, "Atelier d'hiver des conseils citoyens");
    let start = atelier.properties().get("DTSTART").expect("DTSTART");
    assert_eq!(start.value(), "20270114T180000");
    assert_eq!(
        start.params().get("TZID").map(|p| p.value()),
        Some("Europe/Paris")
    );
    assert_eq!(atelier.property_value("DTEND"), Some("20270114T200000"));
    assert_eq!(
        atelier.get_location(),
        Some("Médiathèque du Grand Narbonne, Narbonne")
    );
    let description = atelier.get_description().unwrap_or_default();
    assert!(
        description.contains("Un atelier ; avec, des virgules"),
        "{description}"
    );
    assert!(
        description.contains(&format!("/evenements/{}", winter.slug)),
        "{description}"
    );
    assert!(atelier
        .property_value("URL")
        .is_some_and(|url| url.ends_with(&format!("/evenements/{}", winter.slug))));
    let uid = atelier.get_uid().expect("UID").to_owned();
    let sequence: u32 = atelier
        .property_value("SEQUENCE")
        .and_then(|s| s.parse().ok())
        .expect("SEQUENCE");
    assert!(atelier.property_value("DTSTAMP").is_some());

    let cancelled = by_summary(&events, "Rencontre d'été annulée");
    assert_eq!(cancelled.property_value("STATUS"), Some("CANCELLED"));
    assert_eq!(cancelled.property_value("DTSTART"), Some("20270708T093000"));
    // The JSON says which offset applies each day: winter +01:00, summer +02:00.
    let detail: Value = app.json(&format!("/api/v1/events/{}", winter.slug)).await;
    assert_eq!(detail["schedule"]["starts_at"], "2027-01-14T18:00:00+01:00");
    assert_eq!(
        detail["online_url"],
        "https://visio.exemple.fr/atelier-hiver"
    );
    let description = atelier.get_description().unwrap_or_default();
    assert!(
        description.contains("Réunion en ligne : https://visio.exemple.fr/atelier-hiver"),
        "{description}"
    );
    assert_eq!(
        atelier.property_value("CONFERENCE"),
        Some("https://visio.exemple.fr/atelier-hiver")
    );
    let linked = json_ld(&app, &format!("/api/v1/events/{}", winter.slug)).await;
    assert_eq!(
        linked["eventAttendanceMode"],
        "https://schema.org/MixedEventAttendanceMode"
    );
    assert_eq!(linked["location"][1]["@type"], "VirtualLocation");

    // A meeting address must be a web address.
    let refused = app
        .request_with(&editor.token, Method::POST, "/api/v1/editorial/events")
        .json(&json!({"title": "Visio douteuse", "kind": "webinaire", "online_url": "javascript:alert(1)"}))
        .expect_status(422)
        .await;
    let problem: Value = refused.json().await.expect("problem");
    assert_eq!(problem["errors"][0]["field"], "online_url");

    // A change: same UID, higher SEQUENCE.
    let response = app
        .request_at_version(
            &editor.token,
            Method::PATCH,
            &format!("/api/v1/editorial/events/{}", winter.id),
            winter.version,
        )
        .header("Content-Type", "application/merge-patch+json")
        .body(r#"{"title": "Atelier d'hiver des conseils citoyens (salle changée)"}"#)
        .send()
        .await
        .expect("patch");
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{}",
        response.text().await.unwrap_or_default()
    );
    let (_, body) = text(&app, "/api/v1/events.ics?territory=departement-11", None).await;
    let calendar = Calendar::from_str(&body).expect("iCalendar lisible");
    let events = events_of(&calendar);
    let changed = by_summary(
        &events,
        "Atelier d'hiver des conseils citoyens (salle changée)",
    );
    assert_eq!(changed.get_uid(), Some(uid.as_str()));
    let grown: u32 = changed
        .property_value("SEQUENCE")
        .and_then(|s| s.parse().ok())
        .expect("SEQUENCE");
    assert!(grown > sequence, "{grown} > {sequence}");
    // The detail read before the change follows it too.
    let detail: Value = app.json(&format!("/api/v1/events/{}", winter.slug)).await;
    assert_eq!(
        detail["title"],
        "Atelier d'hiver des conseils citoyens (salle changée)"
    );

    // One event alone, its links in the description.
    let (content_type, body) =
        text(&app, &format!("/api/v1/events/{}.ics", winter.slug), None).await;
    assert!(content_type.starts_with("text/calendar"));
    let calendar = Calendar::from_str(&body).expect("iCalendar lisible");
    let events = events_of(&calendar);
    assert_eq!(events.len(), 1);
    let description = events[0].get_description().unwrap_or_default();
    assert!(
        description.contains("Visioconférence : https://visio.exemple.fr/atelier"),
        "{description}"
    );
    app.problem("/api/v1/events/inconnu.ics", 404).await;
    app.problem("/api/v1/events.ics?territory=nulle-part", 400)
        .await;
}

async fn atom_feeds_follow_the_lists_filters(app: TestApp) {
    for (feed, list) in [
        (
            "/api/v1/publications.atom?theme=egalite-femmes-hommes",
            "/api/v1/publications?theme=egalite-femmes-hommes",
        ),
        (
            "/api/v1/events.atom?territory=departement-30",
            "/api/v1/events?territory=departement-30",
        ),
    ] {
        let (content_type, body) = text(&app, feed, None).await;
        assert!(
            content_type.starts_with("application/atom+xml"),
            "{content_type}"
        );
        let parsed = feed_rs::parser::parse(body.as_bytes()).expect("Atom lisible");
        assert_eq!(parsed.feed_type, feed_rs::model::FeedType::Atom);
        assert!(
            parsed.links.iter().any(|l| l.href.ends_with(feed)),
            "{feed}"
        );
        let expected: Value = app.json(list).await;
        let titles: Vec<&str> = parsed
            .entries
            .iter()
            .filter_map(|e| e.title.as_ref().map(|t| t.content.as_str()))
            .collect();
        let wanted = strings(&expected["items"], "title");
        assert!(!wanted.is_empty());
        assert_eq!(titles, wanted, "{feed}");
        for entry in &parsed.entries {
            assert!(entry.id.starts_with("urn:uuid:"));
            assert!(entry.updated.is_some());
            assert!(entry
                .links
                .iter()
                .any(|l| l.href.contains("/publications/") || l.href.contains("/evenements/")));
        }
    }
}

async fn lists_export_to_csv_for_french_spreadsheets(app: TestApp) {
    let json: Value = app
        .json("/api/v1/publications?theme=egalite-femmes-hommes")
        .await;
    for (path, accept) in [
        (
            "/api/v1/publications?theme=egalite-femmes-hommes&format=csv",
            None,
        ),
        (
            "/api/v1/publications?theme=egalite-femmes-hommes",
            Some("text/csv"),
        ),
    ] {
        let response = {
            let mut request = app.request(Method::GET, path);
            if let Some(accept) = accept {
                request = request.header("Accept", accept);
            }
            request.send().await.expect("csv")
        };
        assert_eq!(response.status(), StatusCode::OK);
        assert!(header(&response, "content-type").starts_with("text/csv"));
        assert!(header(&response, "content-disposition").contains("publications.csv"));
        assert!(header(&response, "vary").contains("Accept"));
        let bytes = response.bytes().await.expect("body");
        assert!(bytes.starts_with("\u{feff}".as_bytes()), "BOM UTF-8");
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(&bytes[3..]);
        let headers = reader.headers().expect("en-tête").clone();
        assert_eq!(&headers[0], "Titre");
        let date_column = headers
            .iter()
            .position(|h| h == "Date de publication")
            .expect("date");
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("ligne")).collect();
        assert_eq!(
            rows.len() as u64,
            json["total"].as_u64().unwrap_or_default()
        );
        let titles: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
        let expected = strings(&json["items"], "title");
        assert_eq!(titles, expected);
        for row in &rows {
            let date = &row[date_column];
            assert!(
                date.is_empty() || (date.len() == 10 && &date[2..3] == "/" && &date[5..6] == "/"),
                "{date}"
            );
        }
    }
    for path in [
        "/api/v1/events?format=csv",
        "/api/v1/members?format=csv&territory=departement-34",
    ] {
        let (content_type, body) = text(&app, path, None).await;
        assert!(content_type.starts_with("text/csv"), "{path}");
        assert!(body.lines().count() > 1, "{path}");
    }
    // JSON stays the default, and a wrong format is a clear error.
    let (content_type, _) = text(&app, "/api/v1/publications", Some("*/*")).await;
    assert_eq!(content_type, "application/json");
    let problem = app.problem("/api/v1/publications?format=xml", 400).await;
    assert_contains(&problem.detail, "format");
}

async fn details_speak_schema_org_when_asked(app: TestApp) {
    let event = json_ld(
        &app,
        "/api/v1/events/rencontres-conseils-citoyens-herault-2019",
    )
    .await;
    assert_eq!(event["@context"], "https://schema.org");
    assert_eq!(event["@type"], "Event");
    assert_eq!(event["startDate"], "2019-10-05");
    assert_eq!(event["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(event["location"]["@type"], "Place");
    assert_eq!(event["location"]["name"], "Agropolis International");
    assert_eq!(event["location"]["address"]["@type"], "PostalAddress");
    assert_eq!(
        event["location"]["address"]["addressLocality"],
        "Montpellier"
    );
    let organizers = strings(&event["organizer"], "name");
    assert!(
        organizers.contains(&"Villes et Territoires Occitanie"),
        "{organizers:?}"
    );

    let list: Value = app
        .json("/api/v1/publications?kind=document_capitalisation&limit=1")
        .await;
    let slug = list["items"][0]["slug"].as_str().expect("slug").to_owned();
    let publication = json_ld(&app, &format!("/api/v1/publications/{slug}")).await;
    assert_eq!(publication["@type"], "Report");
    assert_eq!(
        publication["publisher"]["name"],
        "Villes et Territoires Occitanie"
    );
    assert!(
        publication["name"].is_string() && publication["author"].is_object()
            || publication["author"].is_array()
    );

    let list: Value = app.json("/api/v1/members?limit=1").await;
    let slug = list["items"][0]["slug"].as_str().expect("slug").to_owned();
    let member = json_ld(&app, &format!("/api/v1/members/{slug}")).await;
    assert_eq!(member["@type"], "Organization");
    assert!(member["url"]
        .as_str()
        .is_some_and(|u| u.ends_with(&format!("/reseau/{slug}"))));

    // Without asking, the API's own JSON.
    let (content_type, body) = text(&app, &format!("/api/v1/members/{slug}"), None).await;
    assert_eq!(content_type, "application/json");
    assert!(serde_json::from_str::<Value>(&body).expect("JSON")["@type"].is_null());
}

async fn the_sitemap_lists_every_public_page(app: TestApp) {
    let (content_type, body) = text(&app, "/sitemap.xml", None).await;
    assert!(content_type.starts_with("application/xml"));
    for (list, section) in [
        ("/api/v1/publications?limit=100", "publications"),
        ("/api/v1/events?limit=100", "evenements"),
        ("/api/v1/members?limit=100", "reseau"),
    ] {
        let items: Value = app.json(list).await;
        assert!(items["total"].as_u64().unwrap_or_default() <= 100);
        for item in items["items"].as_array().into_iter().flatten() {
            let slug = item["slug"].as_str().unwrap_or_default();
            assert!(
                body.contains(&format!("/{section}/{slug}</loc>")),
                "{section}/{slug}"
            );
        }
    }
    assert_eq!(
        body.matches("<url>").count(),
        body.matches("</loc>").count()
    );
    let (_, robots) = text(&app, "/robots.txt", None).await;
    assert!(robots.contains("Sitemap: http://127.0.0.1:"), "{robots}");
    assert!(robots.contains("Disallow: /redaction"));
}

/// Sends `method` to `item` (an editorial address) followed by `action`, with the version
/// the item has now.
async fn change(
    app: &TestApp,
    token: &str,
    method: Method,
    item: &str,
    action: &str,
    body: Option<&str>,
) {
    let version = app.editorial_version(token, item).await;
    let path = format!("{item}{action}");
    let mut request = app.request_at_version(token, method, &path, version);
    if let Some(body) = body {
        request = request
            .header("Content-Type", "application/merge-patch+json")
            .body(body.to_owned());
    }
    let response = request.send().await.expect(&path);
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.text().await.unwrap_or_default()
    );
}

/// Writes: a database of its own.
async fn a_partner_mirror_catches_up_with_changes_and_withdrawals(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |_| {}).await else {
        return;
    };
    let editor = app.staff(Role::Editor);
    // Ordered by update, oldest first.
    let all: Value = app
        .json("/api/v1/publications?sort=updated&limit=100")
        .await;
    let stamps = strings(&all["items"], "updated_at");
    assert!(stamps.len() > 2);
    let parsed: Vec<chrono::DateTime<chrono::Utc>> = stamps
        .iter()
        .map(|s| s.parse().expect("updated_at RFC 3339"))
        .collect();
    assert!(parsed.windows(2).all(|w| w[0] <= w[1]), "{stamps:?}");

    let since = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let edited = all["items"][0]["id"].as_str().expect("id").to_owned();
    let withdrawn = all["items"][1]["id"].as_str().expect("id").to_owned();
    let events: Value = app.json("/api/v1/events?limit=1").await;
    let binned = events["items"][0]["id"].as_str().expect("id").to_owned();

    let publication = |id: &str| format!("/api/v1/editorial/publications/{id}");
    let revised = Some(r#"{"summary": "Résumé revu pour la copie partenaire."}"#);
    change(
        &app,
        &editor.token,
        Method::PATCH,
        &publication(&edited),
        "",
        revised,
    )
    .await;
    let withdrawn_path = publication(&withdrawn);
    change(
        &app,
        &editor.token,
        Method::POST,
        &withdrawn_path,
        "/unpublish",
        None,
    )
    .await;
    let event = format!("/api/v1/editorial/events/{binned}");
    change(&app, &editor.token, Method::DELETE, &event, "", None).await;

    let changed: Value = app
        .json(&format!(
            "/api/v1/publications?updated_since={since}&sort=updated"
        ))
        .await;
    let ids = strings(&changed["items"], "id");
    assert_eq!(ids, [edited.as_str()]);
    assert_eq!(
        changed["items"][0]["summary"],
        "Résumé revu pour la copie partenaire."
    );

    let gone: Value = app.json(&format!("/api/v1/deletions?since={since}")).await;
    let gone: Vec<(String, String)> = gone["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|w| {
            (
                w["type"].as_str().unwrap_or_default().to_owned(),
                w["id"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        gone,
        [
            ("publication".to_owned(), withdrawn.clone()),
            ("event".to_owned(), binned.clone())
        ]
    );
    let events_only: Value = app
        .json(&format!("/api/v1/deletions?since={since}&type=event"))
        .await;
    assert_eq!(events_only["items"].as_array().map(Vec::len), Some(1));
    // Before the changes, nothing had been withdrawn yet.
    let earlier: Value = app.json("/api/v1/deletions").await;
    assert_eq!(earlier["items"].as_array().map(Vec::len), Some(2));
    // Paged like the lists.
    let first: Value = app.json("/api/v1/deletions?limit=1").await;
    assert_eq!(
        (
            &first["total"],
            &first["page_count"],
            &first["items"][0]["id"]
        ),
        (&json!(2), &json!(2), &json!(withdrawn))
    );
    let second: Value = app.json("/api/v1/deletions?limit=1&page=2").await;
    assert_eq!(second["items"][0]["id"], json!(binned));
    let beyond: Value = app.json("/api/v1/deletions?limit=1&page=3").await;
    assert_eq!(beyond["items"].as_array().map(Vec::len), Some(0));
    app.problem("/api/v1/deletions?limit=1000", 400).await;
    app.problem("/api/v1/deletions?since=hier", 400).await;
    app.problem("/api/v1/publications?updated_since=demain", 400)
        .await;
}

for_both_backends!(
    calendars_give_paris_times_stable_uids_and_growing_sequences,
    a_partner_mirror_catches_up_with_changes_and_withdrawals,
);

async fn widgets_fit_in_partners_iframes(app: TestApp) {
    let response = app
        .get("/widgets/publications?theme=conseils-citoyens")
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(header(&response, "content-type").starts_with("text/html"));
    assert!(header(&response, "content-security-policy").contains("frame-ancestors *"));
    let html = response.text().await.unwrap_or_default();
    let expected: Value = app
        .json("/api/v1/publications?theme=conseils-citoyens&limit=5")
        .await;
    let items = expected["items"].as_array().cloned().unwrap_or_default();
    assert!(!items.is_empty());
    assert_eq!(html.matches("<li>").count(), items.len());
    for item in &items {
        let slug = item["slug"].as_str().unwrap_or_default();
        assert!(html.contains(&format!("/publications/{slug}\"")), "{slug}");
    }
    assert!(
        html.contains("<html lang=\"fr\">") && html.contains("<h1>Dernières publications</h1>")
    );
    assert!(
        html.contains("passerelle:hauteur"),
        "la hauteur est envoyée à la page hôte"
    );
    assert!(
        html.contains("/publications?theme=conseils-citoyens\""),
        "lien vers la liste filtrée"
    );

    // Events: upcoming by default (none in the seed), any period when asked.
    let upcoming = app
        .get("/widgets/evenements?territory=departement-34")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(upcoming.contains("Aucun événement à venir"), "{upcoming}");
    let all = app
        .get("/widgets/evenements?territory=departement-34&when=all&limit=2")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert_eq!(all.matches("<li>").count(), 2);
    let problem = app
        .problem("/widgets/evenements?theme=nulle-part", 400)
        .await;
    assert!(problem.detail.contains("theme"));
}

/// Whatever `Host` or `X-Forwarded-Host` a client sends, absolute links name the site's
/// own origin: a shared cache in front would otherwise hand one client's links to all.
async fn links_never_take_their_origin_from_request_headers(app: TestApp) {
    for path in [
        "/api/v1/publications.atom",
        "/api/v1/events.ics",
        "/api/v1/publications?format=csv",
        "/sitemap.xml",
        "/robots.txt",
        "/widgets/publications",
    ] {
        let response = app
            .request(Method::GET, path)
            .header("Host", "evil.example")
            .header("X-Forwarded-Host", "evil.example")
            .header("X-Forwarded-Proto", "https")
            .header("Forwarded", "host=evil.example;proto=https")
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let body = response.text().await.expect("body");
        assert!(!body.contains("evil.example"), "{path}: {body}");
        assert!(body.contains(&app.address), "{path}: {body}");
    }
}

/// A calendar is the same whatever page was asked: pages are not part of it, so they
/// neither make a new copy nor show in its address.
async fn calendars_are_the_same_whatever_page_is_asked(app: TestApp) {
    let (_, plain) = text(&app, "/api/v1/events.ics", None).await;
    assert!(plain.contains("BEGIN:VEVENT"), "{plain}");
    for query in ["page=7", "limit=3&page=2", "page=1&limit=100"] {
        let (_, paged) = text(&app, &format!("/api/v1/events.ics?{query}"), None).await;
        assert_eq!(paged, plain, "{query}");
    }
    let (_, sorted) = text(&app, "/api/v1/events.ics?sort=date_asc&page=3", None).await;
    assert_eq!(sorted, plain);
}

on_both_backends!(
    links_never_take_their_origin_from_request_headers,
    calendars_are_the_same_whatever_page_is_asked,
    widgets_fit_in_partners_iframes,
    atom_feeds_follow_the_lists_filters,
    lists_export_to_csv_for_french_spreadsheets,
    details_speak_schema_org_when_asked,
    the_sitemap_lists_every_public_page,
);
