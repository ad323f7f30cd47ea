//! Registrations for events: the settings the team gives an event; the public's
//! registrations, confirmed through an emailed link, put on the waiting list once the
//! places are taken, cancelled and replaced by the first one waiting; and the message each
//! step sends, written to the outbox in the same transaction as the step.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use passerelle_types::{
    Event, NewRegistration, Registration, RegistrationDetails, RegistrationStatus, TeamMessage,
    CONFIRM_HOURS,
};

use crate::db::claim_write_lock;
use crate::db::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::models::RegistrationRecord;
use crate::outbox::{enqueue, Outgoing};
use crate::schema::{events, outbox, registrations};
use crate::{optional_text, parse_id, parse_vocabulary};

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
    /// The team changed when or where the event takes place.
    EventChanged,
    /// The team postponed the event.
    EventPostponed,
    /// The team cancelled the event.
    EventCancelled,
    /// The team writes to everyone registered.
    FromTeam,
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
            MailKind::EventChanged => "event_changed",
            MailKind::EventPostponed => "event_postponed",
            MailKind::EventCancelled => "event_cancelled",
            MailKind::FromTeam => "from_team",
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
    /// What the team wrote, for [`MailKind::FromTeam`].
    pub note: Option<&'a TeamMessage>,
}

impl<'a> MailFacts<'a> {
    /// A message of this kind to this person about this event, with their link.
    pub fn new(
        kind: MailKind,
        to: &'a str,
        name: &'a str,
        event: &'a Event,
        secret: &'a str,
    ) -> Self {
        MailFacts {
            kind,
            to,
            name,
            event,
            secret,
            position: None,
            note: None,
        }
    }

    /// The person's rank on the waiting list, if they are on it.
    pub fn waiting_at(self, position: Option<u32>) -> Self {
        MailFacts { position, ..self }
    }
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
    crate::db::write_transaction(conn, |conn| {
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
        let existing = registration_of(conn, &event_id, &email)?;
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
                let new = NewRow {
                    event_id: &event_id,
                    digest: &digest,
                    email: &email,
                    status: RegistrationStatus::Pending,
                };
                new.insert(conn, &uuid::Uuid::new_v4().to_string(), &input)?;
                MailKind::Confirm
            }
        };
        let event = public_event(conn, &event_id)?;
        let name = input.name.trim().to_owned();
        send(
            conn,
            postman,
            MailFacts::new(kind, &email, &name, &event, &secret),
        )
    })
}

/// A registration as it is first written: pending its confirmation (from the form), or
/// confirmed or waiting at once (added by the team).
struct NewRow<'a> {
    event_id: &'a str,
    digest: &'a str,
    email: &'a str,
    status: RegistrationStatus,
}

impl NewRow<'_> {
    fn insert(
        &self,
        conn: &mut DbConnection,
        id: &str,
        input: &NewRegistration,
    ) -> StoreResult<()> {
        let now = crate::now();
        let pending = self.status == RegistrationStatus::Pending;
        diesel::insert_into(registrations::table)
            .values((
                registrations::id.eq(id),
                registrations::event_id.eq(self.event_id),
                registrations::token_hash.eq(self.digest),
                registrations::email.eq(self.email),
                registrations::name.eq(input.name.trim()),
                registrations::organisation.eq(optional_text(&input.organisation)),
                registrations::audience.eq(input.audience.map(|a| a.as_str()).unwrap_or_default()),
                registrations::commune.eq(optional_text(&input.commune)),
                registrations::accessibility_needs.eq(optional_text(&input.accessibility_needs)),
                registrations::newsletter.eq(input.newsletter),
                registrations::status.eq(self.status.as_str()),
                registrations::created_at.eq(now),
                registrations::confirm_before
                    .eq(pending.then(|| now + Duration::hours(CONFIRM_HOURS))),
                registrations::confirmed_at.eq((!pending).then_some(now)),
                registrations::attended.eq(false),
                registrations::updated_at.eq(now),
            ))
            .execute(conn)?;
        Ok(())
    }
}

/// The id and status of the registration an address has for an event, if any.
fn registration_of(
    conn: &mut DbConnection,
    event_id: &str,
    email: &str,
) -> StoreResult<Option<(String, String)>> {
    Ok(registrations::table
        .filter(registrations::event_id.eq(event_id))
        .filter(registrations::email.eq(email))
        .select((registrations::id, registrations::status))
        .first(conn)
        .optional()?)
}

const UNKNOWN_LINK: &str = "Ce lien d'inscription n'est pas ou plus valable : inscrivez-vous à nouveau depuis la page de l'événement.";

/// The registration a link opens; an unconfirmed one past its 48 hours is gone.
fn by_link(conn: &mut DbConnection, digest: &str) -> StoreResult<RegistrationRecord> {
    let row: RegistrationRecord = registrations::table
        .filter(registrations::token_hash.eq(digest))
        .select(RegistrationRecord::as_select())
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
fn position(conn: &mut DbConnection, row: &RegistrationRecord) -> StoreResult<Option<u32>> {
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

fn view(conn: &mut DbConnection, row: RegistrationRecord) -> StoreResult<Registration> {
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
    crate::db::write_transaction(conn, |conn| {
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
            MailFacts::new(
                kind,
                &registration.email,
                &registration.name,
                &event,
                link.secret,
            )
            .waiting_at(registration.position),
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
    crate::db::write_transaction(conn, |conn| {
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
            MailFacts::new(
                MailKind::Cancelled,
                &registration.email,
                &registration.name,
                &event,
                link.secret,
            ),
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
    let first: Option<RegistrationRecord> = registrations::table
        .filter(registrations::event_id.eq(&event_id))
        .filter(registrations::status.eq(RegistrationStatus::Waiting.as_str()))
        .order((registrations::confirmed_at.asc(), registrations::id.asc()))
        .select(RegistrationRecord::as_select())
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
        MailFacts::new(
            MailKind::Promoted,
            &first.email,
            &first.name,
            event,
            &secret,
        ),
    )
}

/// A new personal link for a registration, replacing the one before: each message carries
/// a link that works, and only the last one sent does.
fn new_link(conn: &mut DbConnection, postman: &dyn Postman, id: &str) -> StoreResult<String> {
    let (secret, digest) = postman.new_secret();
    diesel::update(registrations::table.filter(registrations::id.eq(id)))
        .set(registrations::token_hash.eq(&digest))
        .execute(conn)?;
    Ok(secret)
}

/// The person changes their details through their link (not their address, which was
/// confirmed, nor their place).
pub fn update_own(
    conn: &mut DbConnection,
    link: &Link<'_>,
    details: RegistrationDetails,
) -> StoreResult<Registration> {
    details.validate().map_err(StoreError::Invalid)?;
    crate::db::write_transaction(conn, |conn| {
        let row = by_link(conn, link.digest)?;
        if row.status == RegistrationStatus::Cancelled.as_str() {
            return Err(StoreError::Conflict(
                "Cette inscription est annulée : inscrivez-vous à nouveau depuis la page de \
                 l'événement."
                    .to_owned(),
            ));
        }
        diesel::update(registrations::table.filter(registrations::id.eq(&row.id)))
            .set((
                registrations::name.eq(details.name.trim()),
                registrations::organisation.eq(optional_text(&details.organisation)),
                registrations::audience
                    .eq(details.audience.map(|a| a.as_str()).unwrap_or_default()),
                registrations::commune.eq(optional_text(&details.commune)),
                registrations::accessibility_needs.eq(optional_text(&details.accessibility_needs)),
                registrations::newsletter.eq(details.newsletter),
                registrations::updated_at.eq(crate::now()),
            ))
            .execute(conn)?;
        let row = by_link(conn, link.digest)?;
        view(conn, row)
    })
}

/// One message of `kind` to everyone registered to `event`, confirmed or waiting, each
/// with a new link; returns how many. Inside the caller's transaction.
fn write_to_all(
    conn: &mut DbConnection,
    postman: &dyn Postman,
    event: &Event,
    kind: MailKind,
    note: Option<&TeamMessage>,
) -> StoreResult<usize> {
    let people: Vec<RegistrationRecord> = registrations::table
        .filter(registrations::event_id.eq(event.summary.id.to_string()))
        .filter(registrations::status.eq_any([
            RegistrationStatus::Confirmed.as_str(),
            RegistrationStatus::Waiting.as_str(),
        ]))
        .select(RegistrationRecord::as_select())
        .load(conn)?;
    for person in &people {
        let secret = new_link(conn, postman, &person.id)?;
        let position = position(conn, person)?;
        send(
            conn,
            postman,
            MailFacts {
                note,
                ..MailFacts::new(kind, &person.email, &person.name, event, &secret)
                    .waiting_at(position)
            },
        )?;
    }
    Ok(people.len())
}

mod settings;
mod standing;
mod team;
mod upkeep;

use settings::{editorial_event_id, settings_of};
pub use settings::{registration_settings, set_registration_settings};
pub use standing::availability;
use standing::{count_with, published_event, standing};

pub use team::*;
pub use upkeep::*;
