//! Everything a site holds, read out whole and written back whole into an empty database:
//! the rows behind the backup archive, on either backend. Content is read and written
//! through its editorial view (state and content, as the editorial API shows it); the
//! other tables as plain records. Derived rows (the change log, sessions, tokens, sign-in
//! failures) are not kept: a restored site starts them anew.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use passerelle_types::{EditorialState, EditorialTheme, ItemType, Territory, TerritoryLevel};
use serde::{Deserialize, Serialize};

pub use crate::models::{
    AttachmentRecord, AuditLogRecord, OriginRecord, RegistrationRecord, RegistrationSettingsRecord,
    SitePageRecord, TallyRecord, WholeRows,
};

use crate::changes::{record_change, ChangedEntity};
use crate::db::DbConnection;
use crate::editorial::Editable;
use crate::error::StoreResult;
use crate::schema::{accounts, territories, themes};

/// The ids of every item of a kind, drafts and the bin included, in id order.
pub fn item_ids(conn: &mut DbConnection, kind: ItemType) -> StoreResult<Vec<String>> {
    Ok(crate::editorial::on_table!(kind, |t, _title| t::table
        .select(t::id)
        .order(t::id)
        .load::<String>(conn)?))
}

/// Writes an item with the state given: its id, slug, version, state and dates — as it was,
/// for a backup restored; as first published, for the seed. No audit entry: nobody edited it.
pub fn restore_item<K: Editable>(
    conn: &mut DbConnection,
    state: &EditorialState,
    content: &K::Input,
) -> StoreResult<()> {
    let id = state.id.hyphenated().to_string();
    let at = |d: DateTime<Utc>| d.naive_utc();
    K::write(conn, &id, &state.slug, content, Some(at(state.created_at)))?;
    crate::editorial::on_table!(K::TYPE, |t, _title| diesel::update(
        t::table.filter(t::id.eq(&id))
    )
    .set((
        t::version.eq(state.version),
        t::editorial_status.eq(state.status.as_str()),
        t::published_at.eq(state.published_at.map(at)),
        t::deleted_at.eq(state.deleted_at.map(at)),
        t::updated_at.eq(at(state.updated_at)),
    ))
    .execute(conn)?);
    // Servers already running on the database index it.
    record_change(conn, ChangedEntity::from(K::TYPE), &id)
}

pub fn restore_theme(conn: &mut DbConnection, theme: &EditorialTheme) -> StoreResult<()> {
    diesel::insert_into(themes::table)
        .values((
            themes::slug.eq(&theme.slug),
            themes::label.eq(&theme.label),
            themes::version.eq(theme.version),
            themes::deleted_at.eq(theme.deleted_at.map(|d| d.naive_utc())),
        ))
        .execute(conn)?;
    Ok(())
}

/// Every territory, parents before their children.
pub fn all_territories(conn: &mut DbConnection) -> StoreResult<Vec<Territory>> {
    let mut all = crate::list_territories(conn)?;
    let depth = |level: TerritoryLevel| match level {
        TerritoryLevel::Region => 0,
        TerritoryLevel::Departement => 1,
        TerritoryLevel::Commune => 2,
    };
    all.sort_by_key(|t| (depth(t.level), t.id.clone()));
    Ok(all)
}

pub fn restore_territory(conn: &mut DbConnection, territory: &Territory) -> StoreResult<()> {
    diesel::insert_into(territories::table)
        .values((
            territories::id.eq(&territory.id),
            territories::code.eq(&territory.code),
            territories::level.eq(territory.level.as_str()),
            territories::name.eq(&territory.name),
            territories::parent_id.eq(&territory.parent_id),
        ))
        .execute(conn)?;
    Ok(())
}

/// An account without its secret: restored, it cannot sign in until a password is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Queryable)]
pub struct AccountRecord {
    pub id: String,
    pub email: String,
    pub role: String,
    pub created_at: NaiveDateTime,
    pub disabled_at: Option<NaiveDateTime>,
}

pub fn all_accounts(conn: &mut DbConnection) -> StoreResult<Vec<AccountRecord>> {
    Ok(accounts::table
        .select((
            accounts::id,
            accounts::email,
            accounts::role,
            accounts::created_at,
            accounts::disabled_at,
        ))
        .order(accounts::id)
        .load(conn)?)
}

pub fn restore_account(conn: &mut DbConnection, record: &AccountRecord) -> StoreResult<()> {
    diesel::insert_into(accounts::table)
        .values((
            accounts::id.eq(&record.id),
            accounts::email.eq(&record.email),
            // No hash verifies against an empty one.
            accounts::password_hash.eq(""),
            accounts::role.eq(&record.role),
            accounts::created_at.eq(record.created_at),
            accounts::disabled_at.eq(record.disabled_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Whether the database holds any content or account: an archive is restored only into
/// an empty one.
pub fn holds_anything(conn: &mut DbConnection) -> StoreResult<bool> {
    let mut rows: i64 = 0;
    for kind in [ItemType::Publication, ItemType::Event, ItemType::Member] {
        rows += crate::editorial::on_table!(kind, |t, _title| t::table
            .count()
            .get_result::<i64>(conn)?);
    }
    rows += themes::table.count().get_result::<i64>(conn)?;
    rows += territories::table.count().get_result::<i64>(conn)?;
    rows += accounts::table.count().get_result::<i64>(conn)?;
    Ok(rows > 0)
}
