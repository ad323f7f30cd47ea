//! iCalendar (RFC 5545) for calendar applications, with RFC 7986's calendar name and
//! refresh interval.
//!
//! Written here rather than with a builder crate: the feed has one shape of event, and
//! what matters — Paris wall-clock times under a VTIMEZONE, folding at 75 octets without
//! splitting a character, text escaping — is each pinned by a test here and checked with
//! a real calendar parser (ical.js, the one of Thunderbird) in the browser tests.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Europe::Paris;
use passerelle_types::{Event, EventStatus, EventSummary, Venue, TIME_ZONE};

use crate::Site;

/// What a calendar says of itself.
pub struct CalendarInfo<'a> {
    /// Shown by calendar applications as the subscription's name.
    pub name: &'a str,
    pub description: &'a str,
    /// The feed's own address.
    pub source: &'a str,
}

/// How often subscribers should fetch the calendar again.
const REFRESH: &str = "PT1H";

/// A calendar of events. Events without a known day (only a period or a year) cannot be
/// placed in a calendar and are left out.
pub fn calendar(site: &Site, info: &CalendarInfo<'_>, events: &[EventSummary]) -> String {
    let mut out = Lines::default();
    open_calendar(&mut out, site, info);
    for event in events {
        write_event(&mut out, site, event, &[]);
    }
    out.line("END:VCALENDAR");
    out.0
}

/// One event as a calendar of its own, its links (programme, registration, online
/// meeting) written into the description.
pub fn single_event(site: &Site, event: &Event) -> String {
    let mut out = Lines::default();
    let info = CalendarInfo {
        name: &event.summary.title,
        description: &event.summary.summary,
        source: &site.url(&format!("/api/v1/events/{}.ics", event.summary.slug)),
    };
    open_calendar(&mut out, site, &info);
    let links: Vec<(String, String)> = event
        .links
        .iter()
        .map(|link| (link.label.clone(), link.url.clone()))
        .collect();
    write_event(&mut out, site, &event.summary, &links);
    out.line("END:VCALENDAR");
    out.0
}

fn open_calendar(out: &mut Lines, site: &Site, info: &CalendarInfo<'_>) {
    out.line("BEGIN:VCALENDAR");
    out.line("VERSION:2.0");
    out.property("PRODID", &format!("-//{}//Passerelle//FR", site.publisher));
    out.line("CALSCALE:GREGORIAN");
    out.line("METHOD:PUBLISH");
    out.text("NAME", info.name);
    out.text("X-WR-CALNAME", info.name);
    out.text("DESCRIPTION", info.description);
    out.text("X-WR-CALDESC", info.description);
    out.property("SOURCE;VALUE=URI", info.source);
    out.property("URL;VALUE=URI", &site.url("/evenements"));
    out.property("REFRESH-INTERVAL;VALUE=DURATION", REFRESH);
    out.property("X-PUBLISHED-TTL", REFRESH);
    out.property("X-WR-TIMEZONE", TIME_ZONE);
    write_time_zone(out);
}

/// Europe/Paris as its two yearly rules (EU summer time: last Sunday of March and of
/// October, at 01:00 UTC). The offsets are read from the time-zone database, not written
/// here.
fn write_time_zone(out: &mut Lines) {
    let year = Utc::now().year();
    let offset = |month: u32| {
        NaiveDate::from_ymd_opt(year, month, 15)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .map(|noon| {
                Paris
                    .from_utc_datetime(&noon)
                    .offset()
                    .fix()
                    .local_minus_utc()
            })
            .unwrap_or_default()
    };
    let (winter, summer) = (utc_offset(offset(1)), utc_offset(offset(7)));
    out.line("BEGIN:VTIMEZONE");
    out.property("TZID", TIME_ZONE);
    // Summer time from the last Sunday of March at 2:00, winter time from the last Sunday
    // of October at 3:00.
    for (part, from, to, name, start, month) in [
        ("DAYLIGHT", &winter, &summer, "CEST", "19700329T020000", 3),
        ("STANDARD", &summer, &winter, "CET", "19701025T030000", 10),
    ] {
        out.line(&format!("BEGIN:{part}"));
        out.property("TZOFFSETFROM", from);
        out.property("TZOFFSETTO", to);
        out.property("TZNAME", name);
        out.property("DTSTART", start);
        out.property("RRULE", &format!("FREQ=YEARLY;BYMONTH={month};BYDAY=-1SU"));
        out.line(&format!("END:{part}"));
    }
    out.line("END:VTIMEZONE");
}

/// `+0100` for 3,600 seconds east of UTC.
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("{sign}{:02}{:02}", minutes / 60, minutes % 60)
}

fn write_event(out: &mut Lines, site: &Site, event: &EventSummary, links: &[(String, String)]) {
    let schedule = &event.schedule;
    let Some(start_date) = schedule.start_date else {
        return;
    };
    let page = site.event_page(&event.slug);
    out.line("BEGIN:VEVENT");
    out.property("UID", &format!("{}@passerelle", event.id));
    out.property("DTSTAMP", &utc(event.updated_at));
    out.property("LAST-MODIFIED", &utc(event.updated_at));
    out.property("SEQUENCE", &event.version.max(0).to_string());
    match schedule.start_time {
        Some(start_time) => {
            out.property(
                &format!("DTSTART;TZID={TIME_ZONE}"),
                &local(start_date, start_time),
            );
            if let Some(end_time) = schedule.end_time {
                let end_date = schedule.end_date.unwrap_or(start_date);
                out.property(
                    &format!("DTEND;TZID={TIME_ZONE}"),
                    &local(end_date, end_time),
                );
            }
        }
        None => {
            // A whole day (or days): the end is the day after the last, exclusive.
            let last = schedule.end_date.unwrap_or(start_date).max(start_date);
            out.property("DTSTART;VALUE=DATE", &day(start_date));
            if let Some(after) = last.succ_opt() {
                out.property("DTEND;VALUE=DATE", &day(after));
            }
        }
    }
    out.text("SUMMARY", &event.title);
    // Many calendar applications show only the description: the page and the links go
    // there too.
    let mut description = event.summary.clone();
    description.push_str(&format!("\n\nPage de l'événement : {page}"));
    if let Some(online) = &event.online_url {
        description.push_str(&format!("\nRéunion en ligne : {online}"));
    }
    for (label, url) in links {
        description.push_str(&format!("\n{label} : {url}"));
    }
    out.text("DESCRIPTION", &description);
    if let Some(location) = event.venue.as_ref().and_then(location) {
        out.text("LOCATION", &location);
    }
    out.property("URL;VALUE=URI", &page);
    if let Some(online) = &event.online_url {
        // RFC 7986: the clients that know it offer to join.
        out.property(
            "CONFERENCE;VALUE=URI;FEATURE=VIDEO;LABEL=Réunion en ligne",
            online,
        );
    }
    out.property(
        "STATUS",
        match event.status {
            EventStatus::Cancelled => "CANCELLED",
            EventStatus::Postponed => "TENTATIVE",
            _ => "CONFIRMED",
        },
    );
    out.text("CATEGORIES", event.kind.label());
    out.line("END:VEVENT");
}

fn location(venue: &Venue) -> Option<String> {
    let parts: Vec<&str> = [
        venue.name.as_deref(),
        venue.address.as_deref(),
        venue.commune.as_ref().map(|c| c.name.as_str()),
    ]
    .into_iter()
    .flatten()
    .filter(|part| !part.trim().is_empty())
    .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn utc(instant: DateTime<Utc>) -> String {
    instant.format("%Y%m%dT%H%M%SZ").to_string()
}

fn local(date: NaiveDate, time: NaiveTime) -> String {
    date.and_time(time).format("%Y%m%dT%H%M%S").to_string()
}

fn day(date: NaiveDate) -> String {
    date.format("%Y%m%d").to_string()
}

/// Content lines, CRLF-terminated and folded.
#[derive(Default)]
struct Lines(String);

/// Longest content line, in octets, before the line break.
const MAX_OCTETS: usize = 75;

impl Lines {
    /// A property whose value is already in iCalendar syntax.
    fn property(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}:{value}"));
    }

    /// A TEXT property: the value is escaped.
    fn text(&mut self, name: &str, value: &str) {
        self.property(name, &escape(value));
    }

    /// Folds the line after 75 octets (continuation lines start with a space, which
    /// counts), never inside a UTF-8 character.
    fn line(&mut self, line: &str) {
        let mut width = 0;
        for ch in line.chars() {
            let octets = ch.len_utf8();
            if width + octets > MAX_OCTETS {
                self.0.push_str("\r\n ");
                width = 1;
            }
            self.0.push(ch);
            width += octets;
        }
        self.0.push_str("\r\n");
    }
}

/// RFC 5545 § 3.3.11: backslash, semicolon, comma and line breaks.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.replace("\r\n", "\n").chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' | '\r' => out.push_str("\\n"),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let mut lines = Lines::default();
        let value = "é".repeat(100);
        lines.text("SUMMARY", &value);
        for line in lines.0.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= MAX_OCTETS, "{} octets: {line}", line.len());
        }
        let unfolded = lines.0.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{value}\r\n"));
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(
            escape("Nîmes; salle 2, étage\\1\nentrée B"),
            "Nîmes\\; salle 2\\, étage\\\\1\\nentrée B"
        );
    }

    #[test]
    fn offsets_are_written_as_hours_and_minutes() {
        assert_eq!(utc_offset(3600), "+0100");
        assert_eq!(utc_offset(7200), "+0200");
        assert_eq!(utc_offset(-16200), "-0430");
    }
}
