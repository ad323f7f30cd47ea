//! The editors' « Aperçu » of a text: its Markdown rendered and sanitized exactly as the
//! public pages will show it.

use actix_web::HttpResponse;
use serde::Deserialize;

use crate::auth::Staff;
use crate::body::Json;
use crate::error::ApiResult;
use crate::openapi::problems::SignedOut;
use crate::routes::answers::unshared;

/// Markdown to render as the public will see it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    pub markdown: String,
}

/// The rendered, sanitized HTML.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct PreviewResponse {
    pub html: String,
}

/// Aperçu d'un texte
///
/// Le Markdown rendu en HTML assaini, exactement comme le public le verra.
#[utoipa::path(
    post, path = "/api/v1/editorial/preview",
    request_body = PreviewRequest,
    responses(
        (status = 200, description = "Le HTML", body = PreviewResponse),
        SignedOut,
    ),
)]
pub async fn preview(request: Json<PreviewRequest>, _staff: Staff) -> ApiResult {
    let request = request.decoded()?;
    Ok(unshared(
        HttpResponse::Ok(),
        PreviewResponse {
            html: passerelle_markdown::to_safe_html(&request.markdown),
        },
    ))
}
