//! RFC 9457 problem details, as sent by the API and decoded by the client.

use serde::{Deserialize, Serialize};

/// An error response (`application/problem+json`, RFC 9457).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "type": "/api/problems/invalid-parameter",
    "title": "Paramètre invalide",
    "status": 400,
    "detail": "Le paramètre « limit » doit être un entier entre 1 et 100 (reçu « 1000 »).",
    "parameter": "limit"
})))]
pub struct Problem {
    /// Référence du type d'erreur.
    #[serde(rename = "type")]
    pub kind: String,
    /// Résumé du type d'erreur, en français.
    pub title: String,
    /// Code de statut HTTP.
    pub status: u16,
    /// Explication de cette occurrence, en français.
    pub detail: String,
    /// Paramètre de requête en cause, pour les erreurs de paramètre.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    /// Champs invalides d'un corps de requête, chacun avec son message.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<crate::FieldError>,
}
