//! `passerelle import`: runs an importer and prints its report.

use std::path::Path;

use anyhow::Context;
use passerelle_documents::LocalStorage;
use passerelle_import::{members, wordpress};
use passerelle_store::Database;

use crate::cli::ImportSource;

pub fn run(db: &Database, source: &ImportSource, data_dir: &Path) -> anyhow::Result<()> {
    match source {
        ImportSource::Wordpress {
            file,
            uploads,
            dry_run,
            documents_dir,
        } => {
            let text =
                std::fs::read(file).with_context(|| format!("lecture de {}", file.display()))?;
            let text = String::from_utf8(text).map_err(|e| {
                anyhow::anyhow!(
                    "{} n'est pas en UTF-8 (octet {} illisible) : un export WordPress l'est toujours.",
                    file.display(),
                    e.utf8_error().valid_up_to()
                )
            })?;
            let export = wordpress::parse(&text).with_context(|| nothing_written(file))?;
            if let Some(uploads) = uploads.as_deref().filter(|dir| !dir.is_dir()) {
                anyhow::bail!("{} n'est pas un dossier.", uploads.display());
            }
            let storage = LocalStorage::new(
                documents_dir
                    .clone()
                    .unwrap_or_else(|| data_dir.join("documents")),
            )?;
            let options = wordpress::Options {
                dry_run: *dry_run,
                uploads: uploads.clone(),
            };
            let mut conn = db.connection()?;
            let report = wordpress::import(&mut conn, &storage, &export, &options)
                .with_context(|| nothing_written(file))?;
            print!("{report}");
            Ok(())
        }
        ImportSource::Members {
            file,
            skip_invalid,
            dry_run,
        } => {
            let bytes =
                std::fs::read(file).with_context(|| format!("lecture de {}", file.display()))?;
            let sheet = members::read(&bytes).with_context(|| nothing_written(file))?;
            let options = members::Options {
                dry_run: *dry_run,
                skip_invalid: *skip_invalid,
            };
            let name = file.file_name().map_or_else(
                || file.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let mut conn = db.connection()?;
            let report = members::import(&mut conn, &sheet, &name, &options)
                .with_context(|| nothing_written(file))?;
            print!("{report}");
            Ok(())
        }
    }
}

fn nothing_written(file: &Path) -> String {
    format!("import de {} : rien n'a été écrit", file.display())
}
