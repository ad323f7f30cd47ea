//! What an import of the network directory did, or would do (a preview), as the editors'
//! screen shows it.

use serde::{Deserialize, Serialize};

/// A row of the sheet left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RejectedRow {
    /// Ligne du fichier (l'en-tête est la ligne 1).
    pub line: u32,
    /// Colonne telle que le tableur la montre (`C (Type)`) ; vide quand toute la ligne est en cause.
    pub column: String,
    pub message: String,
}

/// What a valid row did, or would do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RowOutcome {
    /// Une nouvelle structure.
    Created,
    /// Une structure déjà présente, mise à jour par les cellules remplies.
    Updated,
    /// Une structure déjà à jour.
    Unchanged,
}

impl RowOutcome {
    /// How a screen says it.
    pub fn label(self) -> &'static str {
        match self {
            RowOutcome::Created => "créée",
            RowOutcome::Updated => "mise à jour",
            RowOutcome::Unchanged => "déjà à jour",
        }
    }
}

/// A valid row and what it did, or would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportedRow {
    pub line: u32,
    /// Nom de la structure.
    pub name: String,
    pub outcome: RowOutcome,
}

/// The outcome of an import of the network directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberImport {
    /// Vrai pour un aperçu : rien n'a été écrit.
    pub dry_run: bool,
    /// Structures créées (ou qui le seraient).
    pub created: u32,
    /// Structures déjà présentes mises à jour par leurs cellules remplies.
    pub updated: u32,
    /// Structures déjà à jour.
    pub unchanged: u32,
    /// Chaque ligne valide et ce qu'elle a fait (ou ferait), dans l'ordre du fichier.
    pub rows: Vec<ImportedRow>,
    /// Lignes invalides, laissées de côté (aperçu, ou import qui les ignore).
    pub rejected: Vec<RejectedRow>,
    /// Ce qui mérite un coup d'œil : colonnes inconnues, communes rattachées à leur département.
    pub warnings: Vec<String>,
}
