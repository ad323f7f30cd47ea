//! What the mail worker does at each round besides sending: reminders before events,
//! the notices of events the team changed, and erasing personal data kept long enough.

use std::collections::HashMap;

use chrono::{Duration, Months, NaiveDate, Utc};
use diesel::prelude::*;
use passerelle_types::{EventInput, EventStatus, RegistrationStatus};

use super::{
    lock_event, new_link, public_event, published_event, send, write_to_all, MailFacts, MailKind,
    Postman,
};
use crate::audit::{change, record_audit, Actor, AuditRecord};
use crate::db::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::models::RegistrationRecord;
use crate::schema::{
    event_notices, events, registration_settings, registration_tallies, registrations, territories,
};

/// Writes the reminders due: for each published event whose settings ask for one and that
/// starts within its reminder delay, one message to each confirmed registration not yet
/// reminded. Run by the mail worker at each round; returns how many were written.
pub fn queue_reminders(conn: &mut DbConnection, postman: &dyn Postman) -> StoreResult<usize> {
    let now = Utc::now();
    let today = now.date_naive();
    let candidates: Vec<(String, i32)> = registration_settings::table
        .inner_join(events::table.on(events::id.eq(registration_settings::event_id)))
        .filter(crate::publicly_visible!(events))
        .filter(registration_settings::reminder_hours.is_not_null())
        .filter(events::start_date.ge(today - Duration::days(1)))
        .filter(events::start_date.le(today + Duration::days(31)))
        .select((
            events::id,
            registration_settings::reminder_hours.assume_not_null(),
        ))
        .load(conn)?;
    let mut written = 0;
    for (event_id, hours) in candidates {
        let (_, start) = published_event(conn, &event_id)?;
        let due = start.is_some_and(|at| at > now && at - Duration::hours(i64::from(hours)) <= now);
        if !due {
            continue;
        }
        written += conn.transaction(|conn| {
            lock_event(conn, &event_id)?;
            let people: Vec<RegistrationRecord> = registrations::table
                .filter(registrations::event_id.eq(&event_id))
                .filter(registrations::status.eq(RegistrationStatus::Confirmed.as_str()))
                .filter(registrations::reminded_at.is_null())
                .select(RegistrationRecord::as_select())
                .load(conn)?;
            if people.is_empty() {
                return Ok(0);
            }
            let event = public_event(conn, &event_id)?;
            for person in &people {
                let secret = new_link(conn, postman, &person.id)?;
                send(
                    conn,
                    postman,
                    MailFacts::new(
                        MailKind::BeforeEvent,
                        &person.email,
                        &person.name,
                        &event,
                        &secret,
                    ),
                )?;
                diesel::update(registrations::table.filter(registrations::id.eq(&person.id)))
                    .set(registrations::reminded_at.eq(Some(crate::now())))
                    .execute(conn)?;
            }
            Ok::<usize, StoreError>(people.len())
        })?;
    }
    Ok(written)
}

/// Registrations never confirmed within their 48 hours are erased.
pub fn forget_unconfirmed(conn: &mut DbConnection) -> StoreResult<usize> {
    Ok(diesel::delete(
        registrations::table
            .filter(registrations::status.eq(RegistrationStatus::Pending.as_str()))
            .filter(registrations::confirm_before.lt(crate::now())),
    )
    .execute(conn)?)
}

/// What the team changed in an event that its registrants must hear of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Notice {
    Changed,
    Postponed,
    Cancelled,
}

impl Notice {
    fn as_str(self) -> &'static str {
        match self {
            Notice::Changed => "changed",
            Notice::Postponed => "postponed",
            Notice::Cancelled => "cancelled",
        }
    }

    fn mail(name: &str) -> Option<MailKind> {
        match name {
            "changed" => Some(MailKind::EventChanged),
            "postponed" => Some(MailKind::EventPostponed),
            "cancelled" => Some(MailKind::EventCancelled),
            _ => None,
        }
    }

    /// Cancelled or postponed, said once; else a new date, time or place.
    fn between(before: &EventInput, after: &EventInput) -> Option<Notice> {
        let status = |e: &EventInput| e.status.unwrap_or(EventStatus::Scheduled);
        if status(after) != status(before) {
            return match status(after) {
                EventStatus::Cancelled => Some(Notice::Cancelled),
                EventStatus::Postponed => Some(Notice::Postponed),
                EventStatus::Scheduled => Some(Notice::Changed),
            };
        }
        let when_and_where = |e: &EventInput| {
            (
                e.start_date,
                e.start_time,
                e.end_date,
                e.end_time,
                e.venue_name.clone(),
                e.venue_address.clone(),
                e.venue_commune.clone(),
                e.online_url.clone(),
            )
        };
        (status(after) == EventStatus::Scheduled && when_and_where(before) != when_and_where(after))
            .then_some(Notice::Changed)
    }
}

/// Called when an event's content is replaced, in the same transaction: if people are
/// registered and the change concerns them (cancelled, postponed, a new date or place),
/// a notice is written, which the mail worker turns into their messages.
pub(crate) fn notice_changes(
    conn: &mut DbConnection,
    event_id: &str,
    before: &EventInput,
    after: &EventInput,
) -> StoreResult<()> {
    let Some(notice) = Notice::between(before, after) else {
        return Ok(());
    };
    let concerned: i64 = registrations::table
        .filter(registrations::event_id.eq(event_id))
        .filter(registrations::status.eq_any([
            RegistrationStatus::Confirmed.as_str(),
            RegistrationStatus::Waiting.as_str(),
        ]))
        .count()
        .get_result(conn)?;
    if concerned == 0 {
        return Ok(());
    }
    diesel::insert_into(event_notices::table)
        .values((
            event_notices::event_id.eq(event_id),
            event_notices::kind.eq(notice.as_str()),
            event_notices::created_at.eq(crate::now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Turns each notice into one message per person registered (confirmed or waiting), with
/// the event as it now is; a notice of an event no longer published is dropped. Run by
/// the mail worker at each round; returns how many messages were written.
pub fn send_notices(conn: &mut DbConnection, postman: &dyn Postman) -> StoreResult<usize> {
    let notices: Vec<(i64, String, String)> = event_notices::table
        .order(event_notices::id.asc())
        .select((
            event_notices::id,
            event_notices::event_id,
            event_notices::kind,
        ))
        .limit(100)
        .load(conn)?;
    let mut written = 0;
    for (id, event_id, kind) in notices {
        written += crate::db::write_transaction(conn, |conn| {
            // Another instance took it meanwhile.
            let gone = diesel::delete(event_notices::table.filter(event_notices::id.eq(id)))
                .execute(conn)?
                == 0;
            let Some(kind) = Notice::mail(&kind).filter(|_| !gone) else {
                return Ok(0);
            };
            lock_event(conn, &event_id)?;
            match public_event(conn, &event_id) {
                Ok(event) => write_to_all(conn, postman, &event, kind, None),
                Err(StoreError::NotFound(_)) => Ok(0),
                Err(error) => Err(error),
            }
        })?;
    }
    Ok(written)
}

/// The département of each commune, by its name (in the form `slugify` gives) and by its
/// INSEE code; a name two départements share is left out rather than guessed.
fn departements_of_communes(conn: &mut DbConnection) -> StoreResult<HashMap<String, String>> {
    let departements: HashMap<String, String> = crate::reference::departements(conn)?
        .into_iter()
        .map(|(id, code, _name)| (id, code))
        .collect();
    let communes: Vec<(String, String, Option<String>)> = territories::table
        .filter(territories::level.eq("commune"))
        .select((territories::code, territories::name, territories::parent_id))
        .load(conn)?;
    let mut by_name: HashMap<String, Option<String>> = HashMap::new();
    let mut found = HashMap::new();
    for (code, name, parent) in communes {
        let Some(departement) = parent.and_then(|p| departements.get(&p).cloned()) else {
            continue;
        };
        found.insert(code, departement.clone());
        by_name
            .entry(passerelle_types::slugify(&name))
            .and_modify(|known| {
                if known.as_deref() != Some(departement.as_str()) {
                    *known = None;
                }
            })
            .or_insert(Some(departement));
    }
    found.extend(
        by_name
            .into_iter()
            .filter_map(|(name, d)| d.map(|d| (name, d))),
    );
    Ok(found)
}

/// The département code of a commune as a person typed it; empty when not recognised.
fn departement(known: &HashMap<String, String>, commune: Option<&str>) -> String {
    let Some(commune) = commune.map(str::trim).filter(|c| !c.is_empty()) else {
        return String::new();
    };
    known
        .get(commune)
        .or_else(|| known.get(&passerelle_types::slugify(commune)))
        .cloned()
        .unwrap_or_default()
}

/// The anonymous counts of registrations: (status, public, département, attended) → count.
pub(crate) type Counts = HashMap<(String, String, String, bool), i32>;

/// The counts of registrations still held (confirmed, waiting or cancelled: those
/// unconfirmed never were), by event.
pub(crate) fn live_counts(
    conn: &mut DbConnection,
    event_ids: &[String],
) -> StoreResult<HashMap<String, Counts>> {
    let known = departements_of_communes(conn)?;
    let rows: Vec<(String, String, String, Option<String>, bool)> = registrations::table
        .filter(registrations::event_id.eq_any(event_ids))
        .filter(registrations::status.ne(RegistrationStatus::Pending.as_str()))
        .select((
            registrations::event_id,
            registrations::status,
            registrations::audience,
            registrations::commune,
            registrations::attended,
        ))
        .load(conn)?;
    let mut counts: HashMap<String, Counts> = HashMap::new();
    for (event_id, status, audience, commune, attended) in rows {
        let key = (
            status,
            audience,
            departement(&known, commune.as_deref()),
            attended,
        );
        *counts.entry(event_id).or_default().entry(key).or_default() += 1;
    }
    Ok(counts)
}

/// Who erases personal data when their time is up.
fn upkeep_actor() -> Actor {
    Actor {
        id: None,
        email: "conservation des données".to_owned(),
    }
}

/// Erases the registrations of events that ended more than `months` ago, keeping only
/// their anonymous counts (by status, public, département, attended); each event so
/// treated is recorded in the audit log. Run by the mail worker; returns how many
/// registrations were erased.
pub fn erase_after_events(conn: &mut DbConnection, months: u32) -> StoreResult<usize> {
    let today = Utc::now().date_naive();
    let Some(limit) = today.checked_sub_months(Months::new(months)) else {
        return Ok(0);
    };
    let candidates: Vec<(String, Option<NaiveDate>, Option<NaiveDate>)> = events::table
        .filter(
            events::id.eq_any(
                registrations::table
                    .select(registrations::event_id)
                    .distinct(),
            ),
        )
        .filter(events::start_date.lt(limit))
        .select((events::id, events::start_date, events::end_date))
        .load(conn)?;
    let mut erased = 0;
    for (event_id, start, end) in candidates {
        if end.or(start).is_none_or(|last| last >= limit) {
            continue;
        }
        erased += crate::db::write_transaction(conn, |conn| {
            lock_event(conn, &event_id)?;
            let counts = live_counts(conn, std::slice::from_ref(&event_id))?
                .remove(&event_id)
                .unwrap_or_default();
            for ((status, audience, departement, attended), count) in &counts {
                let key = registration_tallies::table.filter(
                    registration_tallies::event_id
                        .eq(&event_id)
                        .and(registration_tallies::status.eq(status))
                        .and(registration_tallies::audience.eq(audience))
                        .and(registration_tallies::departement.eq(departement))
                        .and(registration_tallies::attended.eq(attended)),
                );
                let updated = diesel::update(key)
                    .set(registration_tallies::count.eq(registration_tallies::count + count))
                    .execute(conn)?;
                if updated == 0 {
                    diesel::insert_into(registration_tallies::table)
                        .values((
                            registration_tallies::event_id.eq(&event_id),
                            registration_tallies::status.eq(status),
                            registration_tallies::audience.eq(audience),
                            registration_tallies::departement.eq(departement),
                            registration_tallies::attended.eq(attended),
                            registration_tallies::count.eq(count),
                        ))
                        .execute(conn)?;
                }
            }
            let gone =
                diesel::delete(registrations::table.filter(registrations::event_id.eq(&event_id)))
                    .execute(conn)?;
            record_audit(
                conn,
                &upkeep_actor(),
                AuditRecord::unversioned(
                    "erase",
                    "event",
                    &event_id,
                    change("registrations", gone, 0),
                ),
            )?;
            tracing::info!(event = %event_id, registrations = gone, "données personnelles des inscriptions effacées, comptes anonymes gardés");
            Ok::<usize, StoreError>(gone)
        })?;
    }
    Ok(erased)
}
