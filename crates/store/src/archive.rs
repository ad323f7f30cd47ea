//! Everything a site holds, read out whole and written back whole into an empty database:
//! the rows behind the backup archive, on either backend. Content is read and written
//! through its editorial view (state and content, as the editorial API shows it); the
//! other tables as plain records. Derived rows (the change log, sessions, tokens, sign-in
//! failures) are not kept: a restored site starts them anew.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use passerelle_types::{EditorialState, EditorialTheme, ItemType, Territory, TerritoryLevel};
use serde::{Deserialize, Serialize};

use crate::changes::{record_change, ChangedEntity};
use crate::db::DbConnection;
use crate::editorial::Editable;
use crate::error::StoreResult;
use crate::schema::{accounts, attachments, audit_log, import_origins, territories, themes};

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

/// A document's record; its bytes are in document storage under `storage_key`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Queryable)]
pub struct AttachmentRecord {
    pub id: String,
    pub publication_id: String,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub storage_key: String,
    pub created_at: NaiveDateTime,
}

pub fn all_attachments(conn: &mut DbConnection) -> StoreResult<Vec<AttachmentRecord>> {
    Ok(attachments::table
        .select((
            attachments::id,
            attachments::publication_id,
            attachments::file_name,
            attachments::media_type,
            attachments::size_bytes,
            attachments::storage_key,
            attachments::created_at,
        ))
        .order(attachments::id)
        .load(conn)?)
}

pub fn restore_attachment(conn: &mut DbConnection, record: &AttachmentRecord) -> StoreResult<()> {
    diesel::insert_into(attachments::table)
        .values((
            attachments::id.eq(&record.id),
            attachments::publication_id.eq(&record.publication_id),
            attachments::file_name.eq(&record.file_name),
            attachments::media_type.eq(&record.media_type),
            attachments::size_bytes.eq(record.size_bytes),
            attachments::storage_key.eq(&record.storage_key),
            attachments::created_at.eq(record.created_at),
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

/// One entry of the audit log, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Queryable)]
pub struct AuditRecordRow {
    pub occurred_at: NaiveDateTime,
    pub actor_id: Option<String>,
    pub actor_email: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub version: Option<i32>,
    pub changes: String,
}

/// The whole audit log, oldest first.
pub fn all_audit(conn: &mut DbConnection) -> StoreResult<Vec<AuditRecordRow>> {
    Ok(audit_log::table
        .select((
            audit_log::occurred_at,
            audit_log::actor_id,
            audit_log::actor_email,
            audit_log::action,
            audit_log::entity,
            audit_log::entity_id,
            audit_log::version,
            audit_log::changes,
        ))
        .order(audit_log::id)
        .load(conn)?)
}

pub fn restore_audit(conn: &mut DbConnection, row: &AuditRecordRow) -> StoreResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::occurred_at.eq(row.occurred_at),
            audit_log::actor_id.eq(&row.actor_id),
            audit_log::actor_email.eq(&row.actor_email),
            audit_log::action.eq(&row.action),
            audit_log::entity.eq(&row.entity),
            audit_log::entity_id.eq(&row.entity_id),
            audit_log::version.eq(row.version),
            audit_log::changes.eq(&row.changes),
        ))
        .execute(conn)?;
    Ok(())
}

/// Where an imported item came from (see `imports`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Queryable)]
pub struct OriginRecord {
    pub origin: String,
    pub entity: String,
    pub entity_id: String,
    pub fingerprint: String,
    pub imported_at: NaiveDateTime,
}

pub fn all_origins(conn: &mut DbConnection) -> StoreResult<Vec<OriginRecord>> {
    Ok(import_origins::table
        .select((
            import_origins::origin,
            import_origins::entity,
            import_origins::entity_id,
            import_origins::fingerprint,
            import_origins::imported_at,
        ))
        .order(import_origins::origin)
        .load(conn)?)
}

pub fn restore_origin(conn: &mut DbConnection, record: &OriginRecord) -> StoreResult<()> {
    diesel::insert_into(import_origins::table)
        .values((
            import_origins::origin.eq(&record.origin),
            import_origins::entity.eq(&record.entity),
            import_origins::entity_id.eq(&record.entity_id),
            import_origins::fingerprint.eq(&record.fingerprint),
            import_origins::imported_at.eq(record.imported_at),
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

/// Tables copied row for row: a record type per table, read whole in a stable order and
/// inserted back as it was.
macro_rules! plain_rows {
    ($($(#[$doc:meta])* $record:ident in $table:ident by $order:ident { $($field:ident: $ty:ty),+ $(,)? })+) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Queryable)]
        pub struct $record {
            $(pub $field: $ty),+
        }

        impl $record {
            pub fn all(conn: &mut DbConnection) -> StoreResult<Vec<$record>> {
                Ok(crate::schema::$table::table
                    .select(($(crate::schema::$table::$field),+))
                    .order(crate::schema::$table::$order)
                    .load(conn)?)
            }

            pub fn restore(&self, conn: &mut DbConnection) -> StoreResult<()> {
                diesel::insert_into(crate::schema::$table::table)
                    .values(($(crate::schema::$table::$field.eq(&self.$field)),+))
                    .execute(conn)?;
                Ok(())
            }
        }
    )+};
}

plain_rows! {
    /// How an event takes registrations.
    RegistrationSettingsRecord in registration_settings by event_id {
        event_id: String,
        mode: String,
        external_url: Option<String>,
        capacity: Option<i32>,
        waiting_list: bool,
        opens_at: Option<NaiveDateTime>,
        closes_at: Option<NaiveDateTime>,
        reminder_hours: Option<i32>,
        updated_at: NaiveDateTime,
    }
    /// A registration, with its person's data until they are erased.
    RegistrationRecord in registrations by id {
        id: String,
        event_id: String,
        token_hash: String,
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
        cancelled_at: Option<NaiveDateTime>,
        attended: bool,
        updated_at: NaiveDateTime,
        reminded_at: Option<NaiveDateTime>,
    }
    /// The anonymous counts left of erased registrations.
    TallyRecord in registration_tallies by event_id {
        event_id: String,
        status: String,
        audience: String,
        departement: String,
        attended: bool,
        count: i32,
    }
    /// A page of the site as an administrator wrote it.
    SitePageRecord in site_pages by slug {
        slug: String,
        title: String,
        body: String,
        body_html: String,
        conformity: Option<String>,
        updated_at: NaiveDateTime,
    }
}
