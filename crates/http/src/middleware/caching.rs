//! HTTP caching of the public reads: validators — an `ETag` computed from the body, so that
//! every instance gives the same one for the same content, and a `Last-Modified` from the
//! engine — `304 Not Modified` when the client already holds the content, and a
//! `Cache-Control` suited to the resource.
//!
//! Responses that set their own `Cache-Control` (staff views: `no-store`; documents) are
//! left as they are. The others also leave compressed here, from the kept copies of
//! [`crate::middleware::compression`].

use std::time::SystemTime;

use actix_web::body::{self, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::HttpDate;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::Data;
use actix_web::{web, Error, HttpResponse};

use crate::middleware::compression::{digest, Coding, CompressedCopies, WORTH_COMPRESSING};
use crate::state::AppState;

/// Bodies larger than this are compressed on the blocking pool, not on a worker.
const LARGE_BODY: usize = 64 * 1024;

/// Lists, details and search change when editors publish: a minute of freshness keeps
/// partner sites light on the server without showing stale content for long.
const PUBLIC_CACHE: &str = "public, max-age=60";
/// Calendars and feeds are polled by applications (hourly, as they are told): a quarter
/// of an hour is fresh enough.
const FEED_CACHE: &str = "public, max-age=900";
/// Themes and territories hardly ever change.
const REFERENCE_CACHE: &str = "public, max-age=3600";

fn cache_control(path: &str) -> &'static str {
    if path.ends_with(".ics") || path.ends_with(".atom") {
        FEED_CACHE
    } else if path.ends_with("/themes") || path.ends_with("/territories") {
        REFERENCE_CACHE
    } else {
        PUBLIC_CACHE
    }
}

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
    let if_modified_since = req
        .headers()
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<HttpDate>().ok())
        .map(SystemTime::from);
    let last_modified = req
        .app_data::<Data<AppState>>()
        .map(|state| SystemTime::from(state.engine.last_modified()));
    let cache = cache_control(req.path());
    let coding = Coding::negotiate(&req);
    let res = next.call(req).await?;
    let handled_elsewhere = res.headers().contains_key(header::CACHE_CONTROL)
        || res.headers().contains_key(header::ETAG);
    if !readable || res.status() != StatusCode::OK || handled_elsewhere {
        return Ok(res.map_into_boxed_body());
    }
    let (req, res) = res.into_parts();
    let (mut head, body) = res.into_parts();
    // Answers are made whole (JSON, a kept calendar): taken as they are. Collecting them
    // copied each one, a 2 MB calendar per request, 70 MB at once under load.
    let bytes = match body.try_into_bytes() {
        Ok(bytes) => bytes,
        Err(body) => body::to_bytes(body)
            .await
            .map_err(|e| actix_web::error::ErrorInternalServerError(e.into().to_string()))?,
    };
    let digest = digest(&bytes);
    // Weak: the same content may leave gzip- or brotli-encoded.
    let tag = format!("W/\"{digest:032x}\"");
    let tag_value =
        HeaderValue::from_str(&tag).map_err(actix_web::error::ErrorInternalServerError)?;
    // RFC 9110 § 13.2.2: If-None-Match decides when present; If-Modified-Since otherwise.
    let fresh = match (&if_none_match, if_modified_since, last_modified) {
        (Some(value), _, _) => value.split(',').map(str::trim).any(|candidate| {
            candidate == "*" || candidate.trim_start_matches("W/") == tag.trim_start_matches("W/")
        }),
        (None, Some(since), Some(modified)) => modified <= since,
        _ => false,
    };
    let last_modified = last_modified.map(|at| HttpDate::from(at).to_string());
    let res = if fresh {
        let mut not_modified = HttpResponse::NotModified();
        if let Some(vary) = head.headers().get(header::VARY) {
            not_modified.insert_header((header::VARY, vary.clone()));
        }
        not_modified
            .insert_header((header::ETAG, tag_value))
            .insert_header((header::CACHE_CONTROL, cache));
        if let Some(at) = last_modified {
            not_modified.insert_header((header::LAST_MODIFIED, at));
        }
        not_modified.finish()
    } else {
        let headers = head.headers_mut();
        headers.insert(header::ETAG, tag_value);
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        if let Some(at) = last_modified.and_then(|at| HeaderValue::from_str(&at).ok()) {
            headers.insert(header::LAST_MODIFIED, at);
        }
        let copies = req.app_data::<web::Data<CompressedCopies>>().cloned();
        if bytes.len() >= WORTH_COMPRESSING {
            vary_on_encoding(head.headers_mut());
        }
        let copy = match (coding, copies) {
            (Some(coding), Some(copies)) if bytes.len() >= WORTH_COMPRESSING => {
                compressed(copies, digest, coding, bytes.clone())
                    .await
                    .map(|copy| (coding, copy))
            }
            _ => None,
        };
        let body = match copy {
            Some((coding, copy)) => {
                head.headers_mut().insert(
                    header::CONTENT_ENCODING,
                    coding.header_value().to_header_value(),
                );
                copy
            }
            None => {
                crate::middleware::compression::mark_plain(head.headers_mut());
                bytes
            }
        };
        head.set_body(BoxBody::new(body))
    };
    Ok(ServiceResponse::new(req, res))
}

/// Adds `Accept-Encoding` to the one `Vary` line (CORS rewrites the first line only).
fn vary_on_encoding(headers: &mut header::HeaderMap) {
    let value = match headers.get(header::VARY).and_then(|v| v.to_str().ok()) {
        Some(vary) => format!("{vary}, Accept-Encoding"),
        None => "Accept-Encoding".to_owned(),
    };
    if let Ok(value) = HeaderValue::from_str(&value) {
        headers.insert(header::VARY, value);
    }
}

/// The compressed copy of a body; `None` (send it plain) for a small body asked for the
/// first time, or if compressing failed.
async fn compressed(
    copies: web::Data<CompressedCopies>,
    digest: u128,
    coding: Coding,
    body: web::Bytes,
) -> Option<web::Bytes> {
    if let Some(copy) = copies.get(digest, coding) {
        return Some(copy);
    }
    if !copies.worth_compressing(digest, body.len()) {
        return None;
    }
    let outcome = if body.len() > LARGE_BODY {
        let _one_at_a_time = copies.large_compression.lock().await;
        let copies = copies.clone();
        web::block(move || copies.get_or_compress(digest, coding, &body))
            .await
            .ok()?
    } else {
        copies.get_or_compress(digest, coding, &body)
    };
    outcome
        .inspect_err(|error| tracing::warn!(%error, "compression impossible"))
        .ok()
}
