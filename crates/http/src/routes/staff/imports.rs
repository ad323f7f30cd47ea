//! Importing the network directory from a spreadsheet, for administrators: a preview that
//! writes nothing, then the import — what `passerelle import members` does.

use actix_web::web::Data;
use actix_web::{web, HttpRequest, HttpResponse};
use passerelle_catalog::refresh;
use passerelle_import::{members, Fate, ImportError, Report};
use passerelle_store::ChangedEntity;
use passerelle_types::{FieldError, ImportedRow, MemberImport, Problem, RejectedRow, RowOutcome};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Admin;
use crate::blocking::with_db;
use crate::error::{ApiError, ApiResult};
use crate::openapi::problems::{AdminsOnly, BadParameter, SignedOut};
use crate::routes::answers::{staff_query, unshared};
use crate::state::AppState;

/// The largest sheet taken: a directory of thousands of structures fits many times over.
pub const MAX_SHEET_BYTES: usize = 5 * 1024 * 1024;

/// How to import.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ImportParams {
    /// Aperçu : dit ce que l'import ferait, lignes invalides comprises, et n'écrit rien.
    #[serde(default)]
    dry_run: bool,
    /// Importe les lignes valides et laisse les autres de côté, au lieu de tout refuser.
    #[serde(default)]
    skip_invalid: bool,
}

/// Importer l'annuaire depuis un tableur
///
/// Le corps est le fichier CSV tel que le tableur l'enregistre (`;` ou `,`, UTF-8 ou
/// Windows-1252) : nom, type, commune (nom ou code INSEE), département, site web, contact
/// public, téléphone, thèmes, code QPV, description. Avec `dry_run=true`, rien n'est écrit
/// et la réponse dit ce qui serait créé ou mis à jour, et chaque ligne invalide avec sa
/// colonne. Sans lui, une ligne invalide fait tout refuser (422, chaque faute nommée
/// `ligne N, colonne X`) sauf avec `skip_invalid=true`. Les structures importées sont
/// publiées ; une structure déjà présente (même nom, territoire qui recoupe) est mise à
/// jour par les cellules remplies. Réservé aux administrateurs.
#[utoipa::path(
    post, path = "/api/v1/imports/members", operation_id = "import_members",
    params(ImportParams),
    request_body(content = String, content_type = "text/csv", description = "Le fichier CSV"),
    responses(
        (status = 200, description = "Ce que l'import a fait, ou ferait", body = MemberImport),
        BadParameter, SignedOut, AdminsOnly,
        (status = 413, description = "Fichier de plus de 5 Mo", body = Problem),
        (status = 422, description = "Fichier illisible ou lignes invalides : rien n'a été écrit", body = Problem),
    ),
)]
pub async fn members(
    req: HttpRequest,
    admin: Admin,
    body: web::Bytes,
    state: Data<AppState>,
) -> ApiResult {
    let params: ImportParams = staff_query(&req, "dry_run et skip_invalid sont permis")?;
    let sheet = members::read(&body).map_err(refused)?;
    let options = members::Options {
        // A preview lists the invalid rows beside what the others would do.
        dry_run: params.dry_run,
        skip_invalid: params.skip_invalid || params.dry_run,
    };
    let actor = admin.0.actor();
    let outcome = with_db(&state.db, move |conn| {
        Ok(members::import(conn, &sheet, "tableur", &options, actor))
    })
    .await?;
    let report = outcome.map_err(refused)?;
    // What the import wrote is searchable when the answer arrives.
    let written = report.written.clone();
    let state = state.clone();
    let refreshed = web::block(move || -> Result<(), passerelle_catalog::CatalogError> {
        for id in &written {
            refresh(&state.db, &state.engine, ChangedEntity::MEMBER, id)?;
        }
        Ok(())
    })
    .await;
    match refreshed {
        Ok(Ok(())) => {}
        Ok(Err(error)) => tracing::warn!(%error, "index non mis à jour après l'import"),
        Err(error) => tracing::warn!(%error, "index non mis à jour après l'import"),
    }
    Ok(unshared(HttpResponse::Ok(), summary(&report)))
}

fn summary(report: &Report) -> MemberImport {
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    MemberImport {
        dry_run: report.dry_run,
        created: count(report.members.created),
        updated: count(report.members.updated),
        unchanged: count(report.members.unchanged),
        rows: report
            .rows
            .iter()
            .map(|(line, name, fate)| ImportedRow {
                line: count(*line),
                name: name.clone(),
                outcome: match fate {
                    Fate::Created => RowOutcome::Created,
                    Fate::Updated => RowOutcome::Updated,
                    _ => RowOutcome::Unchanged,
                },
            })
            .collect(),
        rejected: report
            .rejected
            .iter()
            .map(|row| RejectedRow {
                line: count(row.line),
                column: row.column.clone(),
                message: row.message.clone(),
            })
            .collect(),
        warnings: report.warnings.clone(),
    }
}

/// A sheet refused: each fault as a field error named by its line and column.
fn refused(error: ImportError) -> ApiError {
    match error {
        ImportError::Sheet(rows) => ApiError::Validation(
            rows.into_iter()
                .map(|row| {
                    let at = if row.column.is_empty() {
                        format!("ligne {}", row.line)
                    } else {
                        format!("ligne {}, colonne {}", row.line, row.column)
                    };
                    FieldError::new(at, row.message)
                })
                .collect(),
        ),
        ImportError::Invalid { item, errors } => ApiError::Validation(
            errors
                .into_iter()
                .map(|e| FieldError::new(format!("{item} : {}", e.field), e.message))
                .collect(),
        ),
        ImportError::Store(error) => ApiError::from(error),
        other => ApiError::Internal(other.to_string()),
    }
}
