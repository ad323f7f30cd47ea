//! Where an event's registrations stand: open or not, places left, waiting list; what the
//! public is told of it, and what a registration step checks first.

use chrono::{DateTime, TimeZone, Utc};
use diesel::prelude::*;
use passerelle_types::{
    EventStatus, RegistrationAvailability, RegistrationMode, RegistrationSettings,
    RegistrationStatus,
};

use super::settings_of;
use crate::db::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{events, registrations};
use crate::{normalize_key, parse_vocabulary};

/// A published event, by slug or id: its id and when it starts (Paris time), if dated.
pub(super) fn published_event(
    conn: &mut DbConnection,
    key: &str,
) -> StoreResult<(String, Option<DateTime<Utc>>)> {
    let key = normalize_key(key);
    let row: Option<(String, Option<chrono::NaiveDate>, Option<chrono::NaiveTime>)> = events::table
        .filter(crate::publicly_visible!(events))
        .filter(events::slug.eq(&key).or(events::id.eq(&key)))
        .select((events::id, events::start_date, events::start_time))
        .first(conn)
        .optional()?;
    let (id, date, time) =
        row.ok_or_else(|| StoreError::NotFound(format!("Aucun événement publié « {key} ».")))?;
    let start = date.and_then(|d| {
        let local = d.and_time(time.unwrap_or_default());
        chrono_tz::Europe::Paris
            .from_local_datetime(&local)
            .earliest()
            .map(|at| at.with_timezone(&Utc))
    });
    Ok((id, start))
}

pub(super) fn count_with(
    conn: &mut DbConnection,
    event_id: &str,
    status: RegistrationStatus,
) -> StoreResult<i64> {
    Ok(registrations::table
        .filter(registrations::event_id.eq(event_id))
        .filter(registrations::status.eq(status.as_str()))
        .count()
        .get_result(conn)?)
}

/// Where registrations to an event stand now.
pub(super) struct Standing {
    /// The event's slug, for the link to the form.
    pub(super) slug: String,
    pub(super) settings: RegistrationSettings,
    /// The form takes registrations now (dates, mode).
    pub(super) in_window: bool,
    pub(super) not_yet: bool,
    pub(super) places_left: Option<u32>,
    /// Cancelled or postponed by the team: no registration until it is scheduled again.
    pub(super) halted: Option<EventStatus>,
}

impl Standing {
    pub(super) fn full(&self) -> bool {
        self.places_left == Some(0)
    }

    fn availability(&self) -> RegistrationAvailability {
        let s = &self.settings;
        let passerelle = s.mode == Some(RegistrationMode::Passerelle);
        let message = match s.mode {
            None => "Pas d'inscription pour cet événement.".to_owned(),
            Some(RegistrationMode::External) => "Inscriptions sur un autre site.".to_owned(),
            Some(RegistrationMode::Passerelle) if self.halted == Some(EventStatus::Cancelled) => {
                "Inscriptions closes : l'événement est annulé.".to_owned()
            }
            Some(RegistrationMode::Passerelle) if self.halted.is_some() => {
                "Inscriptions suspendues : l'événement est reporté.".to_owned()
            }
            Some(RegistrationMode::Passerelle) if self.not_yet => match s.opens_at {
                Some(at) => format!(
                    "Inscriptions à partir du {}.",
                    passerelle_types::french_date(
                        at.with_timezone(&chrono_tz::Europe::Paris).date_naive()
                    )
                ),
                None => "Inscriptions bientôt ouvertes.".to_owned(),
            },
            Some(RegistrationMode::Passerelle) if !self.in_window => {
                "Inscriptions closes.".to_owned()
            }
            Some(RegistrationMode::Passerelle) => match self.places_left {
                None => "Inscriptions ouvertes.".to_owned(),
                Some(0) if s.waiting_list => "Complet — liste d'attente ouverte.".to_owned(),
                Some(0) => "Complet.".to_owned(),
                Some(1) => "Plus qu'une place.".to_owned(),
                Some(n) if n <= 10 => format!("Plus que {n} places."),
                Some(n) => format!("{n} places disponibles."),
            },
        };
        let open = passerelle && self.in_window && (!self.full() || s.waiting_list);
        let waiting_list_only = open && self.full();
        let (link, link_label) = match s.mode {
            Some(RegistrationMode::External) => (
                s.external_url.clone(),
                Some("S'inscrire sur le site de l'organisateur"),
            ),
            Some(RegistrationMode::Passerelle) if open => (
                Some(format!("/inscription/evenement/{}", self.slug)),
                Some(if waiting_list_only {
                    "S'inscrire sur la liste d'attente"
                } else {
                    "S'inscrire"
                }),
            ),
            _ => (None, None),
        };
        RegistrationAvailability {
            mode: s.mode,
            external_url: s.external_url.clone(),
            open,
            places_left: self.places_left,
            waiting_list_only,
            opens_at: s.opens_at,
            closes_at: s.closes_at,
            message,
            link_label: link.as_ref().and(link_label).map(str::to_owned),
            link,
        }
    }

    /// Refuses a registration the event cannot take now, saying why.
    pub(super) fn check_open(&self) -> StoreResult<()> {
        let availability = self.availability();
        if self.settings.mode != Some(RegistrationMode::Passerelle) || !self.in_window {
            return Err(StoreError::Closed(availability.message));
        }
        if !availability.open {
            return Err(StoreError::Conflict(
                "Complet : il n'y a plus de place pour cet événement.".to_owned(),
            ));
        }
        Ok(())
    }
}

pub(super) fn standing(
    conn: &mut DbConnection,
    event_id: &str,
    start: Option<DateTime<Utc>>,
) -> StoreResult<Standing> {
    let settings = settings_of(conn, event_id)?;
    let now = Utc::now();
    let not_yet = settings.opens_at.is_some_and(|at| now < at);
    let closes = settings.closes_at.or(start);
    let in_window = !not_yet && closes.is_none_or(|at| now < at);
    let places_left = match settings.capacity {
        Some(capacity) => {
            let taken = count_with(conn, event_id, RegistrationStatus::Confirmed)?;
            Some(u32::try_from((i64::from(capacity) - taken).max(0)).unwrap_or(0))
        }
        None => None,
    };
    let (slug, status): (String, String) = events::table
        .filter(events::id.eq(event_id))
        .select((events::slug, events::status))
        .first(conn)?;
    let halted = parse_vocabulary::<EventStatus>(&status, "état de l'événement")
        .ok()
        .filter(|s| *s != EventStatus::Scheduled);
    Ok(Standing {
        slug,
        settings,
        in_window: in_window && halted.is_none(),
        not_yet,
        places_left,
        halted,
    })
}

/// What the public is told of an event's registrations.
pub fn availability(conn: &mut DbConnection, event: &str) -> StoreResult<RegistrationAvailability> {
    let (id, start) = published_event(conn, event)?;
    Ok(standing(conn, &id, start)?.availability())
}
