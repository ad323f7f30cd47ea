//! Records of the documents attached to publications (their bytes are in document storage).
//!
//! Adding stores the bytes first and then the record; removing deletes the record and then
//! the bytes: a record never points at a missing file.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use passerelle_types::Attachment;
use uuid::Uuid;

use serde_json::Value;

use crate::audit::{change, record_audit, Actor, AuditRecord};
use crate::changes::{record_change, ChangedEntity};
use crate::db::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{attachments, publications};
use crate::{normalize_key, parse_id};

/// An attachment as the API shows it, its address derived from its id.
pub(crate) fn attachment(
    id: &str,
    file_name: String,
    media_type: String,
    size_bytes: i64,
    created_at: NaiveDateTime,
) -> StoreResult<Attachment> {
    Ok(Attachment {
        id: parse_id(id)?,
        url: format!("/api/v1/documents/{id}"),
        file_name,
        media_type,
        size_bytes: u64::try_from(size_bytes).unwrap_or(0),
        created_at: created_at.and_utc(),
    })
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = attachments)]
struct AttachmentRow {
    id: String,
    file_name: String,
    media_type: String,
    size_bytes: i64,
    storage_key: String,
    created_at: NaiveDateTime,
}

impl AttachmentRow {
    fn into_dto(self) -> StoreResult<(Attachment, String)> {
        let attachment = attachment(
            &self.id,
            self.file_name,
            self.media_type,
            self.size_bytes,
            self.created_at,
        )?;
        Ok((attachment, self.storage_key))
    }
}

/// A document about to be recorded, its bytes already stored under `storage_key`.
pub struct NewAttachment<'a> {
    pub publication_id: &'a str,
    pub file_name: &'a str,
    pub media_type: &'a str,
    pub size_bytes: u64,
    pub storage_key: &'a str,
}

pub fn add_attachment(
    conn: &mut DbConnection,
    actor: &Actor,
    new: NewAttachment<'_>,
) -> StoreResult<Attachment> {
    let publication_id = normalize_key(new.publication_id);
    crate::db::write_transaction(conn, |conn| {
        let exists = diesel::select(diesel::dsl::exists(
            publications::table.filter(publications::id.eq(&publication_id)),
        ))
        .get_result::<bool>(conn)?;
        if !exists {
            return Err(StoreError::NotFound(format!(
                "Aucune publication ne porte l'identifiant « {publication_id} »."
            )));
        }
        let id = Uuid::new_v4().hyphenated().to_string();
        diesel::insert_into(attachments::table)
            .values((
                attachments::id.eq(&id),
                attachments::publication_id.eq(&publication_id),
                attachments::file_name.eq(new.file_name),
                attachments::media_type.eq(new.media_type),
                attachments::size_bytes.eq(i64::try_from(new.size_bytes).unwrap_or(i64::MAX)),
                attachments::storage_key.eq(new.storage_key),
                attachments::created_at.eq(crate::now()),
            ))
            .execute(conn)?;
        record_audit(
            conn,
            actor,
            AuditRecord::unversioned(
                "attach",
                "publication",
                &publication_id,
                change("attachments", Value::Null, new.file_name),
            ),
        )?;
        // The public page lists its documents: it changed.
        record_change(conn, ChangedEntity::PUBLICATION, &publication_id)?;
        let (attachment, _) =
            find(conn, &id)?.ok_or_else(|| StoreError::Corrupt("document disparu".to_owned()))?;
        Ok(attachment)
    })
}

fn find(conn: &mut DbConnection, id: &str) -> StoreResult<Option<(Attachment, String)>> {
    attachments::table
        .filter(attachments::id.eq(id))
        .select(AttachmentRow::as_select())
        .first(conn)
        .optional()?
        .map(AttachmentRow::into_dto)
        .transpose()
}

/// The documents of a publication, oldest first.
pub fn list_attachments(
    conn: &mut DbConnection,
    publication_id: &str,
) -> StoreResult<Vec<Attachment>> {
    attachments::table
        .filter(attachments::publication_id.eq(normalize_key(publication_id)))
        .order((attachments::created_at, attachments::id))
        .select(AttachmentRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|row| row.into_dto().map(|(attachment, _)| attachment))
        .collect()
}

/// A document the public may download — its publication is published and not deleted —
/// with its storage key.
pub fn public_attachment(
    conn: &mut DbConnection,
    id: &str,
) -> StoreResult<Option<(Attachment, String)>> {
    attachments::table
        .inner_join(publications::table)
        .filter(attachments::id.eq(normalize_key(id)))
        .filter(crate::publicly_visible!(publications))
        .select(AttachmentRow::as_select())
        .first(conn)
        .optional()?
        .map(AttachmentRow::into_dto)
        .transpose()
}

/// A document of a publication, whatever the publication's state, with its storage key.
pub fn publication_attachment(
    conn: &mut DbConnection,
    publication_id: &str,
    id: &str,
) -> StoreResult<(Attachment, String)> {
    attachments::table
        .filter(attachments::id.eq(normalize_key(id)))
        .filter(attachments::publication_id.eq(normalize_key(publication_id)))
        .select(AttachmentRow::as_select())
        .first(conn)
        .optional()?
        .map(AttachmentRow::into_dto)
        .transpose()?
        .ok_or_else(|| {
            StoreError::NotFound(format!("Aucun document « {id} » pour cette publication."))
        })
}

/// Removes a document's record; returns its storage key, for the caller to delete the bytes
/// once this is committed.
pub fn remove_attachment(
    conn: &mut DbConnection,
    actor: &Actor,
    publication_id: &str,
    id: &str,
) -> StoreResult<String> {
    crate::db::write_transaction(conn, |conn| {
        let (attachment, key) = publication_attachment(conn, publication_id, id)?;
        diesel::delete(
            attachments::table.filter(attachments::id.eq(attachment.id.hyphenated().to_string())),
        )
        .execute(conn)?;
        record_audit(
            conn,
            actor,
            AuditRecord::unversioned(
                "detach",
                "publication",
                &normalize_key(publication_id),
                change("attachments", &attachment.file_name, Value::Null),
            ),
        )?;
        record_change(
            conn,
            ChangedEntity::PUBLICATION,
            &normalize_key(publication_id),
        )?;
        Ok(key)
    })
}
