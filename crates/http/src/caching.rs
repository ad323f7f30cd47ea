//! HTTP caching of the public reads: a validator (`ETag`) computed from the body, so that
//! every instance gives the same one for the same content, `304 Not Modified` when the
//! client already holds it, and a short `Cache-Control`.
//!
//! Responses that set their own `Cache-Control` (staff views: `no-store`; documents) are
//! left as they are.

use actix_web::body::{self, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse};
use sha2::{Digest, Sha256};

/// Lists, details and search change when editors publish: a minute of freshness keeps
/// partner sites light on the server without showing stale content for long.
const PUBLIC_CACHE: &str = "public, max-age=60";

pub async fn public_reads(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let readable = matches!(*req.method(), Method::GET | Method::HEAD);
    let if_none_match = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let res = next.call(req).await?;
    let handled_elsewhere = res.headers().contains_key(header::CACHE_CONTROL)
        || res.headers().contains_key(header::ETAG);
    if !readable || res.status() != StatusCode::OK || handled_elsewhere {
        return Ok(res.map_into_boxed_body());
    }
    let (req, res) = res.into_parts();
    let (mut head, body) = res.into_parts();
    let bytes = body::to_bytes(body)
        .await
        .map_err(|e| actix_web::error::ErrorInternalServerError(e.into().to_string()))?;
    let digest = Sha256::digest(&bytes);
    let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    // Weak: the same content may leave gzip- or brotli-encoded.
    let tag = format!("W/\"{hex}\"");
    let tag_value =
        HeaderValue::from_str(&tag).map_err(actix_web::error::ErrorInternalServerError)?;
    let fresh = if_none_match.is_some_and(|value| {
        value.split(',').map(str::trim).any(|candidate| {
            candidate == "*" || candidate.trim_start_matches("W/") == tag.trim_start_matches("W/")
        })
    });
    let res = if fresh {
        HttpResponse::NotModified()
            .insert_header((header::ETAG, tag_value))
            .insert_header((header::CACHE_CONTROL, PUBLIC_CACHE))
            .finish()
    } else {
        head.headers_mut().insert(header::ETAG, tag_value);
        head.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(PUBLIC_CACHE),
        );
        head.set_body(BoxBody::new(bytes))
    };
    Ok(ServiceResponse::new(req, res))
}
