//! Security headers and the request id on every response, and a strict
//! Content-Security-Policy on the
//! client's pages: its scripts come from the site (the one inline loader by its hash),
//! WebAssembly may compile (`'wasm-unsafe-eval'`), and nothing else runs. Widgets set their
//! own policy (any site may frame them); the interactive API docs keep theirs.

use std::path::Path;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpMessage};
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// The policy of the client's pages, computed once from the built `index.html` files:
/// a script is allowed because the build wrote it, never because a page served it (a
/// script slipped into a served page would otherwise be allowed by its own hash).
#[derive(Debug, Clone)]
pub struct PagePolicy(HeaderValue);

impl PagePolicy {
    /// From the public bundle's and the editors' bundle's `index.html`, those that exist.
    pub fn of_client(spa_dir: Option<&Path>) -> PagePolicy {
        let pages: Vec<String> = spa_dir
            .map(|dir| {
                crate::spa::pages(dir)
                    .iter()
                    .filter_map(|page| std::fs::read_to_string(page).ok())
                    .collect()
            })
            .unwrap_or_default();
        PagePolicy::of_pages(&pages)
    }

    fn of_pages(pages: &[String]) -> PagePolicy {
        let hashes = |inline: fn(&str) -> Vec<&str>| {
            let mut hashes: Vec<String> = pages
                .iter()
                .flat_map(|page| inline(page).into_iter().map(script_hash))
                .collect();
            hashes.sort();
            hashes.dedup();
            hashes
        };
        let policy = page_policy(
            &hashes(|page| inline_scripts(page).collect()),
            &hashes(inline_styles),
        );
        PagePolicy(
            HeaderValue::from_str(&policy)
                .unwrap_or(HeaderValue::from_static("default-src 'self'")),
        )
    }
}

pub async fn headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let strict_page = !req.path().starts_with("/widgets") && !req.path().starts_with("/api/docs");
    let policy = req
        .app_data::<web::Data<PagePolicy>>()
        .map(|p| p.0.clone())
        .unwrap_or_else(|| PagePolicy::of_pages(&[]).0);
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
    // A 304 would replace the policy the browser keeps.
    let with_body = matches!(res.status(), StatusCode::OK | StatusCode::NOT_FOUND);
    if !html
        || !strict_page
        || !with_body
        || res.headers().contains_key(header::CONTENT_SECURITY_POLICY)
    {
        return Ok(res);
    }
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    Ok(res)
}

fn script_hash(script: &str) -> String {
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes()))
    )
}

/// The policy of a client page, allowing the build's inline scripts and stylesheet by
/// their hash.
fn page_policy(scripts: &[String], styles: &[String]) -> String {
    let listed = |hashes: &[String]| hashes.iter().map(|h| format!(" {h}")).collect::<String>();
    let (hashes, styles) = (listed(scripts), listed(styles));
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'{styles}; \
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

/// The text of each inline stylesheet (the public page's, inlined by the build so that the
/// first paint needs no second request).
fn inline_styles(html: &str) -> Vec<&str> {
    html.split("<style")
        .skip(1)
        .filter_map(|rest| {
            let (_, after) = rest.split_once('>')?;
            Some(after.split_once("</style>")?.0)
        })
        .collect()
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
        let policy = PagePolicy::of_pages(&[html.to_owned()]);
        let policy = policy.0.to_str().unwrap_or_default();
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"init()"));
        assert!(policy.contains(&format!("'sha256-{expected}'")), "{policy}");
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("unsafe-inline"));
    }

    #[test]
    fn the_inlined_stylesheet_is_allowed_by_its_hash() {
        let html = "<head><style>body{margin:0}</style></head>";
        let policy = PagePolicy::of_pages(&[html.to_owned()]);
        let policy = policy.0.to_str().unwrap_or_default();
        let expected =
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"body{margin:0}"));
        assert!(
            policy.contains(&format!("style-src 'self' 'sha256-{expected}';")),
            "{policy}"
        );
    }

    #[actix_web::test]
    async fn a_script_a_served_page_carries_is_not_allowed_by_its_own_hash() {
        use actix_web::{middleware::from_fn, test, App, HttpResponse};
        let built = "<head><script type=\"module\">init()</script></head>".to_owned();
        let app = test::init_service(
            App::new()
                .app_data(web::Data::new(PagePolicy::of_pages(&[built])))
                .wrap(from_fn(headers))
                .route(
                    "/page",
                    web::get().to(|| async {
                        HttpResponse::Ok()
                            .content_type("text/html; charset=utf-8")
                            .body(
                                "<script type=\"module\">init()</script><script>alert(1)</script>",
                            )
                    }),
                ),
        )
        .await;
        let res =
            test::call_service(&app, test::TestRequest::get().uri("/page").to_request()).await;
        let policy = res
            .headers()
            .get(header::CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(policy.contains(&script_hash("init()")), "{policy}");
        assert!(!policy.contains(&script_hash("alert(1)")), "{policy}");
    }
}
