//! An item's earlier versions, rebuilt from the audit log, and their restoration as a new
//! version: history is never rewritten.

use diesel::prelude::*;

use super::{as_json, load_state, update_as, Editable, Transition};
use crate::audit::Actor;
use crate::db::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::normalize_key;
use crate::schema::audit_log;

/// An item's content as it stood at `version`: the current content with every later content
/// change undone, newest first. Transitions (publish, bin…) change the state, not the
/// content, and are passed over.
pub fn content_at<K: Editable>(
    conn: &mut DbConnection,
    id: &str,
    version: i32,
) -> StoreResult<K::Input> {
    let id = normalize_key(id);
    let state = load_state(conn, K::TYPE, &id)?;
    if !(1..state.version).contains(&version) {
        return Err(StoreError::invalid(
            "version",
            format!(
                "Choisissez une version antérieure à la version actuelle ({}).",
                state.version
            ),
        ));
    }
    let later: Vec<(Option<i32>, String, String)> = audit_log::table
        .filter(audit_log::entity.eq(K::TYPE.as_str()))
        .filter(audit_log::entity_id.eq(&id))
        .filter(audit_log::version.gt(version))
        .order(audit_log::id.desc())
        .select((audit_log::version, audit_log::action, audit_log::changes))
        .load(conn)?;
    // Every later version must be in the log, or what is rebuilt would be a guess.
    let logged: std::collections::BTreeSet<i32> = later
        .iter()
        .filter_map(|(version, _, _)| *version)
        .collect();
    if (version + 1..=state.version).any(|v| !logged.contains(&v)) {
        return Err(StoreError::NotFound(format!(
            "L'historique de cet élément ne remonte pas jusqu'à la version {version}."
        )));
    }
    let transitions = [
        Transition::Delete,
        Transition::Restore,
        Transition::Publish,
        Transition::Unpublish,
    ]
    .map(Transition::action);
    let mut content = as_json(&K::read(conn, &id)?);
    for (_, action, changes) in later {
        if transitions.contains(&action.as_str()) {
            continue;
        }
        let changes: serde_json::Value = serde_json::from_str(&changes)
            .map_err(|e| StoreError::Corrupt(format!("journal d'audit illisible : {e}")))?;
        for (field, change) in changes.as_object().into_iter().flatten() {
            if let Some(slot) = content.get_mut(field) {
                *slot = change["before"].clone();
            }
        }
    }
    serde_json::from_value(content)
        .map_err(|e| StoreError::Corrupt(format!("version {version} illisible : {e}")))
}

/// Makes the content of `version` the item's content again, as a new version after
/// `expected`; logged as `restore_version`.
pub fn restore_version<K: Editable>(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    expected: i32,
    version: i32,
) -> StoreResult<K::View> {
    crate::db::write_transaction(conn, |conn| {
        let content = content_at::<K>(conn, id, version)?;
        update_as::<K>(conn, actor, id, expected, content, "restore_version")
    })
}
