//! The team's side of registrations: the list of an event's registrations, changes of
//! state and presence, someone added by hand, a message to all, the record of exports.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use passerelle_types::{
    MessageReceipt, NewRegistration, Registration, RegistrationChange, RegistrationCounts,
    RegistrationList, RegistrationQuery, RegistrationStatus, TeamMessage,
};

use super::{
    editorial_event_id, lock_event, promote_first_waiting, public_event, registration_of, send,
    settings_of, view, MailFacts, MailKind, NewRow, Postman,
};
use serde_json::Value;

use crate::audit::{change, record_audit, Actor, AuditRecord};
use crate::db::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::models::RegistrationRecord;
use crate::normalize_key;
use crate::schema::registrations;

/// The registrations of an event (by id), for the team: the search and filters given, the
/// counts of all.
pub fn list_registrations(
    conn: &mut DbConnection,
    event: &str,
    query: &RegistrationQuery,
) -> StoreResult<RegistrationList> {
    let event_id = editorial_event_id(conn, event)?;
    let settings = settings_of(conn, &event_id)?;
    let rows: Vec<RegistrationRecord> = registrations::table
        .filter(registrations::event_id.eq(&event_id))
        .select(RegistrationRecord::as_select())
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
    crate::db::write_transaction(conn, |conn| {
        let event_id = editorial_event_id(conn, event)?;
        lock_event(conn, &event_id)?;
        let id = normalize_key(id);
        let row: RegistrationRecord = registrations::table
            .filter(registrations::id.eq(&id))
            .filter(registrations::event_id.eq(&event_id))
            .select(RegistrationRecord::as_select())
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
                AuditRecord::unversioned(
                    "update",
                    "registration",
                    &id,
                    serde_json::Value::Object(changes),
                ),
            )?;
        }
        if before == RegistrationStatus::Confirmed.as_str()
            && status == RegistrationStatus::Cancelled.as_str()
        {
            let event = public_event(conn, &event_id)?;
            promote_first_waiting(conn, postman, &event)?;
        }
        let row: RegistrationRecord = registrations::table
            .filter(registrations::id.eq(&id))
            .select(RegistrationRecord::as_select())
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
        AuditRecord::unversioned(
            "export",
            "event",
            &event_id,
            change("registrations", Value::Null, rows),
        ),
    )
}

/// The team registers someone by hand (a phone call, a paper form): confirmed at once, or
/// on the waiting list once the places are taken, whatever the dates; the person gets the
/// same message, with their own link, as if they had registered themselves.
pub fn add_registration(
    conn: &mut DbConnection,
    actor: &Actor,
    postman: &dyn Postman,
    event: &str,
    input: NewRegistration,
) -> StoreResult<Registration> {
    input.validate().map_err(StoreError::Invalid)?;
    let email = input.email.trim().to_lowercase();
    crate::db::write_transaction(conn, |conn| {
        let event_id = editorial_event_id(conn, event)?;
        lock_event(conn, &event_id)?;
        let event = public_event(conn, &event_id).map_err(|_| {
            StoreError::Conflict(
                "Publiez l'événement avant d'y inscrire quelqu'un : le message envoyé mène à \
                 sa page."
                    .to_owned(),
            )
        })?;
        let existing = registration_of(conn, &event_id, &email)?;
        match existing {
            Some((_, status)) if status != RegistrationStatus::Cancelled.as_str() => {
                return Err(StoreError::Conflict(
                    "Cette adresse est déjà inscrite à cet événement : retrouvez-la dans la \
                     liste."
                        .to_owned(),
                ));
            }
            Some((id, _)) => {
                diesel::delete(registrations::table.filter(registrations::id.eq(id)))
                    .execute(conn)?;
            }
            None => {}
        }
        let settings = settings_of(conn, &event_id)?;
        let taken = super::count_with(conn, &event_id, RegistrationStatus::Confirmed)?;
        let full = settings
            .capacity
            .is_some_and(|capacity| taken >= i64::from(capacity));
        let (status, kind) = match (full, settings.waiting_list) {
            (false, _) => (RegistrationStatus::Confirmed, MailKind::Registered),
            (true, true) => (RegistrationStatus::Waiting, MailKind::Waiting),
            (true, false) => {
                return Err(StoreError::Conflict(
                    "Complet, sans liste d'attente : augmentez le nombre de places pour \
                     inscrire quelqu'un de plus."
                        .to_owned(),
                ))
            }
        };
        let id = uuid::Uuid::new_v4().to_string();
        let (secret, digest) = postman.new_secret();
        let new = NewRow {
            event_id: &event_id,
            digest: &digest,
            email: &email,
            status,
        };
        new.insert(conn, &id, &input)?;
        record_audit(
            conn,
            actor,
            AuditRecord::unversioned(
                "create",
                "registration",
                &id,
                change("status", Value::Null, status.as_str()),
            ),
        )?;
        let row: RegistrationRecord = registrations::table
            .filter(registrations::id.eq(&id))
            .select(RegistrationRecord::as_select())
            .first(conn)?;
        let registration = view(conn, row)?;
        send(
            conn,
            postman,
            MailFacts::new(kind, &email, &registration.name, &event, &secret)
                .waiting_at(registration.position),
        )?;
        Ok(registration)
    })
}

/// The team writes to everyone registered to an event, confirmed or waiting: one message
/// each, through the outbox, each with the person's link. Audited with its subject.
pub fn message_registrants(
    conn: &mut DbConnection,
    actor: &Actor,
    postman: &dyn Postman,
    event: &str,
    message: TeamMessage,
) -> StoreResult<MessageReceipt> {
    message.validate().map_err(StoreError::Invalid)?;
    crate::db::write_transaction(conn, |conn| {
        let event_id = editorial_event_id(conn, event)?;
        lock_event(conn, &event_id)?;
        let event = public_event(conn, &event_id).map_err(|_| {
            StoreError::Conflict(
                "Cet événement n'est pas publié : personne n'y est inscrit.".to_owned(),
            )
        })?;
        let recipients =
            super::write_to_all(conn, postman, &event, MailKind::FromTeam, Some(&message))?;
        record_audit(
            conn,
            actor,
            AuditRecord::unversioned(
                "message",
                "event",
                &event_id,
                serde_json::json!({"message": {
                    "before": null,
                    "after": {"subject": message.subject.trim(), "recipients": recipients},
                }}),
            ),
        )?;
        Ok(MessageReceipt {
            recipients: u32::try_from(recipients).unwrap_or(u32::MAX),
        })
    })
}
