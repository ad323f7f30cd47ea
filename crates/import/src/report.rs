//! What an import did (or, dry, would do), told in French.

use std::collections::BTreeMap;
use std::fmt;

/// What became of one source item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    Created,
    Updated,
    Unchanged,
    /// Put in the bin by the team since it was imported: left there.
    InBin,
    /// An organiser matched to a network member the team already had, left as it is.
    Matched,
}

/// How many items of a kind met each fate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub in_bin: usize,
    pub matched: usize,
}

impl Counts {
    pub fn count(&mut self, fate: &Fate) {
        match fate {
            Fate::Created => self.created += 1,
            Fate::Updated => self.updated += 1,
            Fate::Unchanged => self.unchanged += 1,
            Fate::InBin => self.in_bin += 1,
            Fate::Matched => self.matched += 1,
        }
    }

    /// Whether anything of the kind was written.
    pub fn wrote(&self) -> bool {
        self.created + self.updated > 0
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub dry_run: bool,
    /// What was imported: `du site https://…`, `du fichier membres.csv`.
    pub source: String,
    pub publications: Counts,
    pub events: Counts,
    pub members: Counts,
    /// How the report names the members: « Membres du réseau », « … (organisateurs) ».
    pub members_label: String,
    pub themes_created: usize,
    pub documents_stored: usize,
    /// Addresses of the site's files left as links (not found locally, or refused).
    pub links_kept: usize,
    pub skipped: BTreeMap<String, usize>,
    pub comments: usize,
    pub unknown_shortcodes: BTreeMap<String, usize>,
    pub warnings: Vec<String>,
    /// Rows left out because they are invalid (when asked to skip them), with why.
    pub rejected: Vec<RowError>,
    /// Ids of the members created or changed, for the index to follow at once.
    pub written: Vec<String>,
    /// Each valid row of a sheet (its line and name) and what became of it.
    pub rows: Vec<(usize, String, Fate)>,
}

impl Report {
    pub fn new(source: String, dry_run: bool) -> Self {
        Report {
            dry_run,
            source,
            members_label: "Membres du réseau".to_owned(),
            ..Report::default()
        }
    }

    /// Whether the import changed anything.
    pub fn wrote(&self) -> bool {
        self.publications.wrote()
            || self.events.wrote()
            || self.members.wrote()
            || self.themes_created > 0
            || self.documents_stored > 0
    }
}

/// A kind's line, when the source had any of it.
fn line(f: &mut fmt::Formatter<'_>, what: &str, counts: &Counts) -> fmt::Result {
    if *counts == Counts::default() {
        return Ok(());
    }
    let mut parts = vec![
        format!("{} créé(s)", counts.created),
        format!("{} mis à jour", counts.updated),
        format!("{} inchangé(s)", counts.unchanged),
    ];
    if counts.in_bin > 0 {
        parts.push(format!("{} laissé(s) à la corbeille", counts.in_bin));
    }
    if counts.matched > 0 {
        parts.push(format!(
            "{} rattaché(s) à un membre existant du même nom",
            counts.matched
        ));
    }
    writeln!(f, "  {what} : {}", parts.join(", "))
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.dry_run {
            writeln!(
                f,
                "Simulation : rien n'a été écrit. Voici ce que l'import ferait."
            )?;
        }
        writeln!(f, "Import {}", self.source)?;
        line(f, "Publications", &self.publications)?;
        line(f, "Événements", &self.events)?;
        line(f, &self.members_label, &self.members)?;
        if self.themes_created > 0 {
            writeln!(f, "  Thèmes créés : {}", self.themes_created)?;
        }
        if self.documents_stored + self.links_kept > 0 {
            writeln!(
                f,
                "  Fichiers : {} enregistré(s) comme documents, {} laissé(s) en lien vers le site d'origine",
                self.documents_stored, self.links_kept
            )?;
        }
        if !self.skipped.is_empty() || self.comments > 0 {
            let mut skipped: Vec<String> = self
                .skipped
                .iter()
                .map(|(what, n)| format!("{what} : {n}"))
                .collect();
            if self.comments > 0 {
                skipped.push(format!("commentaires : {}", self.comments));
            }
            writeln!(f, "  Ignorés — {}", skipped.join(", "))?;
        }
        if !self.unknown_shortcodes.is_empty() {
            let codes: Vec<String> = self
                .unknown_shortcodes
                .iter()
                .map(|(name, n)| format!("[{name}] ({n} fois)"))
                .collect();
            writeln!(
                f,
                "  Codes courts inconnus, gardés tels quels dans le texte : {}",
                codes.join(", ")
            )?;
        }
        if !self.wrote() {
            writeln!(f, "Rien à changer : la base est déjà à jour de cet export.")?;
        }
        if !self.rejected.is_empty() {
            writeln!(f, "Lignes ignorées, et pourquoi :")?;
            for row in &self.rejected {
                writeln!(f, "  - {row}")?;
            }
        }
        if !self.warnings.is_empty() {
            writeln!(f, "Avertissements :")?;
            for warning in &self.warnings {
                writeln!(f, "  - {warning}")?;
            }
        }
        Ok(())
    }
}

/// One fault of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: usize,
    /// `C (Type)`, as a spreadsheet shows columns; empty when the row as a whole is at fault.
    pub column: String,
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.column.is_empty() {
            write!(f, "ligne {} : {}", self.line, self.message)
        } else {
            write!(
                f,
                "ligne {}, colonne {} : {}",
                self.line, self.column, self.message
            )
        }
    }
}
