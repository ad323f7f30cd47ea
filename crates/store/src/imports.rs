//! Where imported content came from. An importer names each source item with an origin
//! (`https://site.example/?p=42`, `membres.csv#ligne-12`…) and keeps the fingerprint of
//! what it imported, so that a second import of the same source finds what the first made
//! and changes it only if the source changed.

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::error::StoreResult;
use crate::schema::{import_origins, members};

/// What an origin became the last time it was imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedOrigin {
    /// `publication`, `event`, `member` or `attachment`.
    pub entity: String,
    pub entity_id: String,
    pub fingerprint: String,
}

pub fn find_origin(conn: &mut DbConnection, origin: &str) -> StoreResult<Option<ImportedOrigin>> {
    let row: Option<(String, String, String)> = import_origins::table
        .filter(import_origins::origin.eq(origin))
        .select((
            import_origins::entity,
            import_origins::entity_id,
            import_origins::fingerprint,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|(entity, entity_id, fingerprint)| ImportedOrigin {
        entity,
        entity_id,
        fingerprint,
    }))
}

/// Records (or replaces) what an origin became.
pub fn remember_origin(
    conn: &mut DbConnection,
    origin: &str,
    imported: &ImportedOrigin,
) -> StoreResult<()> {
    diesel::delete(import_origins::table.filter(import_origins::origin.eq(origin)))
        .execute(conn)?;
    diesel::insert_into(import_origins::table)
        .values((
            import_origins::origin.eq(origin),
            import_origins::entity.eq(&imported.entity),
            import_origins::entity_id.eq(&imported.entity_id),
            import_origins::fingerprint.eq(&imported.fingerprint),
            import_origins::imported_at.eq(crate::now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Id and name of every network member not in the bin, for importers that match members
/// by name.
pub fn member_names(conn: &mut DbConnection) -> StoreResult<Vec<(String, String)>> {
    Ok(members::table
        .filter(members::deleted_at.is_null())
        .select((members::id, members::name))
        .order(members::created_at)
        .load(conn)?)
}
