//! Registrations for events, as the public form, the person's own link and the team's
//! screens exchange them. Personal data: the public API never shows a name or an address.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::editorial::{is_email, is_web_address, Checks, FieldError};
use crate::enums::*;

/// Hours a link to confirm a registration stays valid; unconfirmed, it is deleted.
pub const CONFIRM_HOURS: i64 = 48;

/// How an event takes registrations, as the team sets it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RegistrationSettings {
    /// `passerelle` (le formulaire du site) ou `external` (un lien) ; absent : pas
    /// d'inscription.
    pub mode: Option<RegistrationMode>,
    /// Adresse des inscriptions quand elles se font ailleurs.
    pub external_url: Option<String>,
    /// Places ; absent : sans limite.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100000))]
    pub capacity: Option<u32>,
    /// Une liste d'attente une fois les places prises.
    #[serde(default)]
    pub waiting_list: bool,
    /// Ouverture des inscriptions ; absent : dès maintenant.
    pub opens_at: Option<DateTime<Utc>>,
    /// Clôture des inscriptions ; absent : au début de l'événement.
    pub closes_at: Option<DateTime<Utc>>,
    /// Heures avant le début où part le rappel (48 par défaut au formulaire) ; absent :
    /// pas de rappel.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 720))]
    pub reminder_hours: Option<u32>,
}

impl RegistrationSettings {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        match (self.mode, self.external_url.as_deref()) {
            (Some(RegistrationMode::External), None) => checks.fail(
                "external_url",
                "L'adresse des inscriptions est obligatoire quand elles se font ailleurs.",
            ),
            (_, Some(url)) if !is_web_address(url) => {
                checks.fail("external_url", "Adresse web complète attendue (https://…).")
            }
            _ => {}
        }
        if self.capacity == Some(0) || self.capacity.is_some_and(|c| c > 100_000) {
            checks.fail("capacity", "De 1 à 100 000 places, ou aucune limite.");
        }
        if self.reminder_hours == Some(0) || self.reminder_hours.is_some_and(|h| h > 720) {
            checks.fail(
                "reminder_hours",
                "De 1 à 720 heures avant, ou pas de rappel.",
            );
        }
        if let (Some(opens), Some(closes)) = (self.opens_at, self.closes_at) {
            if closes <= opens {
                checks.fail("closes_at", "La clôture suit l'ouverture.");
            }
        }
        checks.finish()
    }
}

/// What the public is told of an event's registrations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrationAvailability {
    /// Absent : l'événement ne prend pas d'inscription.
    pub mode: Option<RegistrationMode>,
    pub external_url: Option<String>,
    /// Le formulaire accepte une inscription maintenant (une place, ou la liste d'attente).
    pub open: bool,
    /// Places restantes ; absent : sans limite.
    pub places_left: Option<u32>,
    /// Complet, une inscription va en liste d'attente.
    pub waiting_list_only: bool,
    pub opens_at: Option<DateTime<Utc>>,
    pub closes_at: Option<DateTime<Utc>>,
    /// Ce que la page de l'événement affiche : « Plus que 4 places », « Complet — liste
    /// d'attente ouverte », « Inscriptions closes »…
    pub message: String,
    /// Où s'inscrire, quand c'est possible : le formulaire du site
    /// (`/inscription/evenement/{slug}`) ou l'adresse externe.
    pub link: Option<String>,
    /// Le texte de ce lien (« S'inscrire », « S'inscrire sur la liste d'attente »…).
    pub link_label: Option<String>,
}

/// What a person sends to register.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewRegistration {
    /// Prénom et nom.
    pub name: String,
    pub email: String,
    pub organisation: Option<String>,
    /// Vous êtes…
    pub audience: Option<Audience>,
    /// Commune de la personne.
    pub commune: Option<String>,
    /// Besoins liés à un handicap, pour que le centre les prévoie.
    pub accessibility_needs: Option<String>,
    /// Accord au traitement de ces données, tel que la notice « Données personnelles » le
    /// décrit : obligatoire.
    #[serde(default)]
    pub consent: bool,
    /// Recevoir les actualités du centre (facultatif, distinct de l'inscription).
    #[serde(default)]
    pub newsletter: bool,
}

impl NewRegistration {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        check_person(
            &mut checks,
            &self.name,
            Some(&self.email),
            &self.organisation,
            self.audience,
            &self.commune,
            &self.accessibility_needs,
        );
        if !self.consent {
            checks.fail(
                "consent",
                "Votre accord au traitement de ces données est nécessaire pour vous inscrire.",
            );
        }
        checks.finish()
    }
}

/// The checks a registration's personal details pass, when given (with the address) and
/// when changed (without), in the order of the form.
fn check_person(
    checks: &mut Checks,
    name: &str,
    email: Option<&str>,
    organisation: &Option<String>,
    audience: Option<Audience>,
    commune: &Option<String>,
    accessibility_needs: &Option<String>,
) {
    checks.required("name", name, "Le nom", 200);
    if email.is_some_and(|e| !is_email(e.trim())) {
        checks.fail("email", "Adresse électronique invalide.");
    }
    checks.optional("organisation", organisation, 200);
    if audience.is_none() {
        checks.fail("audience", "Dites-nous qui vous êtes.");
    }
    checks.optional("commune", commune, 200);
    checks.optional("accessibility_needs", accessibility_needs, 2000);
}

/// What a person may change in their registration through their link (the address stays:
/// changing it would skip its confirmation; to use another, register again).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RegistrationDetails {
    /// Prénom et nom.
    pub name: String,
    pub organisation: Option<String>,
    pub audience: Option<Audience>,
    pub commune: Option<String>,
    pub accessibility_needs: Option<String>,
    #[serde(default)]
    pub newsletter: bool,
}

impl RegistrationDetails {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        check_person(
            &mut checks,
            &self.name,
            None,
            &self.organisation,
            self.audience,
            &self.commune,
            &self.accessibility_needs,
        );
        checks.finish()
    }
}

/// A message of the team to everyone registered to an event (a room change, a document to
/// read before…), confirmed and waiting.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TeamMessage {
    /// Objet du message.
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub subject: String,
    /// Texte du message, en clair ; les paragraphes sont séparés par une ligne vide.
    #[cfg_attr(feature = "openapi", schema(max_length = 10000))]
    pub body: String,
}

impl TeamMessage {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.required("subject", &self.subject, "L'objet", 200);
        checks.required("body", &self.body, "Le texte", 10_000);
        checks.finish()
    }
}

/// How many people a message went to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageReceipt {
    pub recipients: u32,
}

/// A registration, as its person sees it through their link and as the team lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Registration {
    pub id: Uuid,
    /// Slug de l'événement.
    pub event_slug: String,
    pub event_title: String,
    pub name: String,
    pub email: String,
    pub organisation: Option<String>,
    pub audience: Audience,
    pub commune: Option<String>,
    pub accessibility_needs: Option<String>,
    pub newsletter: bool,
    pub status: RegistrationStatus,
    /// Rang sur la liste d'attente, à partir de 1.
    pub position: Option<u32>,
    /// Présent à l'événement, marqué par l'équipe.
    pub attended: bool,
    pub created_at: DateTime<Utc>,
    /// Adresse confirmée le…
    pub confirmed_at: Option<DateTime<Utc>>,
}

/// How many registrations an event has, by state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrationCounts {
    pub pending: u32,
    pub confirmed: u32,
    pub waiting: u32,
    pub cancelled: u32,
    pub attended: u32,
}

/// The registrations of an event, for the team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrationList {
    /// Ceux que la recherche et les filtres retiennent : confirmés, puis liste d'attente
    /// dans son ordre, puis à confirmer, puis annulés.
    pub items: Vec<Registration>,
    /// Tous les inscrits de l'événement, filtres à part.
    pub counts: RegistrationCounts,
    /// Places ; absent : sans limite.
    pub capacity: Option<u32>,
}

/// Which registrations the team's list shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct RegistrationQuery {
    /// Mots du nom, de l'adresse ou de la structure.
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<RegistrationStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audience: Option<Audience>,
}

/// What the team changes in a registration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RegistrationChange {
    /// `confirmed`, `waiting` ou `cancelled` ; annuler une place la donne à la première
    /// personne en liste d'attente, prévenue par courriel.
    pub status: Option<RegistrationStatus>,
    pub attended: Option<bool>,
}
