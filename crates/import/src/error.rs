//! What can stop an import. Every one of them stops it whole: nothing is written.

use std::fmt;

use passerelle_store::StoreError;
use passerelle_types::FieldError;

/// Line and column of a fault in the imported file, from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ligne {}, colonne {}", self.line, self.column)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("fichier illisible ({at}) : {message}")]
    Malformed { at: Position, message: String },
    #[error(
        "ce fichier n'est pas un export WordPress (WXR) : exportez-le depuis Outils › Exporter \
         › Tout le contenu"
    )]
    NotAnExport,
    /// An item of the source that Passerelle refuses, with each field's reason.
    #[error("{item} : {}", describe(.errors))]
    Invalid {
        item: String,
        errors: Vec<FieldError>,
    },
    /// The faults of a spreadsheet, every one of them, each with its line and column.
    #[error("{} erreur(s) dans le fichier :\n{}", .0.len(), list(.0))]
    Sheet(Vec<crate::report::RowError>),
    /// A backup archive that cannot be restored.
    #[error("archive : {0}")]
    Archive(String),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("documents : {0}")]
    Storage(String),
    /// How a dry run rolls its transaction back; `import` turns it into its report.
    #[error("simulation")]
    DryRun(Box<crate::Report>),
}

fn describe(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{} ({})", e.message, e.field))
        .collect::<Vec<_>>()
        .join(" ; ")
}

fn list(errors: &[crate::report::RowError]) -> String {
    errors
        .iter()
        .map(|e| format!("  - {e}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl From<diesel::result::Error> for ImportError {
    fn from(error: diesel::result::Error) -> Self {
        ImportError::Store(StoreError::from(error))
    }
}
