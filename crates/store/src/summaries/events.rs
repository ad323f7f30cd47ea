//! Event summaries: what lists, cards and related items show of an event. Dates are
//! Europe/Paris wall-clock dates.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone};
use chrono_tz::Europe::Paris;
use diesel::prelude::*;
use passerelle_types::{EventSummary, Schedule, Venue, TIME_ZONE};

use super::Filed;
use crate::db::DbConnection;
use crate::error::StoreResult;
use crate::reference::Reference;
use crate::schema::events;
use crate::{item_year, parse_id, parse_vocabulary, Dated};

#[derive(Queryable, Selectable)]
#[diesel(table_name = events)]
struct EventHead {
    id: String,
    slug: String,
    title: String,
    summary: String,
    kind: String,
    status: String,
    start_date: Option<NaiveDate>,
    start_time: Option<NaiveTime>,
    end_date: Option<NaiveDate>,
    end_time: Option<NaiveTime>,
    period: Option<String>,
    year: Option<i32>,
    venue_name: Option<String>,
    venue_address: Option<String>,
    venue_commune_id: Option<String>,
    online_url: Option<String>,
    updated_at: NaiveDateTime,
    version: i32,
}

/// A Paris wall-clock time as an instant with the offset in force that day. A time that
/// does not exist (skipped by the spring change) is read one hour later, as clocks do.
fn in_paris(date: NaiveDate, time: NaiveTime) -> Option<DateTime<FixedOffset>> {
    let local = date.and_time(time);
    Paris
        .from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            Paris
                .from_local_datetime(&(local + TimeDelta::hours(1)))
                .earliest()
        })
        .map(|t| t.fixed_offset())
}

fn schedule(head: &EventHead) -> Schedule {
    Schedule {
        start_date: head.start_date,
        start_time: head.start_time,
        end_date: head.end_date,
        end_time: head.end_time,
        starts_at: head
            .start_date
            .zip(head.start_time)
            .and_then(|(d, t)| in_paris(d, t)),
        ends_at: head
            .end_date
            .or(head.start_date)
            .zip(head.end_time)
            .and_then(|(d, t)| in_paris(d, t)),
        period: head.period.clone(),
        year: item_year(head.start_date, head.year),
        time_zone: TIME_ZONE.to_owned(),
    }
}

super::summaries_from!(
    events as EventHead => EventSummary,
    filed in event_themes, event_territories by event_id,
    summary
);

/// The summary of a published event, from its row.
fn summary(head: EventHead, filed: Filed, reference: &Reference) -> StoreResult<EventSummary> {
    let venue = if head.venue_name.is_some()
        || head.venue_address.is_some()
        || head.venue_commune_id.is_some()
    {
        Some(Venue {
            name: head.venue_name.clone(),
            address: head.venue_address.clone(),
            commune: head
                .venue_commune_id
                .as_deref()
                .map(|id| reference.territory(id))
                .transpose()?,
        })
    } else {
        None
    };
    Ok(EventSummary {
        id: parse_id(&head.id)?,
        kind: parse_vocabulary(&head.kind, "type d'événement")?,
        status: parse_vocabulary(&head.status, "statut d'événement")?,
        schedule: schedule(&head),
        venue,
        themes: filed.themes,
        territories: filed.territories,
        slug: head.slug,
        title: head.title,
        summary: head.summary,
        online_url: head.online_url,
        updated_at: head.updated_at.and_utc(),
        version: head.version,
    })
}

impl Dated for EventSummary {
    fn dated(&self) -> (Option<NaiveDate>, Option<i32>, &str) {
        (self.schedule.start_date, self.schedule.year, &self.title)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn paris_offsets_follow_summer_and_winter_time() {
        let nine = NaiveTime::from_hms_opt(9, 0, 0).expect("valid time");
        let summer = in_paris(date(2019, 10, 5), nine).expect("exists");
        let winter = in_paris(date(2019, 11, 22), nine).expect("exists");
        assert_eq!(summer.to_rfc3339(), "2019-10-05T09:00:00+02:00");
        assert_eq!(winter.to_rfc3339(), "2019-11-22T09:00:00+01:00");
    }

    #[test]
    fn a_time_skipped_by_the_spring_change_is_read_an_hour_later() {
        let skipped = NaiveTime::from_hms_opt(2, 30, 0).expect("valid time");
        let t = in_paris(date(2026, 3, 29), skipped).expect("resolved");
        assert_eq!(t.to_rfc3339(), "2026-03-29T03:30:00+02:00");
    }
}
