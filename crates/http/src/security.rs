//! Security headers and the request id on every response, and a strict
//! Content-Security-Policy on the
//! client's pages: its scripts come from the site (the one inline loader by its hash),
//! WebAssembly may compile (`'wasm-unsafe-eval'`), and nothing else runs. Widgets set their
//! own policy (any site may frame them); the interactive API docs keep theirs.

use actix_web::body::{self, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};
use base64::Engine as _;
use sha2::{Digest, Sha256};

pub async fn headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let strict_page = !req.path().starts_with("/widgets") && !req.path().starts_with("/api/docs");
    // The id of the request's log lines (tracing-actix-web), for a report to quote.
    let request_id = req
        .extensions()
        .get::<tracing_actix_web::RequestId>()
        .map(|id| id.to_string());
    let mut res = next.call(req).await?.map_into_boxed_body();
    let headers = res.headers_mut();
    if let Some(id) = request_id.and_then(|id| HeaderValue::from_str(&id).ok()) {
        headers.insert(header::HeaderName::from_static("x-request-id"), id);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    // A 304 carries no body to hash, and would replace the policy the browser keeps.
    let with_body = matches!(res.status(), StatusCode::OK | StatusCode::NOT_FOUND);
    if !html
        || !strict_page
        || !with_body
        || res.headers().contains_key(header::CONTENT_SECURITY_POLICY)
    {
        return Ok(res);
    }
    let (req, res) = res.into_parts();
    let (mut head, body) = res.into_parts();
    let bytes = body::to_bytes(body)
        .await
        .map_err(|e| actix_web::error::ErrorInternalServerError(e.to_string()))?;
    let policy = page_policy(&String::from_utf8_lossy(&bytes));
    let headers = head.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    Ok(ServiceResponse::new(
        req,
        head.set_body(BoxBody::new(bytes)),
    ))
}

/// The policy of a client page, allowing its inline scripts by their hash.
fn page_policy(html: &str) -> String {
    let hashes: String = inline_scripts(html)
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data: https:; connect-src 'self'; font-src 'self'; object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The text of each inline script that would run: not those with a `src`, nor data blocks
/// such as JSON-LD.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (attributes, after) = rest.split_once('>')?;
        let (content, _) = after.split_once("</script>")?;
        let runs = !attributes.contains("src=")
            && (!attributes.contains("type=")
                || attributes.contains("type=\"module\"")
                || attributes.contains("type=\"text/javascript\""));
        runs.then_some(content)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_loaders_are_allowed_by_hash_and_data_blocks_ignored() {
        let html = "<head><script type=\"module\">init()</script>\
                    <script src=\"/a.js\"></script>\
                    <script type=\"application/ld+json\">{}</script></head>";
        let scripts: Vec<&str> = inline_scripts(html).collect();
        assert_eq!(scripts, ["init()"]);
        let policy = page_policy(html);
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"init()"));
        assert!(policy.contains(&format!("'sha256-{expected}'")), "{policy}");
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("unsafe-inline"));
    }
}
