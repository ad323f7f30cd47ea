//! The year's activity: events held, registrations and attendance (the anonymous counts
//! left after erasure included), publics and départements reached, publications released.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Utc};
use diesel::prelude::*;
use passerelle_types::{
    ActivityReport, Audience, EventStatus, MonthActivity, RegistrationStatus, Tally,
};

use crate::db::DbConnection;
use crate::error::StoreResult;
use crate::registrations::{live_counts, Counts};
use crate::schema::{events, publications, registration_tallies};

/// The figures of `year`.
pub fn activity_report(conn: &mut DbConnection, year: i32) -> StoreResult<ActivityReport> {
    let today = Utc::now().date_naive();
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN);
    let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX);
    let held: Vec<(String, NaiveDate, String)> = events::table
        .filter(crate::publicly_visible!(events))
        .filter(events::start_date.between(first, last.min(today)))
        .select((
            events::id,
            events::start_date.assume_not_null(),
            events::status,
        ))
        .load(conn)?;
    let held: Vec<(String, NaiveDate)> = held
        .into_iter()
        .filter(|(_, _, status)| status == EventStatus::Scheduled.as_str())
        .map(|(id, date, _)| (id, date))
        .collect();
    let ids: Vec<String> = held.iter().map(|(id, _)| id.clone()).collect();
    let mut counts = live_counts(conn, &ids)?;
    let tallies: Vec<(String, String, String, String, bool, i32)> = registration_tallies::table
        .filter(registration_tallies::event_id.eq_any(&ids))
        .select((
            registration_tallies::event_id,
            registration_tallies::status,
            registration_tallies::audience,
            registration_tallies::departement,
            registration_tallies::attended,
            registration_tallies::count,
        ))
        .load(conn)?;
    for (event_id, status, audience, departement, attended, count) in tallies {
        *counts
            .entry(event_id)
            .or_default()
            .entry((status, audience, departement, attended))
            .or_default() += count;
    }

    let mut months: Vec<MonthActivity> = (1..=12)
        .map(|month| MonthActivity {
            month,
            events: 0,
            registrations: 0,
            attended: 0,
            publications: 0,
        })
        .collect();
    let mut report = ActivityReport {
        year,
        years: Vec::new(),
        events_held: u32::try_from(held.len()).unwrap_or(u32::MAX),
        registrations: 0,
        attended: 0,
        waiting: 0,
        publications_published: 0,
        months: Vec::new(),
        audiences: Vec::new(),
        departements: Vec::new(),
    };
    let mut audiences: BTreeMap<String, u32> = BTreeMap::new();
    let mut departements: BTreeMap<String, u32> = BTreeMap::new();
    for (id, date) in &held {
        let month = &mut months[date.month0() as usize];
        month.events += 1;
        let empty = Counts::new();
        for ((status, audience, departement, attended), count) in counts.get(id).unwrap_or(&empty) {
            let count = u32::try_from(*count).unwrap_or(0);
            if *attended {
                report.attended += count;
                month.attended += count;
            }
            if status == RegistrationStatus::Waiting.as_str() {
                report.waiting += count;
            }
            if status != RegistrationStatus::Confirmed.as_str() {
                continue;
            }
            report.registrations += count;
            month.registrations += count;
            *audiences.entry(audience.clone()).or_default() += count;
            *departements.entry(departement.clone()).or_default() += count;
        }
    }

    let released: Vec<(Option<NaiveDate>, Option<i32>)> = publications::table
        .filter(crate::publicly_visible!(publications))
        .select((publications::publication_date, publications::year))
        .load(conn)?;
    let mut years: BTreeSet<i32> = BTreeSet::from([today.year()]);
    for (date, its_year) in released {
        let Some(released_in) = date.map(|d| d.year()).or(its_year) else {
            continue;
        };
        years.insert(released_in);
        if released_in == year {
            report.publications_published += 1;
            if let Some(date) = date {
                months[date.month0() as usize].publications += 1;
            }
        }
    }
    let event_years: Vec<Option<NaiveDate>> = events::table
        .filter(crate::publicly_visible!(events))
        .filter(events::start_date.le(today))
        .select(events::start_date)
        .load(conn)?;
    years.extend(event_years.into_iter().flatten().map(|d| d.year()));
    report.years = years.into_iter().rev().collect();
    report.months = months;

    report.audiences = Audience::ALL
        .iter()
        .map(|a| (a.as_str().to_owned(), a.label().to_owned()))
        .chain([(String::new(), "Non renseigné".to_owned())])
        .filter_map(|(key, label)| {
            let count = audiences.get(&key).copied().unwrap_or(0);
            (count > 0).then_some(Tally { key, label, count })
        })
        .collect();
    let names: BTreeMap<String, String> = crate::reference::departements(conn)?
        .into_iter()
        .map(|(_id, code, name)| (code, name))
        .collect();
    let mut by_departement: Vec<Tally> = departements
        .into_iter()
        .map(|(key, count)| Tally {
            label: match names.get(&key) {
                Some(name) => format!("{name} ({key})"),
                None if key.is_empty() => "Commune non reconnue".to_owned(),
                None => key.clone(),
            },
            key,
            count,
        })
        .collect();
    // Most first; the unrecognised last whatever its count.
    by_departement.sort_by(|a, b| {
        (a.key.is_empty(), std::cmp::Reverse(a.count), &a.key).cmp(&(
            b.key.is_empty(),
            std::cmp::Reverse(b.count),
            &b.key,
        ))
    });
    report.departements = by_departement;
    Ok(report)
}
