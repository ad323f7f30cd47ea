//! Registrations for events: the settings the team gives an event; the public's
//! registrations, confirmed through an emailed link, put on the waiting list once the
//! places are taken, cancelled and replaced by the first one waiting; and the message each
//! step sends, written to the outbox in the same transaction as the step.

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use diesel::prelude::*;
use passerelle_types::{
    Event, NewRegistration, Registration, RegistrationAvailability, RegistrationChange,
    RegistrationCounts, RegistrationList, RegistrationMode, RegistrationQuery,
    RegistrationSettings, RegistrationStatus, CONFIRM_HOURS,
};

use crate::audit::{record_audit, Actor, AuditRecord};
use crate::db::DbConnection;
use crate::editorial::claim_write_lock;
use crate::error::{StoreError, StoreResult};
use crate::outbox::{enqueue, Outgoing};
use crate::schema::{events, outbox, registration_settings, registrations};
use crate::{normalize_key, parse_id, parse_vocabulary};

/// Why a message leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailKind {
    /// Confirm your address through this link.
    Confirm,
    /// Already registered: here is your link again.
    Link,
    /// Registered, with the event for a calendar.
    Registered,
    /// On the waiting list, at this position.
    Waiting,
    /// A place freed up: registered.
    Promoted,
    Cancelled,
    /// The event is near: when and where, once more.
    BeforeEvent,
}

impl MailKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::Confirm => "confirm",
            MailKind::Link => "link",
            MailKind::BeforeEvent => "reminder",
            MailKind::Registered => "registered",
            MailKind::Waiting => "waiting",
            MailKind::Promoted => "promoted",
            MailKind::Cancelled => "cancelled",
        }
    }
}

/// What a message says: to whom, about which event, with which personal link.
pub struct MailFacts<'a> {
    pub kind: MailKind,
    pub to: &'a str,
    pub name: &'a str,
    pub event: &'a Event,
    /// The secret of the person's link (see, change, cancel).
    pub secret: &'a str,
    /// Rank on the waiting list.
    pub position: Option<u32>,
}

/// Writes the messages and makes the links' secrets: the mail crate, so that this one
/// knows neither SMTP nor MIME.
pub trait Postman {
    /// A new secret for a personal link, and the digest of it that is kept.
    fn new_secret(&self) -> (String, String);
    /// The whole message, as it will travel.
    fn compose(&self, facts: &MailFacts<'_>) -> Result<String, String>;
}

/// A personal link as the request brings it: its secret and the digest looked up.
pub struct Link<'a> {
    pub secret: &'a str,
    pub digest: &'a str,
}

/// Messages to one address within an hour, beyond which registering waits.
const MESSAGES_PER_HOUR: i64 = 5;

#[derive(Queryable)]
struct SettingsRow {
    mode: String,
    external_url: Option<String>,
    capacity: Option<i32>,
    waiting_list: bool,
    opens_at: Option<NaiveDateTime>,
    closes_at: Option<NaiveDateTime>,
    reminder_hours: Option<i32>,
}

fn settings_of(conn: &mut DbConnection, event_id: &str) -> StoreResult<RegistrationSettings> {
    let row: Option<SettingsRow> = registration_settings::table
        .filter(registration_settings::event_id.eq(event_id))
        .select((
            registration_settings::mode,
            registration_settings::external_url,
            registration_settings::capacity,
            registration_settings::waiting_list,
            registration_settings::opens_at,
            registration_settings::closes_at,
            registration_settings::reminder_hours,
        ))
        .first(conn)
        .optional()?;
    let Some(row) = row else {
        return Ok(RegistrationSettings::default());
    };
    Ok(RegistrationSettings {
        mode: Some(parse_vocabulary(&row.mode, "mode d'inscription")?),
        external_url: row.external_url,
        capacity: row.capacity.and_then(|c| u32::try_from(c).ok()),
        waiting_list: row.waiting_list,
        opens_at: row.opens_at.map(|at| at.and_utc()),
        closes_at: row.closes_at.map(|at| at.and_utc()),
        reminder_hours: row.reminder_hours.and_then(|h| u32::try_from(h).ok()),
    })
}

/// An event of the editorial side, any state, by id: its id.
fn editorial_event_id(conn: &mut DbConnection, key: &str) -> StoreResult<String> {
    let key = normalize_key(key);
    events::table
        .filter(events::id.eq(&key))
        .select(events::id)
        .first(conn)
        .optional()?
        .ok_or_else(|| {
            StoreError::NotFound(format!("Aucun événement ne porte l'identifiant « {key} »."))
        })
}

/// The registration settings of an event (by id), drafts included.
pub fn registration_settings(
    conn: &mut DbConnection,
    event: &str,
) -> StoreResult<RegistrationSettings> {
    let id = editorial_event_id(conn, event)?;
    settings_of(conn, &id)
}

/// Replaces an event's registration settings; `mode: None` turns registration off (those
/// already registered stay).
pub fn set_registration_settings(
    conn: &mut DbConnection,
    actor: &Actor,
    event: &str,
    settings: RegistrationSettings,
) -> StoreResult<RegistrationSettings> {
    settings.validate().map_err(StoreError::Invalid)?;
    conn.transaction(|conn| {
        // SQLite: the write lock first, or a read then a write could not wait its turn.
        claim_write_lock(conn)?;
        let id = editorial_event_id(conn, event)?;
        let before = settings_of(conn, &id)?;
        diesel::delete(
            registration_settings::table.filter(registration_settings::event_id.eq(&id)),
        )
        .execute(conn)?;
        if let Some(mode) = settings.mode {
            diesel::insert_into(registration_settings::table)
                .values((
                    registration_settings::event_id.eq(&id),
                    registration_settings::mode.eq(mode.as_str()),
                    registration_settings::external_url.eq(&settings.external_url),
                    registration_settings::capacity.eq(settings.capacity.map(|c| c as i32)),
                    registration_settings::waiting_list.eq(settings.waiting_list),
                    registration_settings::opens_at.eq(settings.opens_at.map(|at| at.naive_utc())),
                    registration_settings::closes_at
                        .eq(settings.closes_at.map(|at| at.naive_utc())),
                    registration_settings::reminder_hours
                        .eq(settings.reminder_hours.map(|h| h as i32)),
                    registration_settings::updated_at.eq(crate::now()),
                ))
                .execute(conn)?;
        }
        if before != settings {
            record_audit(
                conn,
                actor,
                AuditRecord {
                    action: "registration_settings",
                    entity: "event",
                    entity_id: &id,
                    version: None,
                    changes: serde_json::json!({
                        "registration": {"before": before, "after": settings}
                    }),
                },
            )?;
        }
        settings_of(conn, &id)
    })
}

/// A published event, by slug or id: its id and when it starts (Paris time), if dated.
fn published_event(
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

fn count_with(
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
struct Standing {
    /// The event's slug, for the link to the form.
    slug: String,
    settings: RegistrationSettings,
    /// The form takes registrations now (dates, mode).
    in_window: bool,
    not_yet: bool,
    places_left: Option<u32>,
}

impl Standing {
    fn full(&self) -> bool {
        self.places_left == Some(0)
    }

    fn availability(&self) -> RegistrationAvailability {
        let s = &self.settings;
        let passerelle = s.mode == Some(RegistrationMode::Passerelle);
        let message = match s.mode {
            None => "Pas d'inscription pour cet événement.".to_owned(),
            Some(RegistrationMode::External) => "Inscriptions sur un autre site.".to_owned(),
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
    fn check_open(&self) -> StoreResult<()> {
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

fn standing(
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
    let slug = events::table
        .filter(events::id.eq(event_id))
        .select(events::slug)
        .first(conn)?;
    Ok(Standing {
        slug,
        settings,
        in_window,
        not_yet,
        places_left,
    })
}

/// What the public is told of an event's registrations.
pub fn availability(conn: &mut DbConnection, event: &str) -> StoreResult<RegistrationAvailability> {
    let (id, start) = published_event(conn, event)?;
    Ok(standing(conn, &id, start)?.availability())
}

/// PostgreSQL: one registration step of an event at a time (SQLite has a single writer).
fn lock_event(conn: &mut DbConnection, event_id: &str) -> StoreResult<()> {
    match conn {
        DbConnection::Postgresql(pg) => {
            events::table
                .filter(events::id.eq(event_id))
                .select(events::id)
                .for_update()
                .load::<String>(pg)?;
        }
        DbConnection::Sqlite(_) => claim_write_lock(conn)?,
    }
    Ok(())
}

fn send(conn: &mut DbConnection, postman: &dyn Postman, facts: MailFacts<'_>) -> StoreResult<()> {
    let message = postman
        .compose(&facts)
        .map_err(|e| StoreError::Corrupt(format!("message impossible à écrire : {e}")))?;
    enqueue(
        conn,
        &Outgoing {
            kind: facts.kind.as_str(),
            recipient: facts.to.to_owned(),
            message,
        },
    )
}

fn public_event(conn: &mut DbConnection, id: &str) -> StoreResult<Event> {
    crate::find::<Event>(conn, id)?
        .ok_or_else(|| StoreError::NotFound("Cet événement n'est plus publié.".to_owned()))
}

/// Registers someone, or sends them their link again if the address is already
/// registered: either way, a message goes to the address, and nothing else tells whether
/// it was already there. Registrations still unconfirmed after 48 hours go on the way.
pub fn register(
    conn: &mut DbConnection,
    postman: &dyn Postman,
    event: &str,
    input: NewRegistration,
) -> StoreResult<()> {
    input.validate().map_err(StoreError::Invalid)?;
    let email = input.email.trim().to_lowercase();
    conn.transaction(|conn| {
        // SQLite: the write lock first, or a read then a write could not wait its turn.
        claim_write_lock(conn)?;
        let (event_id, start) = published_event(conn, event)?;
        lock_event(conn, &event_id)?;
        let now = crate::now();
        diesel::delete(
            registrations::table
                .filter(registrations::status.eq(RegistrationStatus::Pending.as_str()))
                .filter(registrations::confirm_before.lt(now)),
        )
        .execute(conn)?;
        let sent_lately: i64 = outbox::table
            .filter(outbox::recipient.eq(&email))
            .filter(outbox::created_at.gt(now - Duration::hours(1)))
            .count()
            .get_result(conn)?;
        if sent_lately >= MESSAGES_PER_HOUR {
            return Err(StoreError::Throttled(
                "Plusieurs messages sont déjà partis vers cette adresse dans l'heure : \
                 consultez votre messagerie, ou réessayez plus tard."
                    .to_owned(),
            ));
        }
        let existing: Option<(String, String)> = registrations::table
            .filter(registrations::event_id.eq(&event_id))
            .filter(registrations::email.eq(&email))
            .select((registrations::id, registrations::status))
            .first(conn)
            .optional()?;
        let (secret, digest) = postman.new_secret();
        let kind = match existing {
            Some((id, status)) if status != RegistrationStatus::Cancelled.as_str() => {
                diesel::update(registrations::table.filter(registrations::id.eq(&id)))
                    .set((
                        registrations::token_hash.eq(&digest),
                        registrations::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                if status == RegistrationStatus::Pending.as_str() {
                    MailKind::Confirm
                } else {
                    MailKind::Link
                }
            }
            existing => {
                standing(conn, &event_id, start)?.check_open()?;
                if let Some((id, _)) = existing {
                    diesel::delete(registrations::table.filter(registrations::id.eq(id)))
                        .execute(conn)?;
                }
                diesel::insert_into(registrations::table)
                    .values((
                        registrations::id.eq(uuid::Uuid::new_v4().to_string()),
                        registrations::event_id.eq(&event_id),
                        registrations::token_hash.eq(&digest),
                        registrations::email.eq(&email),
                        registrations::name.eq(input.name.trim()),
                        registrations::organisation.eq(trimmed(&input.organisation)),
                        registrations::audience
                            .eq(input.audience.map(|a| a.as_str()).unwrap_or_default()),
                        registrations::commune.eq(trimmed(&input.commune)),
                        registrations::accessibility_needs.eq(trimmed(&input.accessibility_needs)),
                        registrations::newsletter.eq(input.newsletter),
                        registrations::status.eq(RegistrationStatus::Pending.as_str()),
                        registrations::created_at.eq(now),
                        registrations::confirm_before
                            .eq(Some(now + Duration::hours(CONFIRM_HOURS))),
                        registrations::attended.eq(false),
                        registrations::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                MailKind::Confirm
            }
        };
        let event = public_event(conn, &event_id)?;
        let name = input.name.trim().to_owned();
        send(
            conn,
            postman,
            MailFacts {
                kind,
                to: &email,
                name: &name,
                event: &event,
                secret: &secret,
                position: None,
            },
        )
    })
}

fn trimmed(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

#[derive(Queryable)]
struct RegistrationRow {
    id: String,
    event_id: String,
    email: String,
    name: String,
    organisation: Option<String>,
    audience: String,
    commune: Option<String>,
    accessibility_needs: Option<String>,
    newsletter: bool,
    status: String,
    created_at: NaiveDateTime,
    confirm_before: Option<NaiveDateTime>,
    confirmed_at: Option<NaiveDateTime>,
    attended: bool,
}

macro_rules! registration_columns {
    () => {
        (
            registrations::id,
            registrations::event_id,
            registrations::email,
            registrations::name,
            registrations::organisation,
            registrations::audience,
            registrations::commune,
            registrations::accessibility_needs,
            registrations::newsletter,
            registrations::status,
            registrations::created_at,
            registrations::confirm_before,
            registrations::confirmed_at,
            registrations::attended,
        )
    };
}

const UNKNOWN_LINK: &str = "Ce lien d'inscription n'est pas ou plus valable : inscrivez-vous à nouveau depuis la page de l'événement.";

/// The registration a link opens; an unconfirmed one past its 48 hours is gone.
fn by_link(conn: &mut DbConnection, digest: &str) -> StoreResult<RegistrationRow> {
    let row: RegistrationRow = registrations::table
        .filter(registrations::token_hash.eq(digest))
        .select(registration_columns!())
        .first(conn)
        .optional()?
        .ok_or_else(|| StoreError::NotFound(UNKNOWN_LINK.to_owned()))?;
    if row.status == RegistrationStatus::Pending.as_str()
        && row.confirm_before.is_some_and(|at| at < crate::now())
    {
        diesel::delete(registrations::table.filter(registrations::id.eq(&row.id))).execute(conn)?;
        return Err(StoreError::NotFound(UNKNOWN_LINK.to_owned()));
    }
    Ok(row)
}

/// Rank on the waiting list, from 1.
fn position(conn: &mut DbConnection, row: &RegistrationRow) -> StoreResult<Option<u32>> {
    if row.status != RegistrationStatus::Waiting.as_str() {
        return Ok(None);
    }
    let Some(since) = row.confirmed_at else {
        return Ok(None);
    };
    let ahead: i64 = registrations::table
        .filter(registrations::event_id.eq(&row.event_id))
        .filter(registrations::status.eq(RegistrationStatus::Waiting.as_str()))
        .filter(
            registrations::confirmed_at
                .lt(since)
                .or(registrations::confirmed_at
                    .eq(since)
                    .and(registrations::id.lt(&row.id))),
        )
        .count()
        .get_result(conn)?;
    Ok(u32::try_from(ahead + 1).ok())
}

fn view(conn: &mut DbConnection, row: RegistrationRow) -> StoreResult<Registration> {
    let position = position(conn, &row)?;
    let (event_slug, event_title): (String, String) = events::table
        .filter(events::id.eq(&row.event_id))
        .select((events::slug, events::title))
        .first(conn)?;
    Ok(Registration {
        id: parse_id(&row.id)?,
        event_slug,
        event_title,
        name: row.name,
        email: row.email,
        organisation: row.organisation,
        audience: parse_vocabulary(&row.audience, "public")?,
        commune: row.commune,
        accessibility_needs: row.accessibility_needs,
        newsletter: row.newsletter,
        status: parse_vocabulary(&row.status, "état d'inscription")?,
        position,
        attended: row.attended,
        created_at: row.created_at.and_utc(),
        confirmed_at: row.confirmed_at.map(|at| at.and_utc()),
    })
}

/// The registration a personal link opens.
pub fn registration(conn: &mut DbConnection, link: &Link<'_>) -> StoreResult<Registration> {
    let row = by_link(conn, link.digest)?;
    view(conn, row)
}

/// Confirms the address of a registration: a place if one is free, else the waiting list,
/// else (no waiting list) refused. Confirming again changes nothing.
pub fn confirm(
    conn: &mut DbConnection,
    postman: &dyn Postman,
    link: &Link<'_>,
) -> StoreResult<Registration> {
    conn.transaction(|conn| {
        // SQLite: the write lock first, or a read then a write could not wait its turn.
        claim_write_lock(conn)?;
        let row = by_link(conn, link.digest)?;
        if row.status != RegistrationStatus::Pending.as_str() {
            return view(conn, row);
        }
        lock_event(conn, &row.event_id)?;
        let event = public_event(conn, &row.event_id)?;
        let start = published_event(conn, &row.event_id)?.1;
        let standing = standing(conn, &row.event_id, start)?;
        standing.check_open()?;
        let (status, kind) = if standing.full() {
            (RegistrationStatus::Waiting, MailKind::Waiting)
        } else {
            (RegistrationStatus::Confirmed, MailKind::Registered)
        };
        let now = crate::now();
        diesel::update(registrations::table.filter(registrations::id.eq(&row.id)))
            .set((
                registrations::status.eq(status.as_str()),
                registrations::confirmed_at.eq(Some(now)),
                registrations::confirm_before.eq(None::<NaiveDateTime>),
                registrations::updated_at.eq(now),
            ))
            .execute(conn)?;
        let row = by_link(conn, link.digest)?;
        let registration = view(conn, row)?;
        send(
            conn,
            postman,
            MailFacts {
                kind,
                to: &registration.email,
                name: &registration.name,
                event: &event,
                secret: link.secret,
                position: registration.position,
            },
        )?;
        Ok(registration)
    })
}

/// Cancels a registration; the place it held goes to the first one waiting, who is told.
pub fn cancel(
    conn: &mut DbConnection,
    postman: &dyn Postman,
    link: &Link<'_>,
) -> StoreResult<Registration> {
    conn.transaction(|conn| {
        // SQLite: the write lock first, or a read then a write could not wait its turn.
        claim_write_lock(conn)?;
        let row = by_link(conn, link.digest)?;
        if row.status == RegistrationStatus::Cancelled.as_str() {
            return view(conn, row);
        }
        lock_event(conn, &row.event_id)?;
        let held_a_place = row.status == RegistrationStatus::Confirmed.as_str();
        let now = crate::now();
        diesel::update(registrations::table.filter(registrations::id.eq(&row.id)))
            .set((
                registrations::status.eq(RegistrationStatus::Cancelled.as_str()),
                registrations::cancelled_at.eq(Some(now)),
                registrations::updated_at.eq(now),
            ))
            .execute(conn)?;
        let event = public_event(conn, &row.event_id)?;
        let row = by_link(conn, link.digest)?;
        let registration = view(conn, row)?;
        send(
            conn,
            postman,
            MailFacts {
                kind: MailKind::Cancelled,
                to: &registration.email,
                name: &registration.name,
                event: &event,
                secret: link.secret,
                position: None,
            },
        )?;
        if held_a_place {
            promote_first_waiting(conn, postman, &event)?;
        }
        Ok(registration)
    })
}

/// The first one on the waiting list takes the place freed, with a new personal link.
fn promote_first_waiting(
    conn: &mut DbConnection,
    postman: &dyn Postman,
    event: &Event,
) -> StoreResult<()> {
    let event_id = event.summary.id.to_string();
    let first: Option<RegistrationRow> = registrations::table
        .filter(registrations::event_id.eq(&event_id))
        .filter(registrations::status.eq(RegistrationStatus::Waiting.as_str()))
        .order((registrations::confirmed_at.asc(), registrations::id.asc()))
        .select(registration_columns!())
        .first(conn)
        .optional()?;
    let Some(first) = first else {
        return Ok(());
    };
    let (secret, digest) = postman.new_secret();
    diesel::update(registrations::table.filter(registrations::id.eq(&first.id)))
        .set((
            registrations::status.eq(RegistrationStatus::Confirmed.as_str()),
            registrations::token_hash.eq(&digest),
            registrations::updated_at.eq(crate::now()),
        ))
        .execute(conn)?;
    send(
        conn,
        postman,
        MailFacts {
            kind: MailKind::Promoted,
            to: &first.email,
            name: &first.name,
            event,
            secret: &secret,
            position: None,
        },
    )
}

// --- The team's side -------------------------------------------------------------------

/// The registrations of an event (by id), for the team: the search and filters given, the
/// counts of all.
pub fn list_registrations(
    conn: &mut DbConnection,
    event: &str,
    query: &RegistrationQuery,
) -> StoreResult<RegistrationList> {
    let event_id = editorial_event_id(conn, event)?;
    let settings = settings_of(conn, &event_id)?;
    let rows: Vec<RegistrationRow> = registrations::table
        .filter(registrations::event_id.eq(&event_id))
        .select(registration_columns!())
        .load(conn)?;
    let mut counts = RegistrationCounts::default();
    let mut items = Vec::new();
    let words: Vec<String> = query
        .q
        .as_deref()
        .unwrap_or_default()
        .split_whitespace()
        .map(passerelle_types::slugify)
        .filter(|w| !w.is_empty())
        .collect();
    for row in rows {
        let entry = view(conn, row)?;
        match entry.status {
            RegistrationStatus::Pending => counts.pending += 1,
            RegistrationStatus::Confirmed => counts.confirmed += 1,
            RegistrationStatus::Waiting => counts.waiting += 1,
            RegistrationStatus::Cancelled => counts.cancelled += 1,
        }
        counts.attended += u32::from(entry.attended);
        let text = passerelle_types::slugify(&format!(
            "{} {} {}",
            entry.name,
            entry.email,
            entry.organisation.as_deref().unwrap_or_default()
        ));
        let kept = query.status.is_none_or(|s| s == entry.status)
            && query.audience.is_none_or(|a| a == entry.audience)
            && words.iter().all(|w| text.contains(w.as_str()));
        if kept {
            items.push(entry);
        }
    }
    let rank = |s: RegistrationStatus| match s {
        RegistrationStatus::Confirmed => 0,
        RegistrationStatus::Waiting => 1,
        RegistrationStatus::Pending => 2,
        RegistrationStatus::Cancelled => 3,
    };
    items.sort_by(|a, b| {
        (rank(a.status), a.position, a.confirmed_at, a.created_at).cmp(&(
            rank(b.status),
            b.position,
            b.confirmed_at,
            b.created_at,
        ))
    });
    Ok(RegistrationList {
        items,
        counts,
        capacity: settings.capacity,
    })
}

/// The team changes a registration's state or marks its person present; a place given up
/// goes to the first one waiting. Audited, without the person's data.
pub fn change_registration(
    conn: &mut DbConnection,
    actor: &Actor,
    postman: &dyn Postman,
    event: &str,
    id: &str,
    change: RegistrationChange,
) -> StoreResult<Registration> {
    if change.status == Some(RegistrationStatus::Pending) {
        return Err(StoreError::invalid(
            "status",
            "Seule la personne confirme son adresse : choisissez confirmed, waiting ou cancelled.",
        ));
    }
    conn.transaction(|conn| {
        // SQLite: the write lock first, or a read then a write could not wait its turn.
        claim_write_lock(conn)?;
        let event_id = editorial_event_id(conn, event)?;
        lock_event(conn, &event_id)?;
        let id = normalize_key(id);
        let row: RegistrationRow = registrations::table
            .filter(registrations::id.eq(&id))
            .filter(registrations::event_id.eq(&event_id))
            .select(registration_columns!())
            .first(conn)
            .optional()?
            .ok_or_else(|| {
                StoreError::NotFound(format!("Aucune inscription « {id} » à cet événement."))
            })?;
        let before = row.status.clone();
        let now = crate::now();
        let status = change
            .status
            .map(|s| s.as_str().to_owned())
            .unwrap_or(before.clone());
        let attended = row.attended;
        let attended_now = change.attended.unwrap_or(attended);
        diesel::update(registrations::table.filter(registrations::id.eq(&id)))
            .set((
                registrations::status.eq(&status),
                registrations::attended.eq(attended_now),
                registrations::confirm_before.eq(None::<NaiveDateTime>),
                registrations::confirmed_at.eq(row.confirmed_at.or(Some(now))),
                registrations::cancelled_at
                    .eq((status == RegistrationStatus::Cancelled.as_str()).then_some(now)),
                registrations::updated_at.eq(now),
            ))
            .execute(conn)?;
        let mut changes = serde_json::Map::new();
        if status != before {
            changes.insert(
                "status".to_owned(),
                serde_json::json!({"before": before, "after": status}),
            );
        }
        if attended_now != attended {
            changes.insert(
                "attended".to_owned(),
                serde_json::json!({"before": attended, "after": attended_now}),
            );
        }
        if !changes.is_empty() {
            record_audit(
                conn,
                actor,
                AuditRecord {
                    action: "update",
                    entity: "registration",
                    entity_id: &id,
                    version: None,
                    changes: serde_json::Value::Object(changes),
                },
            )?;
        }
        if before == RegistrationStatus::Confirmed.as_str()
            && status == RegistrationStatus::Cancelled.as_str()
        {
            let event = public_event(conn, &event_id)?;
            promote_first_waiting(conn, postman, &event)?;
        }
        let row: RegistrationRow = registrations::table
            .filter(registrations::id.eq(&id))
            .select(registration_columns!())
            .first(conn)?;
        view(conn, row)
    })
}

/// Records that someone exported an event's registrations (personal data leaving).
pub fn record_export(
    conn: &mut DbConnection,
    actor: &Actor,
    event: &str,
    rows: usize,
) -> StoreResult<()> {
    let event_id = editorial_event_id(conn, event)?;
    record_audit(
        conn,
        actor,
        AuditRecord {
            action: "export",
            entity: "event",
            entity_id: &event_id,
            version: None,
            changes: serde_json::json!({"registrations": {"before": null, "after": rows}}),
        },
    )
}

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
            let people: Vec<RegistrationRow> = registrations::table
                .filter(registrations::event_id.eq(&event_id))
                .filter(registrations::status.eq(RegistrationStatus::Confirmed.as_str()))
                .filter(registrations::reminded_at.is_null())
                .select(registration_columns!())
                .load(conn)?;
            if people.is_empty() {
                return Ok(0);
            }
            let event = public_event(conn, &event_id)?;
            for person in &people {
                send(
                    conn,
                    postman,
                    MailFacts {
                        kind: MailKind::BeforeEvent,
                        to: &person.email,
                        name: &person.name,
                        event: &event,
                        secret: "",
                        position: None,
                    },
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
