//! The site's own pages (legal notice, personal data, accessibility statement) and the
//! year's activity figures the administrators send to the centre's funders.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::editorial::{Checks, FieldError};
use crate::enums::*;

/// A page of the site as the public reads it and administrators edit it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SitePage {
    pub kind: SitePageKind,
    pub title: String,
    /// Texte en Markdown, tel que rédigé.
    pub body: String,
    /// Le même, rendu en HTML assaini.
    pub body_html: String,
    /// Page « Accessibilité » : l'état de conformité au RGAA, repris au pied de chaque page.
    pub conformity: Option<Conformity>,
    /// Dernière modification ; absent : le texte par défaut, jamais modifié.
    pub updated_at: Option<DateTime<Utc>>,
}

/// What an administrator writes in a page of the site.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SitePageInput {
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub title: String,
    /// Markdown.
    #[cfg_attr(feature = "openapi", schema(max_length = 100000))]
    pub body: String,
    /// Obligatoire pour la page « Accessibilité », sans objet ailleurs.
    pub conformity: Option<Conformity>,
}

impl SitePageInput {
    pub fn validate(&self, kind: SitePageKind) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.required("title", &self.title, "Le titre", 200);
        checks.required("body", &self.body, "Le texte", 100_000);
        match (kind, self.conformity) {
            (SitePageKind::Accessibility, None) => checks.fail(
                "conformity",
                "L'état de conformité au RGAA est obligatoire sur la page « Accessibilité ».",
            ),
            (SitePageKind::Accessibility, Some(_)) | (_, None) => {}
            (_, Some(_)) => checks.fail(
                "conformity",
                "L'état de conformité ne se déclare que sur la page « Accessibilité ».",
            ),
        }
        checks.finish()
    }
}

/// A count under a name: a public, a département, a month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tally {
    /// Identifiant stable (`elu`, `31`, `2026-03`…) ; vide : non renseigné.
    pub key: String,
    /// Ce qu'on affiche (« Élu·e », « Haute-Garonne », « mars »…).
    pub label: String,
    pub count: u32,
}

/// One month of the year's activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthActivity {
    /// 1 à 12.
    pub month: u32,
    pub events: u32,
    pub registrations: u32,
    pub attended: u32,
    pub publications: u32,
}

/// A year's activity of the centre: what it sends its funders.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityReport {
    pub year: i32,
    /// Les années qui ont quelque chose à dire, la plus récente d'abord.
    pub years: Vec<i32>,
    /// Événements publiés qui ont eu lieu dans l'année (ni annulés ni reportés).
    pub events_held: u32,
    /// Inscriptions confirmées à ces événements (y compris celles dont les données
    /// personnelles sont déjà effacées).
    pub registrations: u32,
    /// Personnes présentes, marquées par l'équipe.
    pub attended: u32,
    /// Personnes restées en liste d'attente.
    pub waiting: u32,
    /// Publications publiées dans l'année.
    pub publications_published: u32,
    pub months: Vec<MonthActivity>,
    /// Inscriptions confirmées par public.
    pub audiences: Vec<Tally>,
    /// Inscriptions confirmées par département de la commune donnée.
    pub departements: Vec<Tally>,
}
