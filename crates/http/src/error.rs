use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use passerelle_search::SearchError;
use passerelle_store::StoreError;
use passerelle_types::{Problem, QueryError};

/// Errors of the HTTP layer. Client faults say what to fix; server faults are logged with
/// their cause and answered with a generic French message.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{message}")]
    InvalidParameter { parameter: String, message: String },
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    MethodNotAllowed(String),
    #[error("base de données injoignable")]
    Unavailable(#[source] StoreError),
    #[error("erreur interne")]
    Internal(String),
}

/// One row per kind of problem: status, `type` reference and French title.
struct Descriptor {
    status: StatusCode,
    kind: &'static str,
    title: &'static str,
}

impl ApiError {
    fn descriptor(&self) -> Descriptor {
        let (status, kind, title) = match self {
            ApiError::InvalidParameter { .. } => (
                StatusCode::BAD_REQUEST,
                "invalid-parameter",
                "Paramètre invalide",
            ),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not-found", "Ressource introuvable"),
            ApiError::MethodNotAllowed(_) => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "Méthode non autorisée",
            ),
            ApiError::Unavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "Service momentanément indisponible",
            ),
            ApiError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Erreur interne",
            ),
        };
        Descriptor {
            status,
            kind,
            title,
        }
    }

    pub fn to_problem(&self) -> Problem {
        let Descriptor {
            status,
            kind,
            title,
        } = self.descriptor();
        let detail = match self {
            ApiError::InvalidParameter { message, .. } => message.clone(),
            ApiError::NotFound(message) | ApiError::MethodNotAllowed(message) => message.clone(),
            ApiError::Unavailable(_) => {
                "La base de données ne répond pas. Réessayez dans quelques instants.".to_owned()
            }
            ApiError::Internal(_) => {
                "Une erreur inattendue s'est produite ; elle a été enregistrée.".to_owned()
            }
        };
        Problem {
            kind: format!("/api/problems/{kind}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail,
            parameter: match self {
                ApiError::InvalidParameter { parameter, .. } if !parameter.is_empty() => {
                    Some(parameter.clone())
                }
                _ => None,
            },
        }
    }
}

impl From<QueryError> for ApiError {
    fn from(err: QueryError) -> Self {
        ApiError::InvalidParameter {
            parameter: err.parameter,
            message: err.message,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Pool(_) | StoreError::Connection(_) => ApiError::Unavailable(err),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<SearchError> for ApiError {
    fn from(err: SearchError) -> Self {
        match err {
            SearchError::InvalidFilter { parameter, message } => {
                ApiError::InvalidParameter { parameter, message }
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(err: actix_web::error::BlockingError) -> Self {
        ApiError::Internal(err.to_string())
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.descriptor().status
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Unavailable(cause) => tracing::error!(%cause, "base de données injoignable"),
            ApiError::Internal(cause) => tracing::error!(%cause, "erreur interne"),
            _ => {}
        }
        HttpResponse::build(self.status_code())
            .insert_header((header::CONTENT_TYPE, "application/problem+json"))
            .json(self.to_problem())
    }
}
