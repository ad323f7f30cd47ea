//! Staff accounts, their browser sessions and API tokens, and failed sign-ins.
//!
//! Secrets never reach this module: callers pass digests (see `passerelle-auth`).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use passerelle_types::{Account, ApiToken, Role, TeamMember};
use uuid::Uuid;

use crate::audit::{diff, record_audit, Actor, AuditRecord};
use crate::db::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{accounts, api_tokens, invitations, sessions, sign_in_failures};
use crate::{parse_id, parse_vocabulary};

#[derive(Queryable, Selectable)]
#[diesel(table_name = accounts)]
struct AccountRow {
    id: String,
    email: String,
    role: String,
    created_at: NaiveDateTime,
    disabled_at: Option<NaiveDateTime>,
    last_sign_in_at: Option<NaiveDateTime>,
}

impl AccountRow {
    fn into_account(self) -> StoreResult<Account> {
        Ok(Account {
            id: parse_id(&self.id)?,
            email: self.email,
            role: parse_vocabulary(&self.role, "rôle")?,
            created_at: self.created_at.and_utc(),
            disabled_at: self.disabled_at.map(|at| at.and_utc()),
            last_sign_in_at: self.last_sign_in_at.map(|at| at.and_utc()),
        })
    }
}

/// Addresses are compared without case: `Anne@X.fr` and `anne@x.fr` are one account.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

fn now() -> NaiveDateTime {
    crate::now()
}

/// Creates an account; the address must be free.
pub fn create_account(
    conn: &mut DbConnection,
    actor: &Actor,
    email: &str,
    password_hash: &str,
    role: Role,
) -> StoreResult<Account> {
    let email = normalize_email(email);
    let id = Uuid::new_v4().hyphenated().to_string();
    crate::db::write_transaction(conn, |conn| {
        let taken = diesel::select(diesel::dsl::exists(
            accounts::table.filter(accounts::email.eq(&email)),
        ))
        .get_result::<bool>(conn)?;
        if taken {
            return Err(StoreError::Invalid(vec![
                passerelle_types::FieldError::new(
                    "email",
                    "Un compte existe déjà avec cette adresse.",
                ),
            ]));
        }
        diesel::insert_into(accounts::table)
            .values((
                accounts::id.eq(&id),
                accounts::email.eq(&email),
                accounts::password_hash.eq(password_hash),
                accounts::role.eq(role.as_str()),
                accounts::created_at.eq(now()),
            ))
            .execute(conn)?;
        let account = find_account(conn, &id)?
            .ok_or_else(|| StoreError::Corrupt("compte disparu".to_owned()))?;
        record_audit(
            conn,
            actor,
            AuditRecord::unversioned(
                "create",
                "account",
                &id,
                diff(
                    &serde_json::json!({}),
                    &serde_json::json!({"email": account.email, "role": account.role}),
                ),
            ),
        )?;
        Ok(account)
    })
}

/// Gives an account a new password (an account restored from an archive has none) and
/// ends its sessions.
pub fn set_password(
    conn: &mut DbConnection,
    actor: &Actor,
    email: &str,
    password_hash: &str,
) -> StoreResult<Account> {
    let email = normalize_email(email);
    crate::db::write_transaction(conn, |conn| {
        let id: String = accounts::table
            .filter(accounts::email.eq(&email))
            .select(accounts::id)
            .first(conn)
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("Aucun compte n'a l'adresse {email}.")))?;
        replace_password(conn, actor, &id, password_hash)
    })
}

/// Sets the password of the account `id`: its sessions end, its pending invitation too.
pub(crate) fn replace_password(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    password_hash: &str,
) -> StoreResult<Account> {
    diesel::update(accounts::table.filter(accounts::id.eq(id)))
        .set(accounts::password_hash.eq(password_hash))
        .execute(conn)?;
    diesel::delete(sessions::table.filter(sessions::account_id.eq(id))).execute(conn)?;
    diesel::delete(invitations::table.filter(invitations::account_id.eq(id))).execute(conn)?;
    record_audit(
        conn,
        actor,
        AuditRecord::unversioned("password", "account", id, serde_json::json!({})),
    )?;
    find_account(conn, id)?.ok_or_else(|| StoreError::Corrupt("compte disparu".to_owned()))
}

pub fn find_account(conn: &mut DbConnection, id: &str) -> StoreResult<Option<Account>> {
    accounts::table
        .filter(accounts::id.eq(id))
        .select(AccountRow::as_select())
        .first(conn)
        .optional()?
        .map(AccountRow::into_account)
        .transpose()
}

/// Every account, by address, with what the team screen shows beside it.
pub fn list_accounts(conn: &mut DbConnection) -> StoreResult<Vec<TeamMember>> {
    let rows: Vec<(AccountRow, String)> = accounts::table
        .order(accounts::email)
        .select((AccountRow::as_select(), accounts::password_hash))
        .load(conn)?;
    let now = now();
    let tokens: Vec<String> = api_tokens::table
        .filter(api_tokens::revoked_at.is_null())
        .filter(api_tokens::expires_at.gt(now))
        .select(api_tokens::account_id)
        .load(conn)?;
    let invitations: HashMap<String, NaiveDateTime> = invitations::table
        .filter(invitations::expires_at.gt(now))
        .select((invitations::account_id, invitations::expires_at))
        .load(conn)?
        .into_iter()
        .collect();
    rows.into_iter()
        .map(|(row, hash)| {
            let active_tokens = tokens.iter().filter(|owner| **owner == row.id).count();
            let invitation_expires_at = invitations.get(&row.id).map(|at| at.and_utc());
            Ok(TeamMember {
                account: row.into_account()?,
                active_tokens: u32::try_from(active_tokens).unwrap_or(u32::MAX),
                invitation_expires_at,
                has_password: !hash.is_empty(),
            })
        })
        .collect()
}

/// An active account by address, with its password hash.
pub fn account_for_sign_in(
    conn: &mut DbConnection,
    email: &str,
) -> StoreResult<Option<(Account, String)>> {
    let row = accounts::table
        .filter(accounts::email.eq(normalize_email(email)))
        .filter(accounts::disabled_at.is_null())
        .select((AccountRow::as_select(), accounts::password_hash))
        .first::<(AccountRow, String)>(conn)
        .optional()?;
    row.map(|(account, hash)| Ok((account.into_account()?, hash)))
        .transpose()
}

/// Changes an account's role or disables it; disabling ends its sessions and revokes its
/// tokens. The last active
/// administrator can be neither demoted nor disabled: someone must keep the keys.
pub fn update_account(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    role: Option<Role>,
    disabled: Option<bool>,
) -> StoreResult<Account> {
    let id = crate::normalize_key(id);
    conn.transaction(|conn| {
        let before = find_account(conn, &id)?
            .ok_or_else(|| StoreError::NotFound(format!("Aucun compte « {id} ».")))?;
        let loses_admin = before.role == Role::Admin
            && before.disabled_at.is_none()
            && (role == Some(Role::Editor) || disabled == Some(true));
        if loses_admin && active_admin_count(conn)? <= 1 {
            return Err(StoreError::Conflict(
                "C'est le dernier administrateur actif : nommez-en un autre d'abord.".to_owned(),
            ));
        }
        let target = || accounts::table.filter(accounts::id.eq(&id));
        if let Some(role) = role {
            diesel::update(target())
                .set(accounts::role.eq(role.as_str()))
                .execute(conn)?;
        }
        match disabled {
            Some(true) if before.disabled_at.is_none() => {
                diesel::update(target())
                    .set(accounts::disabled_at.eq(Some(now())))
                    .execute(conn)?;
                diesel::delete(sessions::table.filter(sessions::account_id.eq(&id)))
                    .execute(conn)?;
                diesel::delete(invitations::table.filter(invitations::account_id.eq(&id)))
                    .execute(conn)?;
                // For good: re-enabling the account must not bring its tokens back.
                diesel::update(
                    api_tokens::table
                        .filter(api_tokens::account_id.eq(&id))
                        .filter(api_tokens::revoked_at.is_null()),
                )
                .set(api_tokens::revoked_at.eq(Some(now())))
                .execute(conn)?;
            }
            Some(false) => {
                diesel::update(target())
                    .set(accounts::disabled_at.eq(None::<NaiveDateTime>))
                    .execute(conn)?;
            }
            _ => {}
        }
        let after = find_account(conn, &id)?
            .ok_or_else(|| StoreError::Corrupt("compte disparu".to_owned()))?;
        let state = |a: &Account| serde_json::json!({"role": a.role, "disabled_at": a.disabled_at});
        record_audit(
            conn,
            actor,
            AuditRecord::unversioned(
                "update",
                "account",
                &id,
                diff(&state(&before), &state(&after)),
            ),
        )?;
        Ok(after)
    })
}

/// Number of active administrators (the last one cannot be demoted or disabled).
pub fn active_admin_count(conn: &mut DbConnection) -> StoreResult<i64> {
    Ok(accounts::table
        .filter(accounts::role.eq(Role::Admin.as_str()))
        .filter(accounts::disabled_at.is_null())
        .count()
        .get_result(conn)?)
}

// --- Sessions -------------------------------------------------------------------------

pub fn create_session(
    conn: &mut DbConnection,
    token_digest: &str,
    account_id: &str,
    csrf_token: &str,
    expires_at: DateTime<Utc>,
) -> StoreResult<()> {
    // Expired sessions are swept on the way: no separate job to run.
    diesel::delete(sessions::table.filter(sessions::expires_at.lt(now()))).execute(conn)?;
    diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(token_digest),
            sessions::account_id.eq(account_id),
            sessions::csrf_token.eq(csrf_token),
            sessions::created_at.eq(now()),
            sessions::expires_at.eq(expires_at.naive_utc()),
        ))
        .execute(conn)?;
    diesel::update(accounts::table.filter(accounts::id.eq(account_id)))
        .set(accounts::last_sign_in_at.eq(Some(now())))
        .execute(conn)?;
    Ok(())
}

/// A live session: its account (active), CSRF token and expiry.
pub struct Session {
    pub account: Account,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

pub fn find_session(conn: &mut DbConnection, token_digest: &str) -> StoreResult<Option<Session>> {
    let row = sessions::table
        .inner_join(accounts::table)
        .filter(sessions::token_hash.eq(token_digest))
        .filter(sessions::expires_at.gt(now()))
        .filter(accounts::disabled_at.is_null())
        .select((
            AccountRow::as_select(),
            sessions::csrf_token,
            sessions::expires_at,
        ))
        .first::<(AccountRow, String, NaiveDateTime)>(conn)
        .optional()?;
    row.map(|(account, csrf_token, expires_at)| {
        Ok(Session {
            account: account.into_account()?,
            csrf_token,
            expires_at: expires_at.and_utc(),
        })
    })
    .transpose()
}

pub fn delete_session(conn: &mut DbConnection, token_digest: &str) -> StoreResult<()> {
    diesel::delete(sessions::table.filter(sessions::token_hash.eq(token_digest))).execute(conn)?;
    Ok(())
}

// --- API tokens -----------------------------------------------------------------------

#[derive(Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
struct TokenRow {
    id: String,
    name: String,
    prefix: String,
    created_at: NaiveDateTime,
    expires_at: NaiveDateTime,
    revoked_at: Option<NaiveDateTime>,
    last_used_at: Option<NaiveDateTime>,
}

impl TokenRow {
    fn into_token(self) -> StoreResult<ApiToken> {
        Ok(ApiToken {
            id: parse_id(&self.id)?,
            name: self.name,
            prefix: self.prefix,
            created_at: self.created_at.and_utc(),
            expires_at: self.expires_at.and_utc(),
            revoked_at: self.revoked_at.map(|at| at.and_utc()),
            last_used_at: self.last_used_at.map(|at| at.and_utc()),
        })
    }
}

pub fn create_token(
    conn: &mut DbConnection,
    actor: &Actor,
    account_id: &str,
    name: &str,
    token_digest: &str,
    prefix: &str,
    expires_at: DateTime<Utc>,
) -> StoreResult<ApiToken> {
    let id = Uuid::new_v4().hyphenated().to_string();
    conn.transaction(|conn| {
        diesel::insert_into(api_tokens::table)
            .values((
                api_tokens::id.eq(&id),
                api_tokens::account_id.eq(account_id),
                api_tokens::name.eq(name.trim()),
                api_tokens::token_hash.eq(token_digest),
                api_tokens::prefix.eq(prefix),
                api_tokens::created_at.eq(now()),
                api_tokens::expires_at.eq(expires_at.naive_utc()),
            ))
            .execute(conn)?;
        record_audit(
            conn,
            actor,
            AuditRecord::unversioned(
                "create",
                "token",
                &id,
                diff(
                    &serde_json::json!({}),
                    &serde_json::json!({"name": name.trim()}),
                ),
            ),
        )?;
        api_tokens::table
            .filter(api_tokens::id.eq(&id))
            .select(TokenRow::as_select())
            .first(conn)?
            .into_token()
    })
}

/// The tokens of an account, newest first; every account's when `account_id` is `None`.
pub fn list_tokens(
    conn: &mut DbConnection,
    account_id: Option<&str>,
) -> StoreResult<Vec<(String, ApiToken)>> {
    let mut query = api_tokens::table
        .inner_join(accounts::table)
        .order(api_tokens::created_at.desc())
        .select((accounts::email, TokenRow::as_select()))
        .into_boxed();
    if let Some(account_id) = account_id {
        query = query.filter(api_tokens::account_id.eq(account_id.to_owned()));
    }
    query
        .load::<(String, TokenRow)>(conn)?
        .into_iter()
        .map(|(email, row)| Ok((email, row.into_token()?)))
        .collect()
}

/// Revokes a token; `owner` restricts it to that account's tokens.
pub fn revoke_token(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    owner: Option<&str>,
) -> StoreResult<()> {
    let id = crate::normalize_key(id);
    conn.transaction(|conn| {
        let mut target = api_tokens::table
            .filter(api_tokens::id.eq(id.clone()))
            .into_boxed();
        if let Some(owner) = owner {
            target = target.filter(api_tokens::account_id.eq(owner.to_owned()));
        }
        let exists = target.count().get_result::<i64>(conn)? > 0;
        if !exists {
            return Err(StoreError::NotFound(format!("Aucun jeton « {id} ».")));
        }
        diesel::update(api_tokens::table.filter(api_tokens::id.eq(&id)))
            .filter(api_tokens::revoked_at.is_null())
            .set(api_tokens::revoked_at.eq(Some(now())))
            .execute(conn)?;
        record_audit(
            conn,
            actor,
            AuditRecord::unversioned("revoke", "token", &id, serde_json::json!({})),
        )
    })
}

/// The account of a valid token (not revoked, not expired, account active), marking the
/// token used. The mark is written at most once a minute, so that a script's burst of
/// requests does not turn into a burst of writes.
pub fn account_for_token(
    conn: &mut DbConnection,
    token_digest: &str,
) -> StoreResult<Option<Account>> {
    let row = api_tokens::table
        .inner_join(accounts::table)
        .filter(api_tokens::token_hash.eq(token_digest))
        .filter(api_tokens::revoked_at.is_null())
        .filter(api_tokens::expires_at.gt(now()))
        .filter(accounts::disabled_at.is_null())
        .select((
            AccountRow::as_select(),
            api_tokens::id,
            api_tokens::last_used_at,
        ))
        .first::<(AccountRow, String, Option<NaiveDateTime>)>(conn)
        .optional()?;
    let Some((account, token_id, last_used_at)) = row else {
        return Ok(None);
    };
    let stale = last_used_at.is_none_or(|at| now() - at > chrono::Duration::minutes(1));
    if stale {
        diesel::update(api_tokens::table.filter(api_tokens::id.eq(&token_id)))
            .set(api_tokens::last_used_at.eq(Some(now())))
            .execute(conn)?;
    }
    account.into_account().map(Some)
}

// --- Failed sign-ins ------------------------------------------------------------------

/// Failures for an address since a time.
/// Records a sign-in attempt as failed before its password is checked, and returns its
/// id and the attempts of the window before it: attempts sent all at once each see those
/// recorded ahead of them, so no more of them are checked than the throttle allows.
pub fn record_sign_in_attempt(
    conn: &mut DbConnection,
    email: &str,
    since: DateTime<Utc>,
) -> StoreResult<(i64, Vec<DateTime<Utc>>)> {
    let email = normalize_email(email);
    let id = diesel::insert_into(sign_in_failures::table)
        .values((
            sign_in_failures::email.eq(&email),
            sign_in_failures::failed_at.eq(now()),
        ))
        .returning(sign_in_failures::id)
        .get_result::<i64>(conn)?;
    let earlier = sign_in_failures::table
        .filter(sign_in_failures::email.eq(&email))
        .filter(sign_in_failures::failed_at.gt(since.naive_utc()))
        .filter(sign_in_failures::id.ne(id))
        .select(sign_in_failures::failed_at)
        .load::<NaiveDateTime>(conn)?
        .into_iter()
        .map(|at| at.and_utc())
        .collect();
    Ok((id, earlier))
}

/// Forgets an attempt that was refused before its password was checked: a refusal is not
/// a failure, and must not push back the time the address is let in again.
pub fn forget_sign_in_attempt(conn: &mut DbConnection, id: i64) -> StoreResult<()> {
    diesel::delete(sign_in_failures::table.filter(sign_in_failures::id.eq(id))).execute(conn)?;
    Ok(())
}

/// A successful sign-in forgets the address's failures; old failures of every address go.
pub fn clear_sign_in_failures(
    conn: &mut DbConnection,
    email: &str,
    older_than: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::delete(
        sign_in_failures::table.filter(
            sign_in_failures::email
                .eq(normalize_email(email))
                .or(sign_in_failures::failed_at.lt(older_than.naive_utc())),
        ),
    )
    .execute(conn)?;
    Ok(())
}
