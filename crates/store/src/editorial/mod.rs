//! Editorial work on publications, events and members: create, update, delete and restore,
//! publish and unpublish — each in one transaction that also checks the item's version,
//! writes the audit log and the change log.
//!
//! The flow is written once, in this module, over the [`Editable`] kinds; each kind only
//! says how its content is read from and written to its tables.

mod events;
mod history;
mod members;
mod publications;
mod references;
mod slugs;
mod themes;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use passerelle_types::{
    slugify, EditorialInput, EditorialState, EditorialStatus, EditorialView, FieldError, ItemType,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use uuid::Uuid;

use crate::audit::{diff, record_audit, Actor, AuditRecord};
use crate::changes::{record_change, ChangedEntity};
use crate::db::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::models::{DRAFT, PUBLISHED};
use crate::schema::{territories, themes as theme_table};
use crate::{normalize_key, optional_text, parse_id, parse_vocabulary};

use references::*;
use slugs::*;

pub use events::Events;
pub use history::{content_at, restore_version};
pub use members::Members;
pub use publications::Publications;
pub use slugs::{free_slug, slug_taken};
pub use themes::{
    create_theme, delete_theme, editorial_themes, find_editorial_theme, restore_theme,
    update_theme, Outcome,
};

/// A kind of item editors work on.
pub trait Editable {
    const TYPE: ItemType;
    type Input: EditorialInput + Serialize + DeserializeOwned + Clone + Send + 'static;
    type View: EditorialView<Content = Self::Input> + Serialize + DeserializeOwned + Send + 'static;
    /// The detail the public reads once the item is published.
    type Public: crate::Detail + Serialize + Send + 'static;

    /// Checks that need the database: referenced themes, territories, members…
    fn check_references(
        conn: &mut DbConnection,
        input: &Self::Input,
    ) -> StoreResult<Vec<FieldError>>;
    /// Inserts (`created_at` given) or updates the item's row and replaces its relations.
    fn write(
        conn: &mut DbConnection,
        id: &str,
        slug: &str,
        input: &Self::Input,
        created_at: Option<NaiveDateTime>,
    ) -> StoreResult<()>;
    /// The content as stored, slug included.
    fn read(conn: &mut DbConnection, id: &str) -> StoreResult<Self::Input>;
    /// What else a replaced content calls for, in the same transaction (an event tells
    /// the people registered that it moved).
    fn replaced(
        _conn: &mut DbConnection,
        _id: &str,
        _before: &Self::Input,
        _after: &Self::Input,
    ) -> StoreResult<()> {
        Ok(())
    }
}

/// Replaces the rows an item owns in a link table with `$rows`. One insert per row: diesel's
/// `MultiConnection` has no batch insert.
macro_rules! replace_rows {
    ($conn:expr, $table:ident, $owner:ident, $id:expr, $rows:expr) => {{
        diesel::delete(
            $crate::schema::$table::table.filter($crate::schema::$table::$owner.eq($id)),
        )
        .execute($conn)?;
        for row in $rows {
            diesel::insert_into($crate::schema::$table::table)
                .values(row)
                .execute($conn)?;
        }
    }};
}
pub(crate) use replace_rows;

/// Replaces an item's pairs in a join table of values (its themes, its territories).
macro_rules! replace_values {
    ($conn:expr, $table:ident($owner:ident, $column:ident), $id:expr, $values:expr) => {{
        use $crate::schema::$table as joined;
        diesel::delete(joined::table.filter(joined::$owner.eq($id))).execute($conn)?;
        for value in $values {
            diesel::insert_into(joined::table)
                .values((joined::$owner.eq($id), joined::$column.eq(value)))
                .execute($conn)?;
        }
    }};
}
pub(crate) use replace_values;

/// An item's values in a join table, in their order (`replace_values!` read back), or, with
/// `by $order as $ty`, its rows of several columns in the order they were written.
macro_rules! values_of {
    ($conn:expr, $table:ident($owner:ident, $column:ident), $id:expr) => {
        values_of!($conn, $table($owner, $column), $id, by $column as String)
    };
    ($conn:expr, $table:ident($owner:ident, $columns:tt), $id:expr, by $order:ident as $ty:ty) => {{
        use $crate::schema::$table as joined;
        joined::table
            .filter(joined::$owner.eq($id))
            .order(joined::$order)
            .select(values_of!(@columns joined $columns))
            .load::<$ty>($conn)?
    }};
    (@columns $joined:ident ($($column:ident),+)) => { ($($joined::$column),+) };
    (@columns $joined:ident $column:ident) => { $joined::$column };
}
pub(crate) use values_of;

/// Writes an item's own columns: a new draft with its id and dates, or an update.
macro_rules! save_content {
    ($conn:expr, $table:ident, $id:expr, $created_at:expr, $content:expr) => {{
        use $crate::schema::$table as item;
        match $created_at {
            Some(at) => diesel::insert_into(item::table)
                .values((
                    item::id.eq($id),
                    $content,
                    item::editorial_status.eq(DRAFT),
                    item::created_at.eq(at),
                    item::updated_at.eq(at),
                ))
                .execute($conn)?,
            None => diesel::update(item::table.filter(item::id.eq($id)))
                .set($content)
                .execute($conn)?,
        }
    }};
}
pub(crate) use save_content;

/// Runs `$body` with `$t` bound to the table of a kind and `$title` to its title column.
macro_rules! on_table_of {
    ($kind:expr, |$t:ident, $title:ident| $body:expr) => {
        match $kind {
            ItemType::Publication => {
                use crate::schema::publications as $t;
                #[allow(unused_imports)]
                use crate::schema::publications::title as $title;
                $body
            }
            ItemType::Event => {
                use crate::schema::events as $t;
                #[allow(unused_imports)]
                use crate::schema::events::title as $title;
                $body
            }
            ItemType::Member => {
                use crate::schema::members as $t;
                #[allow(unused_imports)]
                use crate::schema::members::name as $title;
                $body
            }
        }
    };
    // With the tables linking the kind to themes and territories, and their item column.
    ($kind:expr, |$t:ident, $title:ident, $themes:ident, $themed:ident, $places:ident, $placed:ident| $body:expr) => {
        match $kind {
            ItemType::Publication => {
                use crate::schema::publication_territories as $places;
                use crate::schema::publication_territories::publication_id as $placed;
                use crate::schema::publication_themes as $themes;
                use crate::schema::publication_themes::publication_id as $themed;
                use crate::schema::publications as $t;
                use crate::schema::publications::title as $title;
                $body
            }
            ItemType::Event => {
                use crate::schema::event_territories as $places;
                use crate::schema::event_territories::event_id as $placed;
                use crate::schema::event_themes as $themes;
                use crate::schema::event_themes::event_id as $themed;
                use crate::schema::events as $t;
                use crate::schema::events::title as $title;
                $body
            }
            ItemType::Member => {
                use crate::schema::member_territories as $places;
                use crate::schema::member_territories::member_id as $placed;
                use crate::schema::member_themes as $themes;
                use crate::schema::member_themes::member_id as $themed;
                use crate::schema::members as $t;
                use crate::schema::members::name as $title;
                $body
            }
        }
    };
}

pub(crate) use on_table_of as on_table;

fn now() -> NaiveDateTime {
    crate::now()
}

/// The columns of an item's editorial state, in the order of [`StateRow`], on the table
/// `$t` of any kind (see [`on_table_of!`]).
macro_rules! state_columns {
    ($t:ident) => {
        (
            $t::id,
            $t::slug,
            $t::version,
            $t::editorial_status,
            $t::published_at,
            $t::deleted_at,
            $t::created_at,
            $t::updated_at,
        )
    };
}

/// An item's editorial state as [`state_columns!`] reads it.
pub(crate) type StateRow = (
    String,
    String,
    i32,
    String,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    NaiveDateTime,
    NaiveDateTime,
);

/// The editorial state of a row read with [`state_columns!`].
pub(crate) fn state_of(row: StateRow) -> StoreResult<EditorialState> {
    let (id, slug, version, status, published_at, deleted_at, created_at, updated_at) = row;
    Ok(EditorialState {
        id: parse_id(&id)?,
        slug,
        version,
        status: parse_vocabulary(&status, "statut éditorial")?,
        published_at: published_at.map(|at| at.and_utc()),
        deleted_at: deleted_at.map(|at| at.and_utc()),
        created_at: created_at.and_utc(),
        updated_at: updated_at.and_utc(),
    })
}

fn load_state(conn: &mut DbConnection, kind: ItemType, id: &str) -> StoreResult<EditorialState> {
    let row: Option<StateRow> = on_table_of!(kind, |t, _title| t::table
        .filter(t::id.eq(id))
        .select(state_columns!(t))
        .first(conn)
        .optional()?);
    state_of(row.ok_or_else(|| not_found(kind, id))?)
}

fn not_found(kind: ItemType, id: &str) -> StoreError {
    let what = match kind {
        ItemType::Publication => "publication",
        ItemType::Event => "événement",
        ItemType::Member => "membre",
    };
    StoreError::NotFound(format!("Aucun(e) {what} ne porte l'identifiant « {id} »."))
}

/// How a transition changes the editorial state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    Delete,
    Restore,
    Publish,
    Unpublish,
}

impl Transition {
    fn action(self) -> &'static str {
        match self {
            Transition::Delete => "delete",
            Transition::Restore => "restore",
            Transition::Publish => "publish",
            Transition::Unpublish => "unpublish",
        }
    }
}

/// Moves an item to the next version if it is still at `expected`; false if it was not.
fn advance(
    conn: &mut DbConnection,
    kind: ItemType,
    id: &str,
    expected: i32,
    transition: Option<Transition>,
    published_at: Option<NaiveDateTime>,
) -> StoreResult<bool> {
    let at = now();
    let updated = on_table_of!(kind, |t, _title| {
        let target = t::table
            .filter(t::id.eq(id))
            .filter(t::version.eq(expected));
        let bump = (t::version.eq(expected + 1), t::updated_at.eq(at));
        match transition {
            None => diesel::update(target).set(bump).execute(conn)?,
            Some(Transition::Delete) => diesel::update(target)
                .set((bump, t::deleted_at.eq(Some(at))))
                .execute(conn)?,
            Some(Transition::Restore) => diesel::update(target)
                .set((bump, t::deleted_at.eq(None::<NaiveDateTime>)))
                .execute(conn)?,
            Some(Transition::Publish) => diesel::update(target)
                .set((
                    bump,
                    t::editorial_status.eq(PUBLISHED),
                    t::published_at.eq(Some(published_at.unwrap_or(at))),
                ))
                .execute(conn)?,
            Some(Transition::Unpublish) => diesel::update(target)
                .set((bump, t::editorial_status.eq(DRAFT)))
                .execute(conn)?,
        }
    });
    Ok(updated == 1)
}

fn validate<K: Editable>(conn: &mut DbConnection, input: &K::Input) -> StoreResult<()> {
    let mut errors = input.validate().err().unwrap_or_default();
    errors.extend(K::check_references(conn, input)?);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(errors))
    }
}

fn as_json<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// The editorial view of an item, drafts and deleted ones included.
pub fn get<K: Editable>(conn: &mut DbConnection, id: &str) -> StoreResult<K::View> {
    let id = normalize_key(id);
    let state = load_state(conn, K::TYPE, &id)?;
    let content = K::read(conn, &id)?;
    Ok(K::View::new(state, content))
}

/// The public detail of an item as it will read once published, whatever its state now
/// (a draft, or in the bin): the public reading itself, run inside a transaction that marks
/// the item published and is always rolled back, so that nothing is written and the page
/// shown is the one the public will get, related items as they are now.
pub fn preview<K: Editable>(conn: &mut DbConnection, id: &str) -> StoreResult<K::Public> {
    use diesel::connection::TransactionManager;
    type Manager = <DbConnection as Connection>::TransactionManager;

    let id = normalize_key(id);
    load_state(conn, K::TYPE, &id)?;
    Manager::begin_transaction(conn)?;
    let read = (|| {
        on_table_of!(K::TYPE, |t, _title| diesel::update(
            t::table.filter(t::id.eq(&id))
        )
        .set((
            t::editorial_status.eq(PUBLISHED),
            t::deleted_at.eq(None::<NaiveDateTime>),
        ))
        .execute(conn))?;
        crate::find::<K::Public>(conn, &id)
    })();
    Manager::rollback_transaction(conn)?;
    read?.ok_or_else(|| not_found(K::TYPE, &id))
}

/// The editorial state and content of an item, for a merge patch.
pub fn content<K: Editable>(
    conn: &mut DbConnection,
    id: &str,
) -> StoreResult<(EditorialState, K::Input)> {
    let id = normalize_key(id);
    let state = load_state(conn, K::TYPE, &id)?;
    let content = K::read(conn, &id)?;
    Ok((state, content))
}

/// Creates a draft.
pub fn create<K: Editable>(
    conn: &mut DbConnection,
    actor: &Actor,
    input: K::Input,
) -> StoreResult<K::View> {
    create_as::<K>(conn, actor, input, "create")
}

/// Creates a draft, recorded in the audit log under `action` (`import` for importers).
pub fn create_as<K: Editable>(
    conn: &mut DbConnection,
    actor: &Actor,
    input: K::Input,
    action: &str,
) -> StoreResult<K::View> {
    crate::db::write_transaction(conn, |conn| {
        validate::<K>(conn, &input)?;
        let slug = resolve_slug::<K>(conn, &input, None)?;
        let id = Uuid::new_v4().hyphenated().to_string();
        K::write(conn, &id, &slug, &input, Some(now()))?;
        let content = K::read(conn, &id)?;
        record::<K>(
            conn,
            actor,
            action,
            &id,
            1,
            &serde_json::json!({}),
            &as_json(&content),
        )?;
        Ok(K::View::new(load_state(conn, K::TYPE, &id)?, content))
    })
}

/// Replaces an item's content if it is still at version `expected`.
pub fn update<K: Editable>(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    expected: i32,
    input: K::Input,
) -> StoreResult<K::View> {
    update_as::<K>(conn, actor, id, expected, input, "update")
}

/// Replaces an item's content, recorded in the audit log under `action`.
pub fn update_as<K: Editable>(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    expected: i32,
    input: K::Input,
    action: &str,
) -> StoreResult<K::View> {
    let id = normalize_key(id);
    crate::db::write_transaction(conn, |conn| {
        let state = load_state(conn, K::TYPE, &id)?;
        if state.version != expected {
            return Err(StoreError::VersionMismatch {
                expected,
                current: state.version,
            });
        }
        if state.deleted_at.is_some() {
            return Err(StoreError::Conflict(
                "Cet élément est à la corbeille : restaurez-le avant de le modifier.".to_owned(),
            ));
        }
        validate::<K>(conn, &input)?;
        let slug = resolve_slug::<K>(conn, &input, Some(&state))?;
        let before = K::read(conn, &id)?;
        if !advance(conn, K::TYPE, &id, expected, None, None)? {
            return Err(StoreError::VersionMismatch {
                expected,
                current: load_state(conn, K::TYPE, &id)?.version,
            });
        }
        K::write(conn, &id, &slug, &input, None)?;
        let after = K::read(conn, &id)?;
        K::replaced(conn, &id, &before, &after)?;
        record::<K>(
            conn,
            actor,
            action,
            &id,
            expected + 1,
            &as_json(&before),
            &as_json(&after),
        )?;
        Ok(K::View::new(load_state(conn, K::TYPE, &id)?, after))
    })
}

/// Deletes, restores, publishes or unpublishes an item. Asking for the state an item is
/// already in changes nothing. `expected`, when given, must be the current version.
pub fn transition<K: Editable>(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    expected: Option<i32>,
    transition: Transition,
) -> StoreResult<K::View> {
    let id = normalize_key(id);
    crate::db::write_transaction(conn, |conn| {
        let state = load_state(conn, K::TYPE, &id)?;
        if let Some(expected) = expected.filter(|v| *v != state.version) {
            return Err(StoreError::VersionMismatch {
                expected,
                current: state.version,
            });
        }
        let deleted = state.deleted_at.is_some();
        let published = state.status == EditorialStatus::Published;
        let already = match transition {
            Transition::Delete => deleted,
            Transition::Restore => !deleted,
            Transition::Publish => published,
            Transition::Unpublish => !published,
        };
        if already {
            let content = K::read(conn, &id)?;
            return Ok(K::View::new(state, content));
        }
        if deleted && matches!(transition, Transition::Publish | Transition::Unpublish) {
            return Err(StoreError::Conflict(
                "Cet élément est à la corbeille : restaurez-le d'abord.".to_owned(),
            ));
        }
        let published_at = state.published_at.map(|at| at.naive_utc());
        if !advance(
            conn,
            K::TYPE,
            &id,
            state.version,
            Some(transition),
            published_at,
        )? {
            return Err(StoreError::Conflict(
                "Modification concurrente : réessayez.".to_owned(),
            ));
        }
        let after = load_state(conn, K::TYPE, &id)?;
        record::<K>(
            conn,
            actor,
            transition.action(),
            &id,
            after.version,
            &state_json(&state),
            &state_json(&after),
        )?;
        let content = K::read(conn, &id)?;
        Ok(K::View::new(after, content))
    })
}

/// Writes what a change did: its audit entry (the `action` that made `version` of the item
/// `id`, and the fields it changed) and its entry in the change log the read model follows.
fn record<K: Editable>(
    conn: &mut DbConnection,
    actor: &Actor,
    action: &str,
    id: &str,
    version: i32,
    before: &serde_json::Value,
    after: &serde_json::Value,
) -> StoreResult<()> {
    record_audit(
        conn,
        actor,
        AuditRecord {
            action,
            entity: K::TYPE.as_str(),
            entity_id: id,
            version: Some(version),
            changes: diff(before, after),
        },
    )?;
    record_change(conn, ChangedEntity::from(K::TYPE), id)
}

fn state_json(state: &EditorialState) -> serde_json::Value {
    serde_json::json!({
        "status": state.status,
        "published_at": state.published_at,
        "deleted_at": state.deleted_at,
    })
}

/// The team's lists, read from the database.
mod lists;
pub use lists::list;

// --- Reference checks shared by the kinds ---------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_in_the_same_role_twice_is_one_row_and_positions_follow_the_input() {
        let a = Uuid::from_u128(1);
        let b = Uuid::from_u128(2);
        let rows = distinct_roles([
            (a, "auteur"),
            (b, "partenaire"),
            (a, "auteur"),
            (a, "soutien"),
        ]);
        let expected: Vec<(i32, String, String)> = vec![
            (0, a.hyphenated().to_string(), "auteur".to_owned()),
            (1, b.hyphenated().to_string(), "partenaire".to_owned()),
            (3, a.hyphenated().to_string(), "soutien".to_owned()),
        ];
        assert_eq!(rows, expected);
    }
}
