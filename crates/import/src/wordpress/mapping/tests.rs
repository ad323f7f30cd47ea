use super::*;
use chrono::NaiveTime;

fn post(meta: &[(&str, &str)]) -> Post {
    Post {
        id: 9,
        meta: meta
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..Post::default()
    }
}

fn scheduled(meta: &[(&str, &str)]) -> EventInput {
    let mut input = EventInput::default();
    schedule(&post(meta), &mut input, &mut Vec::new());
    input
}

fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

fn time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text, "%H:%M").ok()
}

#[test]
fn event_times_are_read_in_their_zone_and_given_in_paris_time() {
    let paris = scheduled(&[
        ("_EventStartDate", "2019-03-14 09:30:00"),
        ("_EventEndDate", "2019-03-14 17:00:00"),
        ("_EventTimezone", "Europe/Paris"),
    ]);
    assert_eq!(
        (
            paris.start_date,
            paris.start_time,
            paris.end_date,
            paris.end_time
        ),
        (day("2019-03-14"), time("09:30"), None, time("17:00"))
    );
    // UTC+1 in summer is an hour behind Paris.
    let offset = scheduled(&[
        ("_EventStartDate", "2019-06-14 09:00:00"),
        ("_EventEndDate", "2019-06-14 12:00:00"),
        ("_EventTimezone", "UTC+1"),
    ]);
    assert_eq!(
        (offset.start_time, offset.end_time),
        (time("10:00"), time("13:00"))
    );
    let empty = scheduled(&[
        ("_EventStartDate", "2019-06-14 09:00:00"),
        ("_EventEndDate", "2019-06-14 12:00:00"),
        ("_EventTimezone", ""),
    ]);
    assert_eq!(empty.start_time, time("09:00"));
    let montreal = scheduled(&[
        ("_EventStartDate", "2019-06-14 09:00:00"),
        ("_EventEndDate", "2019-06-14 10:00:00"),
        ("_EventTimezone", "America/Montreal"),
    ]);
    assert_eq!(montreal.start_time, time("15:00"));
}

#[test]
fn an_all_day_event_keeps_its_days_and_no_times() {
    let input = scheduled(&[
        ("_EventStartDate", "2019-11-05 00:00:00"),
        ("_EventEndDate", "2019-11-06 23:59:59"),
        ("_EventAllDay", "yes"),
        ("_EventTimezone", "UTC+1"),
    ]);
    assert_eq!(
        (
            input.start_date,
            input.end_date,
            input.start_time,
            input.end_time
        ),
        (day("2019-11-05"), day("2019-11-06"), None, None)
    );
}

#[test]
fn zones_as_the_events_calendar_writes_them() {
    assert!(
        matches!(zone_of("UTC+5.5"), Some(Zone::Offset(o)) if o.local_minus_utc() == 5 * 3600 + 1800)
    );
    assert!(
        matches!(zone_of("UTC-3:30"), Some(Zone::Offset(o)) if o.local_minus_utc() == -(3 * 3600 + 1800))
    );
    assert_eq!(zone_of("Lune/Mer"), None);
}

#[test]
fn kinds_are_read_from_categories_then_titles() {
    let mut guide = post(&[]);
    guide.terms.push(Term {
        domain: "category".into(),
        slug: "guides".into(),
        label: "Guides pratiques".into(),
    });
    assert_eq!(
        publication_kind(&guide, "Un texte", ""),
        PublicationKind::Guide
    );
    assert_eq!(
        publication_kind(&post(&[]), "État des lieux des quartiers", ""),
        PublicationKind::EtatDesLieux
    );
    assert_eq!(
        publication_kind(&post(&[]), "Note", "[Voir](https://www.youtube.com/x)"),
        PublicationKind::Video
    );
    assert_eq!(
        publication_kind(&post(&[]), "Note", ""),
        PublicationKind::Document
    );
    assert_eq!(
        event_kind(&post(&[]), "Séminaire régional", &mut Vec::new()),
        EventKind::Seminaire
    );
    let mut warnings = Vec::new();
    assert_eq!(
        event_kind(&post(&[]), "Assemblée", &mut warnings),
        EventKind::Rencontre
    );
    assert_eq!(warnings.len(), 1);
}

#[test]
fn accented_slugs_are_decoded_before_they_are_cleaned() {
    let mut p = post(&[]);
    p.name = "%c3%a9galit%c3%a9-femmes-hommes".into();
    assert_eq!(slug_of(&p, "Titre"), "egalite-femmes-hommes");
    p.name = String::new();
    assert_eq!(slug_of(&p, "Un titre"), "un-titre");
}
