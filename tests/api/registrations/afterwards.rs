//! What follows registering: the team adds someone by hand and writes to everyone; a
//! change to the event reaches those registered; a person changes their details; the
//! personal data go some months after the event, their counts stay in the year's figures.

use chrono::{Datelike, Months};
use diesel::prelude::*;
use passerelle_store::schema::{audit_log, events, registrations};
use passerelle_tests::{
    assert_contains, expect_json, expect_problem, fresh_database, spawn_app_on_with, test_settings,
    Backend, SmtpServer, TestApp,
};
use passerelle_types::{ActivityReport, MessageReceipt, Registration, RegistrationStatus, Role};
use reqwest::Method;
use serde_json::{json, Value};

use passerelle_tests::Expect;

use super::{event_with_places, next, person, setting, Received};

/// Asks to register someone as the team does.
async fn ask_to_add(
    app: &TestApp,
    token: Option<&str>,
    event: &str,
    who: Value,
) -> reqwest::Response {
    let path = format!("/api/v1/editorial/events/{event}/registrations");
    let mut request = app.request(Method::POST, &path).json(&who);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.answer().await
}

/// Registers someone as the team does; the answer's registration.
async fn add(app: &TestApp, token: &str, event: &str, who: Value) -> Registration {
    expect_json(ask_to_add(app, Some(token), event, who).await, 201).await
}

/// Changes fields of an event, with the version it is at.
async fn patch_event(app: &TestApp, token: &str, event: &str, body: Value) {
    let path = format!("/api/v1/editorial/events/{event}");
    let current = app.request_with(token, Method::GET, &path).answer().await;
    let tag = passerelle_tests::header(&current, "etag");
    let response = app
        .request_with(token, Method::PATCH, &path)
        .header("If-Match", tag)
        .json(&body)
        .send()
        .await
        .expect("request");
    assert_eq!(
        response.status(),
        200,
        "{}",
        response.text().await.unwrap_or_default()
    );
}

/// A person changes their registration through their link.
async fn change_mine(app: &TestApp, mine: &str, details: Value) -> reqwest::Response {
    app.request(Method::PATCH, mine)
        .json(&details)
        .answer()
        .await
}

fn raw_text(smtp: &SmtpServer, index: usize) -> String {
    String::from_utf8_lossy(&smtp.received()[index]).into_owned()
}

async fn the_team_adds_someone_who_then_changes_their_details(backend: Backend) {
    let Some((smtp, app, editor, event)) = setting(backend, Role::Editor, 1).await else {
        return;
    };
    let id = event.id.to_string();
    let mut seen = 0;

    let added = add(
        &app,
        &editor.token,
        &id,
        person("Aïcha Benali", "Aicha@Exemple.fr"),
    )
    .await;
    assert_eq!(added.status, RegistrationStatus::Confirmed);
    assert_eq!(added.email, "aicha@exemple.fr");
    let mail = next(&smtp, &mut seen, 1).await.remove(0);
    assert_eq!(mail.to, "aicha@exemple.fr");
    assert!(
        mail.subject.starts_with("Inscription confirmée"),
        "{}",
        mail.subject
    );
    assert_eq!(mail.calendars.len(), 1);
    let raw = raw_text(&smtp, 0);
    assert!(raw.contains("List-Unsubscribe: <http"), "{raw}");

    // The same address again: already there; the next one goes on the waiting list.
    let again = ask_to_add(
        &app,
        Some(&editor.token),
        &id,
        person("Aïcha", "aicha@exemple.fr"),
    );
    expect_problem(again.await, 409).await;
    let waiting = add(
        &app,
        &editor.token,
        &id,
        person("Bruno Leroy", "bruno@exemple.fr"),
    )
    .await;
    assert_eq!(waiting.status, RegistrationStatus::Waiting);
    assert_eq!(waiting.position, Some(1));
    assert!(next(&smtp, &mut seen, 1).await[0]
        .subject
        .starts_with("Liste d'attente"));
    let mut without_consent = person("Chloé", "chloe@exemple.fr");
    without_consent["consent"] = json!(false);
    let refused = ask_to_add(&app, Some(&editor.token), &id, without_consent);
    let refused = expect_problem(refused.await, 422).await;
    assert_eq!(refused.errors[0].field, "consent");
    let anonymous = ask_to_add(&app, None, &id, person("Chloé", "chloe@exemple.fr"));
    expect_problem(anonymous.await, 401).await;

    // Aïcha changes her details through her link; her address stays.
    let mine = mail.registration();
    let changed: Registration = expect_json(
        change_mine(
            &app,
            &mine,
            json!({
                "name": "Aïcha Benali-Martin", "organisation": "Centre social Pissevin",
                "audience": "professionnel", "commune": "Nîmes",
                "accessibility_needs": "Boucle magnétique", "newsletter": true
            }),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(changed.name, "Aïcha Benali-Martin");
    assert_eq!(changed.email, "aicha@exemple.fr");
    assert_eq!(changed.status, RegistrationStatus::Confirmed);
    assert_eq!(
        changed.accessibility_needs.as_deref(),
        Some("Boucle magnétique")
    );
    let blank = expect_problem(
        change_mine(&app, &mine, json!({"name": " ", "audience": "elu"})).await,
        422,
    )
    .await;
    assert_eq!(blank.errors[0].field, "name");
    let with_address = expect_problem(
        change_mine(
            &app,
            &mine,
            json!({"name": "A", "audience": "elu", "email": "autre@exemple.fr"}),
        )
        .await,
        422,
    )
    .await;
    assert_contains(&with_address.detail, "email");
    let list: passerelle_types::RegistrationList = app
        .request_with(
            &editor.token,
            Method::GET,
            &format!("/api/v1/editorial/events/{id}/registrations"),
        )
        .expect_json(200)
        .await;
    assert_eq!(list.items[0].name, "Aïcha Benali-Martin");
    assert_eq!(
        list.items[0].organisation.as_deref(),
        Some("Centre social Pissevin")
    );

    // Cancelled, the registration no longer changes.
    app.request(Method::DELETE, &mine)
        .expect_json::<Registration>(200)
        .await;
    let late = change_mine(&app, &mine, json!({"name": "A", "audience": "elu"})).await;
    expect_problem(late, 409).await;
}

async fn the_team_writes_to_all_and_changes_to_the_event_reach_them(backend: Backend) {
    let Some((smtp, app, editor, event)) = setting(backend, Role::Editor, 1).await else {
        return;
    };
    let id = event.id.to_string();
    let mut seen = 0;
    add(
        &app,
        &editor.token,
        &id,
        person("Aïcha", "aicha@exemple.fr"),
    )
    .await;
    add(
        &app,
        &editor.token,
        &id,
        person("Bruno", "bruno@exemple.fr"),
    )
    .await;
    let first_links: Vec<String> = next(&smtp, &mut seen, 2)
        .await
        .iter()
        .map(Received::secret)
        .collect();

    let empty = app
        .request_with(
            &editor.token,
            Method::POST,
            &format!("/api/v1/editorial/events/{id}/messages"),
        )
        .json(&json!({"subject": "", "body": "Texte"}))
        .expect_problem(422)
        .await;
    assert_eq!(empty.errors[0].field, "subject");
    let receipt: MessageReceipt = app
        .request_with(
            &editor.token,
            Method::POST,
            &format!("/api/v1/editorial/events/{id}/messages"),
        )
        .json(&json!({
            "subject": "Changement de salle",
            "body": "Nous serons en salle Camargue.\n\nL'accueil reste au rez-de-chaussée."
        }))
        .expect_json(202)
        .await;
    assert_eq!(receipt.recipients, 2);
    let mut notes = next(&smtp, &mut seen, 2).await;
    notes.sort_by(|a, b| a.to.cmp(&b.to));
    assert_eq!(notes[0].to, "aicha@exemple.fr");
    assert_eq!(notes[1].to, "bruno@exemple.fr");
    for note in &notes {
        assert!(
            note.subject.starts_with("Changement de salle — "),
            "{}",
            note.subject
        );
        assert!(note.text.contains("L'accueil reste au rez-de-chaussée."));
        assert!(note.html.contains("<p>Nous serons en salle Camargue.</p>"));
        // Each message carries a working link, which replaces the one before.
        let read: Registration = app.json(&note.registration()).await;
        assert_eq!(read.email, note.to);
    }
    for old in &first_links {
        app.request(Method::GET, &format!("/api/v1/registrations/{old}"))
            .expect_status(404)
            .await;
    }

    // A new date reaches both, with the calendar entry to replace.
    patch_event(
        &app,
        &editor.token,
        &id,
        json!({"start_date": "2027-03-19"}),
    )
    .await;
    let moved = next(&smtp, &mut seen, 2).await;
    for mail in &moved {
        assert!(
            mail.subject.starts_with("Changement : "),
            "{}",
            mail.subject
        );
        assert_contains(&mail.text, "19 mars 2027");
        let calendar: icalendar::Calendar = mail.calendars[0].parse().expect("an iCalendar file");
        let entry = calendar
            .components
            .iter()
            .find_map(|c| c.as_event())
            .expect("an event");
        use icalendar::Component;
        assert!(entry
            .property_value("DTSTART")
            .is_some_and(|d| d.starts_with("20270319")));
    }
    // A change that does not concern them (the summary) sends nothing.
    patch_event(
        &app,
        &editor.token,
        &id,
        json!({"summary": "Une journée d'échanges."}),
    )
    .await;
    // Cancelled: they are told, and the calendar entry says so.
    patch_event(&app, &editor.token, &id, json!({"status": "cancelled"})).await;
    let cancelled = next(&smtp, &mut seen, 2).await;
    for mail in &cancelled {
        assert!(
            mail.subject.starts_with("Événement annulé"),
            "{}",
            mail.subject
        );
        assert!(mail.calendars[0].contains("STATUS:CANCELLED"));
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(smtp.received().len(), seen, "nothing else left");
    // A cancelled event takes no more registrations, and says why.
    assert_eq!(
        super::availability(&app, &event.slug).await.message,
        "Inscriptions closes : l'événement est annulé."
    );
    let path = format!("/api/v1/events/{}/registrations", event.slug);
    app.request(Method::POST, &path)
        .json(&person("Zoé", "zoe@exemple.fr"))
        .expect_problem(410)
        .await;
}

async fn personal_data_go_months_after_the_event_and_the_counts_stay(backend: Backend) {
    let Some(smtp) = SmtpServer::start() else {
        return;
    };
    let Some(db) = fresh_database(backend) else {
        return;
    };
    let mut settings = test_settings(None);
    settings.mail.smtp = Some(smtp.settings());
    settings.mail.cleanup_every = std::time::Duration::from_millis(200);
    let app = spawn_app_on_with(db, settings);
    let editor = app.staff(Role::Editor);
    let admin = app.staff(Role::Admin);
    let event = event_with_places(&app, &editor.token, 10).await;
    let id = event.id.to_string();
    let present = add(
        &app,
        &editor.token,
        &id,
        person("Aïcha", "aicha@exemple.fr"),
    )
    .await;
    let mut elsewhere = person("Bruno", "bruno@exemple.fr");
    elsewhere["audience"] = json!("elu");
    elsewhere["commune"] = json!("Quelque part");
    add(&app, &editor.token, &id, elsewhere).await;
    app.request_with(
        &editor.token,
        Method::PATCH,
        &format!("/api/v1/editorial/events/{id}/registrations/{}", present.id),
    )
    .json(&json!({"attended": true}))
    .expect_json::<Registration>(200)
    .await;
    smtp.wait_for(2).await;

    // The event ended four months ago: past the three months registrations are kept.
    let held = chrono::Utc::now().date_naive() - Months::new(4);
    {
        let mut pooled = app.db.connection().expect("a connection");
        diesel::update(events::table.filter(events::id.eq(&id)))
            .set((
                events::start_date.eq(Some(held)),
                events::end_date.eq(None::<chrono::NaiveDate>),
            ))
            .execute(&mut **pooled)
            .expect("moved");
    }
    let mut left = i64::MAX;
    for _ in 0..50 {
        let mut pooled = app.db.connection().expect("a connection");
        left = registrations::table
            .filter(registrations::event_id.eq(&id))
            .count()
            .get_result(&mut **pooled)
            .expect("count");
        if left == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(left, 0, "the worker erases them by itself");
    let erased: Vec<String> = {
        let mut pooled = app.db.connection().expect("a connection");
        audit_log::table
            .filter(audit_log::action.eq("erase"))
            .select(audit_log::entity_id)
            .load(&mut **pooled)
            .expect("audit")
    };
    assert_eq!(erased, std::slice::from_ref(&id));

    // What stays: the counts, in the year's figures.
    let year = held.year();
    let path = format!("/api/v1/editorial/report?year={year}");
    app.request_with(&editor.token, Method::GET, &path)
        .expect_problem(403)
        .await;
    let report: ActivityReport = app
        .request_with(&admin.token, Method::GET, &path)
        .expect_json(200)
        .await;
    assert_eq!(report.year, year);
    assert!(report.years.contains(&year));
    assert_eq!(report.registrations, 2);
    assert_eq!(report.attended, 1);
    assert!(report.events_held >= 1);
    let month = &report.months[held.month0() as usize];
    assert_eq!((month.registrations, month.attended), (2, 1));
    let audiences: Vec<(&str, u32)> = report
        .audiences
        .iter()
        .map(|t| (t.key.as_str(), t.count))
        .collect();
    assert_eq!(audiences, [("elu", 1), ("conseil_citoyen", 1)]);
    let places: Vec<(&str, &str, u32)> = report
        .departements
        .iter()
        .map(|t| (t.key.as_str(), t.label.as_str(), t.count))
        .collect();
    assert_eq!(
        places,
        [("30", "Gard (30)", 1), ("", "Commune non reconnue", 1)]
    );
    let bad = app
        .request_with(
            &admin.token,
            Method::GET,
            "/api/v1/editorial/report?year=1900",
        )
        .expect_problem(400)
        .await;
    assert_contains(&bad.detail, "2000 à 2100");

    // The same in a spreadsheet: read by a real CSV parser.
    let csv = app
        .request_with(
            &admin.token,
            Method::GET,
            &format!("/api/v1/editorial/report.csv?year={year}"),
        )
        .answer()
        .await;
    assert_eq!(csv.status(), 200);
    let bytes = csv.bytes().await.expect("body");
    let text = String::from_utf8(bytes.to_vec()).expect("UTF-8");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    let find = |section: &str, element: &str, what: &str| {
        rows.iter()
            .find(|r| &r[1] == section && &r[2] == element && &r[3] == what)
            .map(|r| r[4].to_owned())
    };
    assert_eq!(
        find("Année", &year.to_string(), "Inscriptions confirmées").as_deref(),
        Some("2")
    );
    assert_eq!(
        find("Département", "Gard (30)", "Inscriptions confirmées").as_deref(),
        Some("1")
    );
    assert_eq!(
        find("Public", "Élu·e", "Inscriptions confirmées").as_deref(),
        Some("1")
    );
}

passerelle_tests::for_both_backends!(
    the_team_adds_someone_who_then_changes_their_details,
    the_team_writes_to_all_and_changes_to_the_event_reach_them,
    personal_data_go_months_after_the_event_and_the_counts_stay,
);
