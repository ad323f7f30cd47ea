//! The registration settings the team gives an event: how it takes registrations, how
//! many places, when it opens and closes, when the reminder leaves.

use diesel::prelude::*;
use passerelle_types::RegistrationSettings;

use crate::audit::{change, record_audit, Actor, AuditRecord};
use crate::db::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::models::RegistrationSettingsRecord;
use crate::schema::{events, registration_settings};
use crate::{normalize_key, parse_vocabulary};

pub(super) fn settings_of(
    conn: &mut DbConnection,
    event_id: &str,
) -> StoreResult<RegistrationSettings> {
    let row: Option<RegistrationSettingsRecord> = registration_settings::table
        .filter(registration_settings::event_id.eq(event_id))
        .select(RegistrationSettingsRecord::as_select())
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
pub(super) fn editorial_event_id(conn: &mut DbConnection, key: &str) -> StoreResult<String> {
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
    crate::db::write_transaction(conn, |conn| {
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
                AuditRecord::unversioned(
                    "registration_settings",
                    "event",
                    &id,
                    change("registration", &before, &settings),
                ),
            )?;
        }
        settings_of(conn, &id)
    })
}
