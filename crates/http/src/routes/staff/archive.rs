//! The whole site as a backup archive, for administrators: what `passerelle export` writes.

use std::io::{Seek, SeekFrom};

use actix_files::NamedFile;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::web::Data;
use actix_web::HttpRequest;
use passerelle_import::{archive, ImportError};
use passerelle_types::Problem;

use crate::auth::Admin;
use crate::blocking::with_db;
use crate::error::{ApiError, ApiResult};
use crate::openapi::problems::{AdminsOnly, BadParameter, SignedOut};
use crate::routes::answers::no_parameters;
use crate::state::AppState;

/// Sauvegarde complète
///
/// Tout le site en une archive tar, au format de `passerelle export` : contenus avec
/// brouillons et corbeille (`publications.jsonl`, `events.jsonl`, `members.jsonl`, une ligne
/// JSON par élément, telle que l'API de rédaction la montre), thèmes, territoires, documents
/// et leurs fichiers, comptes sans mot de passe, journal d'audit, et `manifest.json` avec
/// l'empreinte de chaque fichier. Se restaure dans une base vide, SQLite ou PostgreSQL, par
/// `passerelle import archive`. Réservée aux administrateurs.
#[utoipa::path(
    get, path = "/api/v1/archive", operation_id = "download_archive",
    responses(
        (status = 200, description = "L'archive (`application/x-tar`), nommée `passerelle-AAAA-MM-JJ.tar`"),
        BadParameter, SignedOut, AdminsOnly,
        (status = 503, description = "Base de données indisponible", body = Problem),
    ),
)]
pub async fn download(req: HttpRequest, _admin: Admin, state: Data<AppState>) -> ApiResult {
    no_parameters(&req)?;
    // Written to an unnamed temporary file, then streamed: the documents' files may be
    // larger than memory should hold.
    let storage = state.storage.clone();
    let written = with_db(&state.db, move |conn| {
        let mut file = tempfile::tempfile()?;
        let outcome = archive::export(conn, &*storage, &mut file);
        file.seek(SeekFrom::Start(0))?;
        Ok(outcome.map(|_| file))
    })
    .await?;
    let file = written.map_err(|error| match error {
        ImportError::Store(e) => ApiError::from(e),
        // A document whose file is gone: the server is at fault, and says so in its log.
        other => ApiError::Internal(format!("sauvegarde : {other}")),
    })?;
    let name = format!("passerelle-{}.tar", chrono::Local::now().format("%Y-%m-%d"));
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::Filename(name.clone())],
    };
    let mut response = NamedFile::from_file(file, &name)
        .map_err(|e| ApiError::Internal(format!("sauvegarde : {e}")))?
        .set_content_type(
            "application/x-tar"
                .parse()
                .unwrap_or(actix_web::mime::APPLICATION_OCTET_STREAM),
        )
        .set_content_disposition(disposition)
        .use_etag(false)
        .use_last_modified(false)
        .into_response(&req);
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}
