//! `passerelle import`: runs an importer and prints its report.

use std::path::Path;

use anyhow::Context;
use passerelle_documents::LocalStorage;
use passerelle_import::{archive, members, wordpress};
use passerelle_store::{Actor, Database};

use crate::cli::ImportSource;

pub fn run(db: &Database, source: &ImportSource, data_dir: &Path) -> anyhow::Result<()> {
    match source {
        ImportSource::Wordpress {
            file,
            uploads,
            dry_run,
            documents_dir,
            max_upload_mb,
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
            let storage = storage(documents_dir.as_deref(), data_dir)?;
            let options = wordpress::Options {
                dry_run: *dry_run,
                uploads: uploads.clone(),
                max_document_bytes: max_upload_mb.saturating_mul(1024 * 1024),
            };
            let mut conn = db.connection()?;
            let report = wordpress::import(&mut conn, &storage, &export, &options)
                .with_context(|| nothing_written(file))?;
            print!("{report}");
            Ok(())
        }
        ImportSource::Archive {
            file,
            documents_dir,
        } => {
            let input = std::fs::File::open(file)
                .with_context(|| format!("lecture de {}", file.display()))?;
            let storage = storage(documents_dir.as_deref(), data_dir)?;
            let mut conn = db.connection()?;
            let report = archive::restore(&mut conn, &storage, std::io::BufReader::new(input))
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
            let report = members::import(&mut conn, &sheet, &name, &options, Actor::command_line())
                .with_context(|| nothing_written(file))?;
            print!("{report}");
            Ok(())
        }
    }
}

fn nothing_written(file: &Path) -> String {
    format!("import de {} : rien n'a été écrit", file.display())
}

/// Document storage: the folder given, else `documents` in the data folder (as `serve`).
fn storage(documents_dir: Option<&Path>, data_dir: &Path) -> anyhow::Result<LocalStorage> {
    let dir = documents_dir.map_or_else(|| data_dir.join("documents"), Path::to_path_buf);
    LocalStorage::new(&dir).with_context(|| format!("dossier des documents {}", dir.display()))
}

/// `passerelle export`: the whole site as an archive.
pub fn export(
    db: &Database,
    output: Option<&Path>,
    documents_dir: Option<&Path>,
    data_dir: &Path,
) -> anyhow::Result<()> {
    let path = output.map_or_else(
        || {
            let today = chrono::Local::now().format("%Y-%m-%d");
            std::path::PathBuf::from(format!("passerelle-{today}.tar"))
        },
        Path::to_path_buf,
    );
    let storage = storage(documents_dir, data_dir)?;
    // Written beside, then renamed: a failed export leaves no half archive behind.
    let partial = path.with_extension("tar.partiel");
    let file = std::fs::File::create(&partial)
        .with_context(|| format!("écriture de {}", partial.display()))?;
    let mut conn = db.connection()?;
    let manifest = match archive::export(&mut conn, &storage, std::io::BufWriter::new(file)) {
        Ok(manifest) => manifest,
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            return Err(error).context("export impossible");
        }
    };
    std::fs::rename(&partial, &path)?;
    let counts: Vec<String> = manifest
        .counts
        .iter()
        .map(|(table, n)| format!("{table} : {n}"))
        .collect();
    println!(
        "Archive écrite : {}\n  {}",
        path.display(),
        counts.join(", ")
    );
    Ok(())
}
