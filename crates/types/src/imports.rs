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
    /// Lignes invalides, laissées de côté (aperçu, ou import qui les ignore).
    pub rejected: Vec<RejectedRow>,
    /// Ce qui mérite un coup d'œil : colonnes inconnues, communes rattachées à leur département.
    pub warnings: Vec<String>,
}
