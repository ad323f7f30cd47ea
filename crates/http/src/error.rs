use std::sync::Arc;

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use passerelle_search::SearchError;
use passerelle_store::StoreError;
use passerelle_types::{FieldError, Problem, QueryError};

/// What a handler answers: its response, or an error that leaves as problem+json.
pub type ApiResult<T = HttpResponse> = Result<T, ApiError>;

/// Errors of the HTTP layer. Client faults say what to fix; server faults are logged with
/// their cause and answered with a generic French message.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{message}")]
    InvalidParameter { parameter: String, message: String },
    #[error("{0}")]
    NotFound(String),
    /// A method the path does not take; `allow` lists those it does.
    #[error("{message}")]
    MethodNotAllowed { message: String, allow: String },
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    PreconditionRequired(String),
    #[error("version {expected} attendue, {current} en base")]
    PreconditionFailed { expected: i32, current: i32 },
    #[error("contenu invalide")]
    Validation(Vec<FieldError>),
    #[error("{0}")]
    Conflict(String),
    /// Too many requests of one kind (messages to one address): later.
    #[error("{0}")]
    Throttled(String),
    /// No longer possible (registrations closed).
    #[error("{0}")]
    Gone(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    /// An address (path and query string) longer than the published limit.
    #[error("{0}")]
    UriTooLong(String),
    /// Headers larger, all together, than the published limit.
    #[error("{0}")]
    HeadersTooLarge(String),
    /// A request body that did not arrive within its deadline.
    #[error("{0}")]
    RequestTimeout(String),
    #[error("trop de tentatives")]
    TooManyRequests { retry_after_secs: u64 },
    /// A client went over one of the published request budgets.
    #[error("limite de requêtes atteinte")]
    RateLimited {
        budget: &'static str,
        per_minute: u32,
        retry_after_secs: u64,
    },
    #[error("base de données injoignable")]
    Unavailable(#[source] Arc<StoreError>),
    /// The disk is full: the write was rolled back, nothing else is affected.
    #[error("espace disque plein")]
    StorageFull(#[source] Arc<StoreError>),
    /// A read that went over its time budget.
    #[error("délai dépassé")]
    Timeout,
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
            ApiError::MethodNotAllowed { .. } => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "Méthode non autorisée",
            ),
            ApiError::Unauthorized(_) => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Authentification requise",
            ),
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden", "Accès refusé"),
            ApiError::PreconditionRequired(_) => (
                StatusCode::PRECONDITION_REQUIRED,
                "precondition-required",
                "Version attendue manquante",
            ),
            ApiError::PreconditionFailed { .. } => (
                StatusCode::PRECONDITION_FAILED,
                "edit-conflict",
                "Modifié entre-temps",
            ),
            ApiError::Validation(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation",
                "Contenu invalide",
            ),
            ApiError::Conflict(_) => (StatusCode::CONFLICT, "conflict", "Opération impossible"),
            ApiError::Gone(_) => (StatusCode::GONE, "closed", "Plus possible"),
            ApiError::Throttled(_) => (
                StatusCode::TOO_MANY_REQUESTS,
                "too-many-messages",
                "Trop de demandes",
            ),
            ApiError::UnsupportedMediaType(_) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Type de contenu non pris en charge",
            ),
            ApiError::PayloadTooLarge(_) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload-too-large",
                "Envoi trop volumineux",
            ),
            ApiError::UriTooLong(_) => (
                StatusCode::URI_TOO_LONG,
                "uri-too-long",
                "Adresse trop longue",
            ),
            ApiError::HeadersTooLarge(_) => (
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                "headers-too-large",
                "En-têtes trop volumineux",
            ),
            ApiError::RequestTimeout(_) => (
                StatusCode::REQUEST_TIMEOUT,
                "request-timeout",
                "Envoi trop lent",
            ),
            ApiError::TooManyRequests { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "too-many-requests",
                "Trop de tentatives",
            ),
            ApiError::RateLimited { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "rate-limited",
                "Trop de requêtes",
            ),
            ApiError::Unavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "Service momentanément indisponible",
            ),
            ApiError::StorageFull(_) => (
                StatusCode::INSUFFICIENT_STORAGE,
                "storage-full",
                "Espace de stockage plein",
            ),
            ApiError::Timeout => (StatusCode::SERVICE_UNAVAILABLE, "timeout", "Délai dépassé"),
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
            ApiError::NotFound(message)
            | ApiError::MethodNotAllowed { message, .. }
            | ApiError::Unauthorized(message)
            | ApiError::Forbidden(message)
            | ApiError::PreconditionRequired(message)
            | ApiError::Conflict(message)
            | ApiError::Gone(message)
            | ApiError::Throttled(message)
            | ApiError::UnsupportedMediaType(message)
            | ApiError::PayloadTooLarge(message)
            | ApiError::UriTooLong(message)
            | ApiError::HeadersTooLarge(message)
            | ApiError::RequestTimeout(message) => message.clone(),
            ApiError::PreconditionFailed { expected, current } => format!(
                "Quelqu'un a modifié cet élément depuis votre lecture (version {expected}) : \
                 il en est à la version {current}. Rechargez-le, reportez vos changements, puis \
                 renvoyez-le avec If-Match: \"{current}\"."
            ),
            ApiError::Validation(errors) => match errors.len() {
                1 if errors[0].field.is_empty() => errors[0].message.clone(),
                1 => format!("Champ « {} » : {}", errors[0].field, errors[0].message),
                n => format!("{n} champs sont invalides : voir « errors »."),
            },
            ApiError::TooManyRequests { retry_after_secs } => format!(
                "Trop de tentatives de connexion échouées pour cette adresse. Réessayez dans {} minute(s).",
                retry_after_secs.div_ceil(60)
            ),
            ApiError::RateLimited {
                budget,
                per_minute,
                retry_after_secs,
            } => format!(
                "Limite de {per_minute} requêtes par minute atteinte pour les {budget} depuis \
                 cette adresse. Réessayez dans {retry_after_secs} seconde(s)."
            ),
            ApiError::Unavailable(_) => {
                "La base de données ne répond pas. Réessayez dans quelques instants.".to_owned()
            }
            ApiError::StorageFull(_) => {
                "Le serveur n'a plus d'espace disque : la modification n'a pas été enregistrée \
                 (rien d'autre n'a changé). Prévenez l'administrateur, puis réessayez."
                    .to_owned()
            }
            ApiError::Timeout => {
                "La réponse a pris trop de temps. Réessayez dans quelques instants.".to_owned()
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
            errors: match self {
                ApiError::Validation(errors) => errors.clone(),
                _ => Vec::new(),
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
        ApiError::from(Arc::new(err))
    }
}

/// The error of a read shared by several requests (see `detail_reads`), each answered with it.
impl From<Arc<StoreError>> for ApiError {
    fn from(err: Arc<StoreError>) -> Self {
        if err.is_unreachable() {
            return ApiError::Unavailable(err);
        }
        if err.is_storage_full() {
            return ApiError::StorageFull(err);
        }
        match &*err {
            StoreError::NotFound(message) => ApiError::NotFound(message.clone()),
            StoreError::VersionMismatch { expected, current } => ApiError::PreconditionFailed {
                expected: *expected,
                current: *current,
            },
            StoreError::Invalid(errors) => ApiError::Validation(errors.clone()),
            StoreError::Conflict(message) => ApiError::Conflict(message.clone()),
            StoreError::Closed(message) => ApiError::Gone(message.clone()),
            StoreError::Throttled(message) => ApiError::Throttled(message.clone()),
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
            ApiError::StorageFull(cause) => tracing::error!(%cause, "espace disque plein"),
            ApiError::Internal(cause) => tracing::error!(%cause, "erreur interne"),
            _ => {}
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CONTENT_TYPE, "application/problem+json"));
        match self {
            ApiError::TooManyRequests { retry_after_secs }
            | ApiError::RateLimited {
                retry_after_secs, ..
            } => {
                response.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            ApiError::PreconditionFailed { current, .. } => {
                response.insert_header((header::ETAG, format!("\"{current}\"")));
            }
            ApiError::Unauthorized(_) => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"passerelle\""));
            }
            ApiError::MethodNotAllowed { allow, .. } => {
                response.insert_header((header::ALLOW, allow.as_str()));
            }
            _ => {}
        }
        response.json(self.to_problem())
    }
}

/// The methods a path takes, as an `Allow` header value, for the 405 answers actix makes
/// itself. Given by the application (from its OpenAPI document) rather than looked up
/// here, so that errors do not depend on the routes that return them.
pub struct AllowedMethods(pub fn(&str) -> Option<String>);

/// Errors produced by actix itself (an oversized body, an undecodable path, a refused CORS
/// preflight…) leave as problem+json in French, like the API's own.
pub fn as_problem<B>(
    res: actix_web::dev::ServiceResponse<B>,
) -> actix_web::Result<actix_web::middleware::ErrorHandlerResponse<B>> {
    use actix_web::middleware::ErrorHandlerResponse;
    let already = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if already {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let (kind, title, detail) = match status.as_u16() {
        400 => (
            "bad-request",
            "Requête invalide",
            "La requête est mal formée : vérifiez l'adresse, les en-têtes et le corps.",
        ),
        404 => (
            "not-found",
            "Ressource introuvable",
            "Aucune ressource de l'API à cette adresse.",
        ),
        405 => (
            "method-not-allowed",
            "Méthode non autorisée",
            "Cette méthode n'est pas permise à cette adresse.",
        ),
        413 => (
            "payload-too-large",
            "Envoi trop volumineux",
            "Le corps de la requête dépasse la taille permise (1 Mo ; les documents ont leur propre limite).",
        ),
        code if code >= 500 => (
            "internal",
            "Erreur interne",
            "Une erreur inattendue s'est produite ; elle a été enregistrée.",
        ),
        _ => (
            "http-error",
            "Requête refusée",
            "La requête n'a pas pu aboutir.",
        ),
    };
    let problem = Problem {
        kind: format!("/api/problems/{kind}"),
        title: title.to_owned(),
        status: status.as_u16(),
        detail: detail.to_owned(),
        parameter: None,
        errors: Vec::new(),
    };
    let (req, _) = res.into_parts();
    let mut response = HttpResponse::build(status);
    response.insert_header((header::CONTENT_TYPE, "application/problem+json"));
    if status == StatusCode::METHOD_NOT_ALLOWED {
        let allowed = req.app_data::<actix_web::web::Data<AllowedMethods>>();
        if let Some(allow) = allowed.and_then(|allowed| (allowed.0)(req.path())) {
            response.insert_header((header::ALLOW, allow));
        }
    }
    let response = response.json(problem);
    Ok(ErrorHandlerResponse::Response(
        actix_web::dev::ServiceResponse::new(req, response)
            .map_into_boxed_body()
            .map_into_right_body(),
    ))
}
