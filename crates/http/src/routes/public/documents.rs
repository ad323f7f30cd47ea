//! The documents of published publications, as anyone downloads them.

use actix_web::web::{self, Data};
use actix_web::HttpRequest;
use passerelle_store::public_attachment;
use passerelle_types::Problem;

use crate::blocking::with_db;
use crate::error::ApiResult;
use crate::routes::answers::not_found;
use crate::routes::documents::serve;
use crate::state::AppState;

/// Télécharger un document
///
/// Les documents des publications publiées. PDF et images s'ouvrent dans le navigateur,
/// les documents bureautiques se téléchargent ; le nom du fichier est dans
/// `Content-Disposition`.
#[utoipa::path(
    get, path = "/api/v1/documents/{id}", operation_id = "download_document",
    params(("id" = uuid::Uuid, Path, description = "Identifiant du document")),
    responses(
        (status = 200, description = "Le fichier, avec son type réel"),
        (status = 404, description = "Inconnu, ou publication non publiée", body = Problem),
    )
)]
pub async fn download(req: HttpRequest, id: web::Path<String>, state: Data<AppState>) -> ApiResult {
    let key = id.into_inner();
    let lookup = key.clone();
    let found = with_db(&state.db, move |conn| public_attachment(conn, &lookup))
        .await?
        .ok_or_else(|| not_found("document", &key))?;
    // Revalidated at each use: a withdrawn publication's files leave shared caches at once.
    serve(req, found, state.storage.clone(), "public, no-cache").await
}
