//! One-time links to choose a password: for a colleague an administrator adds, or for
//! someone who lost theirs; each sent by email through the outbox. Only a digest of each link's secret is kept; a link works once,
//! for 48 hours, and a newer link for the same account replaces it.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use passerelle_types::{Account, InvitationInfo};

use crate::accounts::{find_account, replace_password};
use serde_json::Value;

use crate::audit::{change, record_audit, Actor, AuditRecord};
use crate::db::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{accounts, invitations};

/// Records a new link for the account `account_id`, replacing any earlier one, and writes
/// the message that brings it (`compose`, given the account) to the outbox in the same
/// transaction.
pub fn create_invitation(
    conn: &mut DbConnection,
    actor: &Actor,
    account_id: &str,
    token_digest: &str,
    expires_at: DateTime<Utc>,
    compose: &dyn Fn(&Account) -> Result<String, String>,
) -> StoreResult<Account> {
    let account_id = crate::normalize_key(account_id);
    crate::db::write_transaction(conn, |conn| {
        let account = find_account(conn, &account_id)?
            .ok_or_else(|| StoreError::NotFound(format!("Aucun compte « {account_id} ».")))?;
        if account.disabled_at.is_some() {
            return Err(StoreError::Conflict(
                "Ce compte est désactivé : réactivez-le avant de l'inviter.".to_owned(),
            ));
        }
        // Links of other accounts that have run out go on the way: no job to schedule.
        diesel::delete(invitations::table.filter(invitations::expires_at.le(crate::now())))
            .execute(conn)?;
        diesel::delete(invitations::table.filter(invitations::account_id.eq(&account_id)))
            .execute(conn)?;
        diesel::insert_into(invitations::table)
            .values((
                invitations::token_hash.eq(token_digest),
                invitations::account_id.eq(&account_id),
                invitations::created_at.eq(crate::now()),
                invitations::expires_at.eq(expires_at.naive_utc()),
            ))
            .execute(conn)?;
        record_audit(
            conn,
            actor,
            AuditRecord::unversioned(
                "invite",
                "account",
                &account_id,
                change("invitation_expires_at", Value::Null, expires_at),
            ),
        )?;
        let message = compose(&account)
            .map_err(|e| StoreError::Corrupt(format!("message impossible à écrire : {e}")))?;
        crate::outbox::enqueue(
            conn,
            &crate::outbox::Outgoing {
                kind: "invitation",
                recipient: account.email.clone(),
                message,
            },
        )?;
        Ok(account)
    })
}

/// The account a live link is for, and when the link runs out; `NotFound` for a link
/// unknown, used, replaced, run out, or of a disabled account.
pub fn live_invitation(
    conn: &mut DbConnection,
    token_digest: &str,
) -> StoreResult<(String, InvitationInfo)> {
    let row: Option<(String, String, NaiveDateTime)> = invitations::table
        .inner_join(accounts::table)
        .filter(invitations::token_hash.eq(token_digest))
        .filter(invitations::expires_at.gt(crate::now()))
        .filter(accounts::disabled_at.is_null())
        .select((accounts::id, accounts::email, invitations::expires_at))
        .first(conn)
        .optional()?;
    let (id, email, expires_at) = row.ok_or_else(|| {
        StoreError::NotFound(
            "Ce lien n'est plus valable (déjà utilisé, remplacé par un plus récent ou expiré) : \
             demandez-en un nouveau à un administrateur."
                .to_owned(),
        )
    })?;
    let expires_at = expires_at.and_utc();
    Ok((id, InvitationInfo { email, expires_at }))
}

/// Sets the password chosen through a live link, which then stops working; the account's
/// other sessions end.
pub fn accept_invitation(
    conn: &mut DbConnection,
    token_digest: &str,
    password_hash: &str,
) -> StoreResult<Account> {
    crate::db::write_transaction(conn, |conn| {
        let (id, info) = live_invitation(conn, token_digest)?;
        // The change is the person's own, not the administrator's who sent the link.
        let actor = Actor {
            id: Some(id.clone()),
            email: info.email,
        };
        replace_password(conn, &actor, &id, password_hash)
    })
}
