//! Documents attached to publications, as the editors handle them: upload (multipart), list,
//! download of a draft's file, removal; and how a file is sent, for them and for the public
//! (`public/documents.rs`).

use std::sync::Arc;

use actix_files::NamedFile;
use actix_multipart::Multipart;
use actix_web::http::header::HeaderValue;
use actix_web::http::header::{
    self, Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue,
};
use actix_web::web::Data;
use actix_web::{web, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use passerelle_documents::{accepted_type, clean_file_name, identify, DocumentStorage};
use passerelle_store::{
    add_attachment, list_attachments, publication_attachment, remove_attachment, ChangedEntity,
    NewAttachment,
};
use passerelle_types::{Attachment, Problem};
use uuid::Uuid;

use super::editorial::refresh_index;
use crate::auth::Staff;
use crate::blocking::with_db;
use crate::error::{ApiError, ApiResult};
use crate::openapi::parameters::{PublicationAttachment, PublicationId};
use crate::openapi::problems::{SignedOut, Unknown, UnknownPublication};
use crate::routes::answers::unshared;
use crate::state::AppState;

fn storage_error(error: std::io::Error) -> ApiError {
    if error.kind() == std::io::ErrorKind::StorageFull {
        return ApiError::StorageFull(std::sync::Arc::new(passerelle_store::StoreError::Io(error)));
    }
    ApiError::Internal(format!("stockage des documents : {error}"))
}

/// Not multipart at all: 415. Multipart, but cut short or malformed: 422, like an
/// unreadable JSON body.
fn multipart_error(error: actix_multipart::MultipartError) -> ApiError {
    use actix_multipart::MultipartError as E;
    match error {
        E::ContentTypeMissing
        | E::ContentTypeParse
        | E::ContentTypeIncompatible
        | E::BoundaryMissing => ApiError::UnsupportedMediaType(format!(
            "Corps multipart/form-data attendu, avec le fichier dans le champ « file » ({error})."
        )),
        other => ApiError::Validation(vec![passerelle_types::FieldError::new(
            "file",
            format!("Envoi interrompu ou illisible ({other})."),
        )]),
    }
}

/// Reads the `file` part of a multipart body, refusing it as soon as it passes the limit.
async fn read_file(mut payload: Multipart, limit: u64) -> ApiResult<(String, Vec<u8>)> {
    let mut found = None;
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(multipart_error)?;
        let is_file = field.name() == Some("file");
        let name = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .unwrap_or_default()
            .to_owned();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(multipart_error)?;
            if (bytes.len() + chunk.len()) as u64 > limit {
                return Err(ApiError::PayloadTooLarge(format!(
                    "Le document dépasse la taille permise ({}).",
                    human_size(limit)
                )));
            }
            if is_file {
                bytes.extend_from_slice(&chunk);
            }
        }
        if is_file && found.is_none() {
            found = Some((name, bytes));
        }
    }
    found.ok_or_else(|| {
        ApiError::Validation(vec![passerelle_types::FieldError::new(
        "file",
        "Aucun fichier : envoyez-le dans le champ « file » d'un formulaire multipart/form-data.",
    )])
    })
}

fn human_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} Mo", bytes / (1024 * 1024))
    } else {
        format!("{} Ko", bytes.div_ceil(1024))
    }
}

/// Déposer un document
///
/// The upload form, as documented.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)] // documents the wire format; reading is `read_file`
pub struct UploadForm {
    /// Le document.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Formulaire `multipart/form-data`, fichier dans le champ `file`. Le type est reconnu
/// d'après le contenu (PDF, PNG, JPEG, GIF, WebP, Word, Excel, PowerPoint, OpenDocument) ;
/// un nom qui annonce un autre type que le contenu est refusé. Le nom est nettoyé (sans
/// dossier ni caractère spécial) et prend l'extension du type réel.
#[utoipa::path(
    post, path = "/api/v1/editorial/publications/{id}/attachments", operation_id = "upload_attachment",
    params(PublicationId),
    request_body(content = UploadForm, content_type = "multipart/form-data", description = "Champ `file` : le document"),
    responses(
        (status = 201, description = "Le document", body = Attachment),
        SignedOut, UnknownPublication,
        (status = 413, description = "Document trop lourd", body = Problem),
        (status = 415, description = "Type non accepté ou déguisé", body = Problem),
        (status = 422, description = "Pas de fichier", body = Problem),
    ),
)]
pub async fn upload(
    id: web::Path<PublicationId>,
    payload: Multipart,
    staff: Staff,
    state: Data<AppState>,
) -> ApiResult {
    let (name, bytes) = read_file(payload, state.max_upload_bytes).await?;
    let kind =
        identify(&bytes, &name).map_err(|e| ApiError::UnsupportedMediaType(e.to_string()))?;
    let file_name = clean_file_name(&name, kind);
    let key = Uuid::new_v4().simple().to_string();
    let size = bytes.len() as u64;
    {
        let storage = state.storage.clone();
        let key = key.clone();
        web::block(move || storage.put(&key, &bytes))
            .await?
            .map_err(storage_error)?;
    }
    let actor = staff.actor();
    let publication_id = id.into_inner();
    let changed = publication_id.clone();
    let stored_key = key.clone();
    let recorded = with_db(&state.db, move |conn| {
        add_attachment(
            conn,
            &actor,
            NewAttachment {
                publication_id: &publication_id,
                file_name: &file_name,
                media_type: kind.media_type,
                size_bytes: size,
                storage_key: &stored_key,
            },
        )
    })
    .await;
    match recorded {
        Ok(attachment) => {
            refresh_index(&state, ChangedEntity::PUBLICATION, changed).await;
            Ok(HttpResponse::Created().json(attachment))
        }
        Err(error) => {
            // Not recorded: the bytes must not stay behind.
            let _ = web::block(move || state.storage.delete(&key)).await;
            Err(error)
        }
    }
}

/// Documents d'une publication
#[utoipa::path(
    get, path = "/api/v1/editorial/publications/{id}/attachments", operation_id = "list_attachments",
    params(PublicationId),
    responses(
        (status = 200, description = "Les documents", body = [Attachment]),
        SignedOut, UnknownPublication,
    ),
)]
pub async fn list(id: web::Path<PublicationId>, _staff: Staff, state: Data<AppState>) -> ApiResult {
    let id = id.into_inner();
    let attachments = with_db(&state.db, move |conn| {
        // An unknown publication is a 404, not an empty list.
        passerelle_store::editorial::content::<passerelle_store::editorial::Publications>(
            conn, &id,
        )?;
        list_attachments(conn, &id)
    })
    .await?;
    Ok(unshared(HttpResponse::Ok(), attachments))
}

/// Retirer un document
///
/// Le fichier est supprimé du stockage.
#[utoipa::path(
    delete, path = "/api/v1/editorial/publications/{id}/attachments/{attachment}", operation_id = "delete_attachment",
    params(PublicationAttachment),
    responses(
        (status = 204, description = "Retiré"),
        SignedOut, Unknown,
    ),
)]
pub async fn remove(
    path: web::Path<PublicationAttachment>,
    staff: Staff,
    state: Data<AppState>,
) -> ApiResult {
    let PublicationAttachment {
        id: publication_id,
        attachment: id,
    } = path.into_inner();
    let actor = staff.actor();
    let changed = publication_id.clone();
    let key = with_db(&state.db, move |conn| {
        remove_attachment(conn, &actor, &publication_id, &id)
    })
    .await?;
    let storage = state.storage.clone();
    if let Err(error) = web::block(move || storage.delete(&key)).await? {
        // The record is gone; a leftover file is only wasted space.
        tracing::warn!(%error, "fichier de document non supprimé");
    }
    refresh_index(&state, ChangedEntity::PUBLICATION, changed).await;
    Ok(HttpResponse::NoContent().finish())
}

/// Télécharger un document (rédaction)
///
/// Même pour une publication en brouillon.
#[utoipa::path(
    get, path = "/api/v1/editorial/publications/{id}/attachments/{attachment}", operation_id = "download_attachment",
    params(PublicationAttachment),
    responses(
        (status = 200, description = "Le fichier"),
        SignedOut, Unknown,
    ),
)]
pub async fn download_draft(
    req: HttpRequest,
    path: web::Path<PublicationAttachment>,
    _staff: Staff,
    state: Data<AppState>,
) -> ApiResult {
    let PublicationAttachment {
        id: publication_id,
        attachment: id,
    } = path.into_inner();
    let found = with_db(&state.db, move |conn| {
        publication_attachment(conn, &publication_id, &id)
    })
    .await?;
    serve(req, found, state.storage.clone(), "private, no-store").await
}

/// Streams a document from storage (never read whole), with its ETag and `Last-Modified`
/// for revalidation and `Range` for resumed downloads and PDF viewers. Inline images are
/// sandboxed; compressed formats are not compressed again.
pub(crate) async fn serve(
    req: HttpRequest,
    (attachment, key): (Attachment, String),
    storage: Arc<dyn DocumentStorage>,
    cache: &'static str,
) -> ApiResult {
    let file = web::block(move || storage.open(&key))
        .await?
        .map_err(storage_error)?;
    let kind = accepted_type(&attachment.media_type);
    let inline = kind.is_some_and(|t| t.inline);
    let disposition = ContentDisposition {
        disposition: if inline {
            DispositionType::Inline
        } else {
            DispositionType::Attachment
        },
        // An ASCII name for old clients, the exact one (RFC 5987) for the others.
        parameters: vec![
            DispositionParam::Filename(
                attachment
                    .file_name
                    .chars()
                    .map(|c| {
                        if c.is_ascii_graphic() || c == ' ' {
                            c
                        } else {
                            '_'
                        }
                    })
                    .filter(|c| *c != '"' && *c != '\\')
                    .collect(),
            ),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".to_owned()),
                language_tag: None,
                value: attachment.file_name.clone().into_bytes(),
            }),
        ],
    };
    let media_type = attachment
        .media_type
        .parse::<actix_web::mime::Mime>()
        .unwrap_or(actix_web::mime::APPLICATION_OCTET_STREAM);
    let mut response = NamedFile::from_file(file, &attachment.file_name)
        .map_err(storage_error)?
        .set_content_type(media_type)
        .set_content_disposition(disposition)
        .use_etag(true)
        .use_last_modified(true)
        .into_response(&req);
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    // An image opened on its own cannot run anything. PDF is left out: Chromium and Safari
    // refuse to show a sandboxed PDF at all, and its scripts run in the viewer, not the site.
    if inline && attachment.media_type.starts_with("image/") {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("sandbox"),
        );
    }
    if kind.is_some_and(|t| t.compressed) {
        crate::middleware::compression::mark_plain(headers);
    }
    Ok(response)
}
