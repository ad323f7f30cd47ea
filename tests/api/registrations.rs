//! Registering for an event, through the real server and a real SMTP server (aiosmtpd):
//! every message is received, parsed as MIME, its calendar read by a real iCalendar parser,
//! and its link followed — on SQLite and PostgreSQL.

use icalendar::{Calendar, Component, EventLike};
use mail_parser::{MessageParser, MimeHeaders};
use passerelle_tests::{
    assert_contains, for_both_backends, fresh_app_with_smtp, fresh_database, header,
    spawn_app_on_with, strings, test_settings, Backend, Expect, SmtpServer, StaffCredentials,
    TestApp,
};
use passerelle_types::{
    EditorialEvent, Registration, RegistrationAvailability, RegistrationList, RegistrationStatus,
    Role,
};
use reqwest::Method;
use serde_json::{json, Value};

/// A received message, as a reader and a test read it.
struct Received {
    to: String,
    subject: String,
    text: String,
    html: String,
    /// `.ics` attachments, as text.
    calendars: Vec<String>,
}

fn parse(raw: &[u8]) -> Received {
    let message = MessageParser::default().parse(raw).expect("a MIME message");
    Received {
        to: message
            .to()
            .and_then(|to| to.first())
            .and_then(|a| a.address())
            .unwrap_or_default()
            .to_owned(),
        subject: message.subject().unwrap_or_default().to_owned(),
        text: message.body_text(0).unwrap_or_default().into_owned(),
        html: message.body_html(0).unwrap_or_default().into_owned(),
        calendars: message
            .attachments()
            .filter(|part| part.attachment_name().is_some_and(|n| n.ends_with(".ics")))
            .map(|part| String::from_utf8_lossy(part.contents()).into_owned())
            .collect(),
    }
}

impl Received {
    /// The secret of the personal link the message carries (after `#`).
    fn secret(&self) -> String {
        let start =
            self.text.find("/inscription#").expect("a personal link") + "/inscription#".len();
        self.text[start..]
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned()
    }

    /// The API address of the registration its link opens.
    fn registration(&self) -> String {
        format!("/api/v1/registrations/{}", self.secret())
    }
}

/// The server with its mail going to `smtp`, on a database of its own.
fn app_with_mail(backend: Backend, smtp: &SmtpServer) -> Option<TestApp> {
    fresh_app_with_smtp(backend, smtp)
}

/// Where most of these tests start: a mail server, the server sending to it on a database
/// of its own, a team member of `role`, and a published event of `capacity` places —
/// in that order; `None` when the mail server or the backend is missing (and not required).
async fn setting(
    backend: Backend,
    role: Role,
    capacity: u32,
) -> Option<(SmtpServer, TestApp, StaffCredentials, EditorialEvent)> {
    let smtp = SmtpServer::start()?;
    let app = app_with_mail(backend, &smtp)?;
    let staff = app.staff(role);
    let event = event_with_places(&app, &staff.token, capacity).await;
    Some((smtp, app, staff, event))
}

/// A published event in March 2027 taking registrations on the site.
async fn event_with_places(app: &TestApp, token: &str, capacity: u32) -> EditorialEvent {
    let event = app
        .publish_event(
            token,
            json!({
                "title": "Rencontre des conseils citoyens du Gard", "kind": "rencontre",
                "start_date": "2027-03-12", "start_time": "09:30:00", "end_time": "16:30:00",
                "venue_name": "Maison de quartier Pissevin", "venue_commune": "commune-30189",
            }),
        )
        .await;
    let settings: Value = app
        .request_with(
            token,
            Method::PUT,
            &format!("/api/v1/editorial/events/{}/registration", event.id),
        )
        .json(&json!({
            "mode": "passerelle", "capacity": capacity, "waiting_list": true, "reminder_hours": 48
        }))
        .expect_json(200)
        .await;
    assert_eq!(settings["capacity"], capacity);
    event
}

/// The `n`-th of several people who register.
fn someone(n: usize) -> Value {
    person("Personne", &format!("personne{n}@exemple.fr"))
}

fn person(name: &str, email: &str) -> Value {
    json!({
        "name": name, "email": email, "audience": "conseil_citoyen", "commune": "Nîmes",
        "accessibility_needs": null, "consent": true, "newsletter": false
    })
}

async fn availability(app: &TestApp, slug: &str) -> RegistrationAvailability {
    app.request(Method::GET, &format!("/api/v1/events/{slug}/registration"))
        .expect_json(200)
        .await
}

async fn register(app: &TestApp, slug: &str, who: Value) {
    let answer: Value = app
        .request(
            Method::POST,
            &format!("/api/v1/events/{slug}/registrations"),
        )
        .json(&who)
        .expect_json(202)
        .await;
    assert!(
        answer["message"]
            .as_str()
            .is_some_and(|m| m.contains("48 heures")),
        "{answer}"
    );
}

async fn confirm(app: &TestApp, secret: &str) -> Registration {
    app.request(
        Method::POST,
        &format!("/api/v1/registrations/{secret}/confirm"),
    )
    .expect_json(200)
    .await
}

/// The messages received since `seen`, parsed; waits for `count` of them.
/// The one message sent since the last `seen`.
async fn next_one(smtp: &SmtpServer, seen: &mut usize) -> Received {
    let [mail] = next(smtp, seen, 1)
        .await
        .try_into()
        .ok()
        .expect("one message");
    mail
}

async fn next(smtp: &SmtpServer, seen: &mut usize, count: usize) -> Vec<Received> {
    let all = smtp.wait_for(*seen + count).await;
    let new: Vec<Received> = all[*seen..].iter().map(|raw| parse(raw)).collect();
    *seen = all.len();
    new
}

async fn register_confirm_wait_cancel_and_promote_by_email(backend: Backend) {
    let Some((smtp, app, _staff, event)) = setting(backend, Role::Editor, 2).await else {
        return;
    };
    let slug = event.slug.clone();
    assert_eq!(
        availability(&app, &slug).await.message,
        "Plus que 2 places."
    );
    // The event's page takes the same as a fragment of HTML, with the way to the form.
    let fragment = app
        .request(Method::GET, &format!("/api/v1/events/{slug}/registration"))
        .header("Accept", "text/html")
        .expect_status(200)
        .await;
    assert_eq!(
        header(&fragment, "content-type"),
        "text/html; charset=utf-8"
    );
    let fragment = fragment.text().await.unwrap_or_default();
    assert!(
        fragment.contains("<strong>Plus que 2 places.</strong>"),
        "{fragment}"
    );
    assert!(
        fragment.contains(&format!("href=\"/inscription/evenement/{slug}\"")),
        "{fragment}"
    );
    let mut seen = 0;

    // Léa registers, confirms through the emailed link, and gets the event for her calendar.
    register(&app, &slug, person("Léa Martin", "Lea.Martin@exemple.fr")).await;
    let mail = next_one(&smtp, &mut seen).await;
    assert_eq!(mail.to, "lea.martin@exemple.fr");
    assert_eq!(
        mail.subject,
        "Confirmez votre inscription : Rencontre des conseils citoyens du Gard"
    );
    assert!(
        mail.text.contains("Bonjour Léa Martin,") && mail.html.contains("<a href="),
        "{}",
        mail.text
    );
    let lea = mail.secret();
    let registration = confirm(&app, &lea).await;
    assert_eq!(
        (registration.status, registration.position),
        (RegistrationStatus::Confirmed, None)
    );
    let mail = next_one(&smtp, &mut seen).await;
    assert_eq!(
        mail.subject,
        "Inscription confirmée : Rencontre des conseils citoyens du Gard"
    );
    assert_contains(&mail.text, "Maison de quartier Pissevin");
    let calendar: Calendar = mail
        .calendars
        .first()
        .expect("an .ics attachment")
        .parse()
        .expect("a calendar");
    let entry = calendar
        .components
        .iter()
        .find_map(|c| c.as_event())
        .expect("an event");
    assert_eq!(
        entry.get_summary(),
        Some("Rencontre des conseils citoyens du Gard")
    );
    assert!(entry.get_location().is_some_and(|l| l.contains("Pissevin")));
    assert_eq!(mail.secret(), lea, "the same personal link");

    // Registering again with the same address sends the link again, not a second place.
    register(&app, &slug, person("Léa Martin", "lea.martin@exemple.fr")).await;
    let mail = next_one(&smtp, &mut seen).await;
    assert!(
        mail.subject.starts_with("Votre lien d'inscription"),
        "{}",
        mail.subject
    );
    let lea = mail.secret();
    assert_eq!(
        availability(&app, &slug).await.message,
        "Plus qu'une place."
    );

    // Bruno takes the last place; Chloé goes on the waiting list.
    register(&app, &slug, person("Bruno Garcia", "bruno@exemple.fr")).await;
    let bruno = next(&smtp, &mut seen, 1).await[0].secret();
    assert_eq!(
        confirm(&app, &bruno).await.status,
        RegistrationStatus::Confirmed
    );
    next(&smtp, &mut seen, 1).await;
    let full = availability(&app, &slug).await;
    assert_eq!(
        (
            full.places_left,
            full.waiting_list_only,
            full.message.as_str()
        ),
        (Some(0), true, "Complet — liste d'attente ouverte.")
    );
    register(&app, &slug, person("Chloé Roux", "chloe@exemple.fr")).await;
    let chloe = next(&smtp, &mut seen, 1).await[0].secret();
    let waiting = confirm(&app, &chloe).await;
    assert_eq!(
        (waiting.status, waiting.position),
        (RegistrationStatus::Waiting, Some(1))
    );
    let mail = next_one(&smtp, &mut seen).await;
    assert!(
        mail.subject.starts_with("Liste d'attente") && mail.text.contains("position 1"),
        "{}",
        mail.text
    );
    assert!(mail.calendars.is_empty());

    // Léa cancels: she is told, and Chloé gets her place, with the calendar and a new link.
    let cancelled: Registration = app
        .request(Method::DELETE, &format!("/api/v1/registrations/{lea}"))
        .expect_json(200)
        .await;
    assert_eq!(cancelled.status, RegistrationStatus::Cancelled);
    let mails = next(&smtp, &mut seen, 2).await;
    let to_lea = mails
        .iter()
        .find(|m| m.to == "lea.martin@exemple.fr")
        .expect("a message to Léa");
    assert!(to_lea.subject.starts_with("Inscription annulée"));
    let to_chloe = mails
        .iter()
        .find(|m| m.to == "chloe@exemple.fr")
        .expect("a message to Chloé");
    assert!(
        to_chloe.subject.starts_with("Une place s'est libérée"),
        "{}",
        to_chloe.subject
    );
    assert_eq!(to_chloe.calendars.len(), 1);
    let promoted: Registration = app.json(&to_chloe.registration()).await;
    assert_eq!(
        (promoted.status, promoted.position),
        (RegistrationStatus::Confirmed, None)
    );
    app.request(Method::GET, &format!("/api/v1/registrations/{chloe}"))
        .expect_problem(404)
        .await;

    // Nobody's name or address in what the public reads.
    let public = app
        .request(Method::GET, &format!("/api/v1/events/{slug}"))
        .answer()
        .await
        .text()
        .await
        .unwrap_or_default();
    for private in ["Léa", "lea.martin", "Chloé", "chloe@", "bruno@"] {
        assert!(!public.contains(private), "{private} in {public}");
    }
}

async fn registrations_are_refused_when_they_cannot_be_taken(backend: Backend) {
    let Some((smtp, app, editor, event)) = setting(backend, Role::Editor, 1).await else {
        return;
    };
    let path = format!("/api/v1/events/{}/registrations", event.slug);
    // Each field named, in French.
    let mut incomplete = person("", "pas-une-adresse");
    incomplete["consent"] = json!(false);
    incomplete["audience"] = Value::Null;
    let problem = app
        .request(Method::POST, &path)
        .json(&incomplete)
        .expect_problem(422)
        .await;
    let fields: Vec<&str> = problem.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["name", "email", "audience", "consent"]);
    app.request(Method::POST, "/api/v1/events/nulle-part/registrations")
        .json(&person("Ana", "ana@exemple.fr"))
        .expect_problem(404)
        .await;

    // Full without a waiting list: 409 once the place is taken.
    let settings_path = format!("/api/v1/editorial/events/{}/registration", event.id);
    let no_waiting = json!({"mode": "passerelle", "capacity": 1, "waiting_list": false});
    app.request_with(&editor.token, Method::PUT, &settings_path)
        .json(&no_waiting)
        .expect_json::<Value>(200)
        .await;
    register(&app, &event.slug, person("Ana", "ana@exemple.fr")).await;
    let ana = parse(&smtp.wait_for(1).await[0]).secret();
    confirm(&app, &ana).await;
    let full = app
        .request(Method::POST, &path)
        .json(&person("Yves", "yves@exemple.fr"))
        .expect_problem(409)
        .await;
    assert_contains(&full.detail, "Complet");

    // Closed: 410, and the page says so.
    let closed = json!({"mode": "passerelle", "closes_at": "2026-01-01T00:00:00Z", "opens_at": "2025-12-01T00:00:00Z"});
    app.request_with(&editor.token, Method::PUT, &settings_path)
        .json(&closed)
        .expect_json::<Value>(200)
        .await;
    assert_eq!(
        availability(&app, &event.slug).await.message,
        "Inscriptions closes."
    );
    app.request(Method::POST, &path)
        .json(&person("Yves", "yves@exemple.fr"))
        .expect_problem(410)
        .await;

    // The settings: editors only, checked.
    app.request(Method::PUT, &settings_path)
        .json(&json!({"mode": "passerelle"}))
        .expect_problem(401)
        .await;
    let invalid = app
        .request_with(&editor.token, Method::PUT, &settings_path)
        .json(&json!({"mode": "external", "capacity": 0}))
        .expect_problem(422)
        .await;
    let fields: Vec<&str> = invalid.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["external_url", "capacity"]);
}

async fn an_smtp_outage_delays_mail_and_loses_none(backend: Backend) {
    let Some(mut smtp) = SmtpServer::start() else {
        return;
    };
    let Some(app) = app_with_mail(backend, &smtp) else {
        return;
    };
    let editor = app.staff(Role::Editor);
    let event = event_with_places(&app, &editor.token, 10).await;
    register(&app, &event.slug, person("Ana", "ana@exemple.fr")).await;
    smtp.wait_for(1).await;
    // The mail server goes away; registrations go on, their messages wait in the outbox.
    smtp.stop();
    for n in 0..3 {
        register(&app, &event.slug, someone(n)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert_eq!(smtp.received().len(), 1);
    smtp.resume().expect("aiosmtpd starts again");
    let received: Vec<Received> = smtp
        .wait_for(4)
        .await
        .iter()
        .map(|raw| parse(raw))
        .collect();
    let mut to: Vec<&str> = received[1..].iter().map(|m| m.to.as_str()).collect();
    to.sort_unstable();
    assert_eq!(
        to,
        [
            "personne0@exemple.fr",
            "personne1@exemple.fr",
            "personne2@exemple.fr"
        ]
    );
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(smtp.received().len(), 4, "each message once");
}

async fn the_team_lists_exports_and_marks_registrations(backend: Backend) {
    let Some((smtp, app, admin, event)) = setting(backend, Role::Admin, 1).await else {
        return;
    };
    let mut seen = 0;
    for (name, email) in [
        ("Ana Lopez", "ana@exemple.fr"),
        ("Yves Morel", "yves@exemple.fr"),
    ] {
        register(&app, &event.slug, person(name, email)).await;
        let secret = next(&smtp, &mut seen, 1).await[0].secret();
        confirm(&app, &secret).await;
        next(&smtp, &mut seen, 1).await;
    }
    register(&app, &event.slug, person("Zoé Petit", "zoe@exemple.fr")).await;
    next(&smtp, &mut seen, 1).await;
    let path = format!("/api/v1/editorial/events/{}/registrations", event.id);

    // Signed out: nothing; signed in: everyone, places first, then the waiting list.
    app.request(Method::GET, &path).expect_problem(401).await;
    let list: RegistrationList = app
        .request_with(&admin.token, Method::GET, &path)
        .expect_json(200)
        .await;
    let names: Vec<&str> = list.items.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Ana Lopez", "Yves Morel", "Zoé Petit"]);
    assert_eq!(
        (
            list.counts.confirmed,
            list.counts.waiting,
            list.counts.pending,
            list.capacity
        ),
        (1, 1, 1, Some(1))
    );
    let search: RegistrationList = app
        .request_with(
            &admin.token,
            Method::GET,
            &format!("{path}?q=morel&status=waiting"),
        )
        .expect_json(200)
        .await;
    assert_eq!(search.items.len(), 1);
    assert_eq!(search.items[0].position, Some(1));

    // Ana gives up her place (by the team): Yves is told it is his; Ana is marked absent.
    let ana = list.items[0].id;
    let changed: Value = app
        .request_with(&admin.token, Method::PATCH, &format!("{path}/{ana}"))
        .json(&json!({"status": "cancelled"}))
        .expect_json(200)
        .await;
    assert_eq!(changed["status"], "cancelled");
    let mail = next_one(&smtp, &mut seen).await;
    assert_eq!(
        (
            mail.to.as_str(),
            mail.subject.starts_with("Une place s'est libérée")
        ),
        ("yves@exemple.fr", true)
    );
    let yves = list.items[1].id;
    let marked: Value = app
        .request_with(&admin.token, Method::PATCH, &format!("{path}/{yves}"))
        .json(&json!({"attended": true}))
        .expect_json(200)
        .await;
    assert_eq!(
        (marked["status"].as_str(), marked["attended"].as_bool()),
        (Some("confirmed"), Some(true))
    );
    app.request_with(&admin.token, Method::PATCH, &format!("{path}/{yves}"))
        .json(&json!({"status": "pending"}))
        .expect_problem(422)
        .await;

    // The export: French spreadsheet conventions, read back by a real CSV reader; audited.
    let response = app
        .request_with(
            &admin.token,
            Method::GET,
            &format!("/api/v1/editorial/events/{}/registrations.csv", event.id),
        )
        .answer()
        .await;
    assert_eq!(response.status(), 200);
    let body = response.bytes().await.expect("body");
    let text = std::str::from_utf8(&body)
        .expect("UTF-8")
        .trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[0][0], "Yves Morel");
    assert_eq!((&rows[0][6], &rows[0][8]), ("Inscription confirmée", "oui"));
    let audit: Value = app
        .request_with(&admin.token, Method::GET, "/api/v1/audit?entity=event")
        .expect_json(200)
        .await;
    let actions = strings(&audit["items"], "action");
    assert!(
        actions.contains(&"export") && actions.contains(&"registration_settings"),
        "{actions:?}"
    );
}

async fn a_reminder_leaves_once_when_the_event_nears(backend: Backend) {
    let Some(smtp) = SmtpServer::start() else {
        return;
    };
    let Some(app) = app_with_mail(backend, &smtp) else {
        return;
    };
    let editor = app.staff(Role::Editor);
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1)).date_naive();
    let event: EditorialEvent = app
        .request_with(&editor.token, Method::POST, "/api/v1/editorial/events")
        .json(&json!({
            "title": "Atelier de demain", "kind": "formation",
            "start_date": tomorrow.to_string(), "start_time": "10:00:00",
            "venue_name": "Maison de quartier", "venue_commune": "commune-30189",
        }))
        .expect_json(201)
        .await;
    let publish = format!("/api/v1/editorial/events/{}/publish", event.id);
    assert_eq!(
        app.request_with(&editor.token, Method::POST, &publish)
            .answer()
            .await
            .status(),
        200
    );
    let settings = format!("/api/v1/editorial/events/{}/registration", event.id);
    let body = json!({"mode": "passerelle", "capacity": 10, "reminder_hours": 48});
    app.request_with(&editor.token, Method::PUT, &settings)
        .json(&body)
        .expect_json::<Value>(200)
        .await;
    register(&app, &event.slug, person("Ana", "ana@exemple.fr")).await;
    let mut seen = 0;
    let secret = next(&smtp, &mut seen, 1).await[0].secret();
    confirm(&app, &secret).await;
    // The confirmation, then — the event being within 48 hours — the reminder.
    let mails = next(&smtp, &mut seen, 2).await;
    let reminder = mails
        .iter()
        .find(|m| m.subject == "Rappel : Atelier de demain")
        .expect("a reminder");
    assert_eq!(reminder.to, "ana@exemple.fr");
    assert_contains(&reminder.text, "Maison de quartier");
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(smtp.received().len(), 3, "one reminder only");
}

async fn sent_messages_and_unconfirmed_registrations_are_forgotten_in_time(backend: Backend) {
    let Some((smtp, app, _staff, event)) = setting(backend, Role::Editor, 10).await else {
        return;
    };
    for n in 0..2 {
        register(&app, &event.slug, someone(n)).await;
    }
    smtp.wait_for(2).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let mut pooled = app.db.connection().expect("a connection");
    let conn = &mut **pooled;
    use diesel::prelude::*;
    use passerelle_store::schema::{outbox, registrations};
    // One message sent long ago, one registration past its 48 hours.
    let old = passerelle_store::now() - chrono::Duration::days(40);
    let first: i64 = outbox::table
        .select(outbox::id)
        .order(outbox::id)
        .first(conn)
        .expect("a message");
    diesel::update(outbox::table.filter(outbox::id.eq(first)))
        .set(outbox::sent_at.eq(Some(old)))
        .execute(conn)
        .expect("aged");
    diesel::update(registrations::table.filter(registrations::email.eq("personne0@exemple.fr")))
        .set(registrations::confirm_before.eq(Some(old)))
        .execute(conn)
        .expect("aged");
    let recent = passerelle_store::now() - chrono::Duration::days(30);
    assert_eq!(
        passerelle_store::outbox::forget_sent(conn, recent).expect("forgotten"),
        1
    );
    assert_eq!(
        passerelle_store::registrations::forget_unconfirmed(conn).expect("forgotten"),
        1
    );
    let left: Vec<String> = registrations::table
        .select(registrations::email)
        .load(conn)
        .expect("rows");
    assert_eq!(left, ["personne1@exemple.fr"]);
    let messages: i64 = outbox::table.count().get_result(conn).expect("count");
    assert_eq!(messages, 1);
}

for_both_backends!(
    sent_messages_and_unconfirmed_registrations_are_forgotten_in_time,
    a_reminder_leaves_once_when_the_event_nears,
    the_team_lists_exports_and_marks_registrations,
    register_confirm_wait_cancel_and_promote_by_email,
    registrations_are_refused_when_they_cannot_be_taken,
    an_smtp_outage_delays_mail_and_loses_none,
);

/// Two instances on one PostgreSQL, each with its mail worker: every message leaves once.
#[tokio::test]
async fn two_instances_on_one_postgresql_send_each_message_once() {
    let Some(smtp) = SmtpServer::start() else {
        return;
    };
    let Some(db) = fresh_database(Backend::Postgresql) else {
        return;
    };
    let settings = || {
        let mut settings = test_settings(None);
        settings.mail.smtp = Some(smtp.settings());
        settings.mail_every = std::time::Duration::from_millis(20);
        settings
    };
    let first = spawn_app_on_with(db.clone(), settings());
    let second = spawn_app_on_with(db, settings());
    let editor = first.staff(Role::Editor);
    let event = event_with_places(&first, &editor.token, 100).await;
    let people = 8;
    for n in 0..people {
        let app = if n % 2 == 0 { &first } else { &second };
        register(app, &event.slug, someone(n)).await;
    }
    let confirmations: Vec<Received> = smtp
        .wait_for(people)
        .await
        .iter()
        .map(|raw| parse(raw))
        .collect();
    for (n, mail) in confirmations.iter().enumerate() {
        let app = if n % 2 == 0 { &second } else { &first };
        confirm(app, &mail.secret()).await;
    }
    smtp.wait_for(2 * people).await;
    // Time for a second sending, if any worker were to make one.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let mut sent: Vec<(String, String)> = smtp
        .received()
        .iter()
        .map(|raw| parse(raw))
        .map(|m| (m.to, m.subject))
        .collect();
    assert_eq!(sent.len(), 2 * people);
    sent.sort();
    sent.dedup();
    assert_eq!(sent.len(), 2 * people, "a message left twice");
}

mod afterwards;
