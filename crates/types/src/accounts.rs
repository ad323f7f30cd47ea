//! Staff accounts, browser sessions, personal API tokens and the audit log, as the API
//! and the editors' screens exchange them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::editorial::{is_email, Checks, FieldError};
use crate::enums::*;

/// A staff account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    pub id: Uuid,
    pub email: String,
    pub role: Role,
    pub created_at: DateTime<Utc>,
    /// Compte désactivé : plus de connexion ni de jeton.
    pub disabled_at: Option<DateTime<Utc>>,
    /// Dernière connexion par le navigateur.
    #[serde(default)]
    pub last_sign_in_at: Option<DateTime<Utc>>,
}

/// An account as the team screen lists it: with its live tokens and pending invitation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamMember {
    #[serde(flatten)]
    pub account: Account,
    /// Jetons d'API ni révoqués ni expirés.
    pub active_tokens: u32,
    /// Fin de validité du lien d'invitation en attente, s'il y en a un.
    pub invitation_expires_at: Option<DateTime<Utc>>,
    /// `false` tant que la personne n'a pas choisi son mot de passe.
    pub has_password: bool,
}

/// A one-time link to choose a password, valid 48 hours: for a new colleague, or for
/// someone who lost theirs. Shown once, to the administrator who passes it on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invitation {
    pub account: Account,
    /// L'adresse à transmettre ; elle ne sera plus affichée.
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

/// What the invitation page shows before the password is chosen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationInfo {
    pub email: String,
    pub expires_at: DateTime<Utc>,
}

/// Body of an invitation's acceptance: the password chosen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitation {
    /// Au moins 12 caractères.
    pub password: String,
}

/// How long an invitation link stays valid.
pub const INVITATION_HOURS: i64 = 48;

/// Body of account creation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewAccount {
    pub email: String,
    /// Au moins 12 caractères. Sans lui, le compte attend son invitation
    /// (`POST /api/v1/accounts/{id}/invitation`) : la personne choisit elle-même son mot de
    /// passe.
    #[serde(default)]
    pub password: Option<String>,
    pub role: Role,
}

/// Changes to an account, by an administrator.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AccountChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// `true` désactive le compte (sessions fermées, jetons refusés), `false` le réactive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
}

/// Body of sign-in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    pub email: String,
    pub password: String,
}

/// The signed-in account and the anti-CSRF token to send back in `X-CSRF-Token`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    pub account: Account,
    /// À renvoyer dans l'en-tête `X-CSRF-Token` de chaque requête qui modifie.
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

/// A personal API token, without its secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiToken {
    pub id: Uuid,
    pub name: String,
    /// Début du secret, pour le reconnaître.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// Body of token creation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewApiToken {
    pub name: String,
    /// Durée de validité en jours, de 1 à 365 ; 90 par défaut.
    #[serde(default)]
    pub expires_in_days: Option<u32>,
}

/// A token just created: the only time its secret is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiToken {
    pub token: ApiToken,
    /// Le secret, à envoyer en `Authorization: Bearer` ; il ne sera plus jamais affiché.
    pub secret: String,
}

/// One change recorded in the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    pub occurred_at: DateTime<Utc>,
    /// Adresse du compte auteur du changement.
    pub actor: String,
    /// `create`, `update`, `delete`, `restore`, `publish`, `unpublish`…
    pub action: String,
    /// `publication`, `event`, `member`, `theme`, `account`, `token`, `attachment`.
    pub entity: String,
    pub entity_id: String,
    /// Version de l'élément après le changement.
    pub version: Option<i32>,
    /// Champs modifiés : `{"champ": {"before": …, "after": …}}`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub changes: serde_json::Value,
}

/// A page of the audit log, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditList {
    pub items: Vec<AuditEntry>,
    #[serde(flatten)]
    pub page: crate::dto::PageInfo,
}

impl NewAccount {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        if !is_email(&self.email) {
            checks.fail("email", "Adresse électronique invalide.");
        }
        if let Some(Err(message)) = self.password.as_deref().map(check_password) {
            checks.fail("password", message);
        }
        checks.finish()
    }
}

impl NewApiToken {
    /// Validity in days, once checked.
    pub fn validity_days(&self) -> Result<u32, Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.required("name", &self.name, "Le nom du jeton", 100);
        let days = self.expires_in_days.unwrap_or(90);
        if !(1..=365).contains(&days) {
            checks.fail(
                "expires_in_days",
                "La durée de validité va de 1 à 365 jours.",
            );
        }
        checks.finish().map(|()| days)
    }
}

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Length is what makes a password strong; composition rules only annoy.
pub fn check_password(password: &str) -> Result<(), String> {
    let count = password.chars().count();
    if count < MIN_PASSWORD_CHARS {
        Err(format!(
            "Le mot de passe doit compter au moins {MIN_PASSWORD_CHARS} caractères."
        ))
    } else if count > 256 {
        Err("Le mot de passe doit compter 256 caractères au plus.".to_owned())
    } else {
        Ok(())
    }
}
