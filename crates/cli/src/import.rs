//! `passerelle import`: runs an importer and prints its report.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Subcommand;
use passerelle_documents::LocalStorage;
use passerelle_import::{archive, members, wordpress};
use passerelle_store::{Actor, Database};

#[derive(Subcommand)]
pub enum ImportSource {
    /// Un site WordPress, depuis son fichier d'export (Outils › Exporter › Tout le contenu) :
    /// articles, événements de The Events Calendar (lieux, organisateurs), catégories.
    /// Réimporter le même fichier ne change rien ; un export plus récent met à jour ce qui
    /// a changé.
    Wordpress {
        /// Le fichier d'export (WXR, `.xml`).
        file: PathBuf,
        /// Copie locale du dossier `wp-content/uploads` du site : les fichiers cités qui s'y
        /// trouvent deviennent des documents des publications ; les autres restent des liens
        /// vers le site d'origine. Rien n'est téléchargé.
        #[arg(long)]
        uploads: Option<PathBuf>,
        /// Dit ce que l'import ferait, sans rien écrire.
        #[arg(long)]
        dry_run: bool,
        /// Dossier des documents (par défaut `documents` dans le dossier de données).
        #[arg(long, env = "PASSERELLE_DOCUMENTS_DIR")]
        documents_dir: Option<PathBuf>,
        /// Taille maximale d'un document, en mégaoctets, comme pour un dépôt de l'équipe ;
        /// un fichier plus grand reste un lien.
        #[arg(long, env = "PASSERELLE_MAX_UPLOAD_MB", default_value_t = 20)]
        max_upload_mb: u64,
    },
    /// Une archive de sauvegarde de Passerelle (`passerelle export`), dans une base vide,
    /// SQLite ou PostgreSQL. Les comptes reviennent sans mot de passe : à redéfinir par
    /// `passerelle user password`.
    Archive {
        /// Le fichier `.tar`.
        file: PathBuf,
        /// Dossier des documents (par défaut `documents` dans le dossier de données).
        #[arg(long, env = "PASSERELLE_DOCUMENTS_DIR")]
        documents_dir: Option<PathBuf>,
    },
    /// L'annuaire du réseau depuis un tableur exporté en CSV (`;` ou `,`, UTF-8 ou
    /// Windows-1252) : nom, type, commune (nom ou code INSEE), département, site web, contact
    /// public, thèmes, code QPV. Chaque ligne fautive est dite avec sa ligne et sa colonne,
    /// et rien n'est écrit tant qu'il en reste une. Les structures sont publiées ; une
    /// structure déjà présente (même nom, même commune) est mise à jour, pas doublée.
    Members {
        /// Le fichier CSV.
        file: PathBuf,
        /// Importe les lignes valides et liste les autres, au lieu de tout refuser.
        #[arg(long)]
        skip_invalid: bool,
        /// Dit ce que l'import ferait, sans rien écrire.
        #[arg(long)]
        dry_run: bool,
    },
}

fn read(file: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(file).with_context(|| format!("lecture de {}", file.display()))
}

pub fn run(db: &Database, source: &ImportSource, data_dir: &Path) -> anyhow::Result<()> {
    match source {
        ImportSource::Wordpress {
            file,
            uploads,
            dry_run,
            documents_dir,
            max_upload_mb,
        } => {
            let text = String::from_utf8(read(file)?).map_err(|e| {
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
            let sheet = members::read(&read(file)?).with_context(|| nothing_written(file))?;
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
