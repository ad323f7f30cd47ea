//! Request budgets per client address — reads, writes, sign-in attempts — so that one
//! client cannot starve the others. The budgets are published: every answer says, in the
//! `RateLimit-Policy` and `RateLimit` headers (IETF httpapi draft), which budget it counts
//! against, how much is left and when it refills; going over is a 429 problem+json with
//! `Retry-After`.

use std::future::Future;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpMessage, ResponseError};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};

use crate::error::ApiError;
use crate::middleware::client_address::{budget_key, TrustedProxies};

/// Sign-in attempts have a budget of their own.
const SIGN_IN_PATH: &str = "/api/v1/session";

/// Requests per minute and per client address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitSettings {
    pub reads: u32,
    pub writes: u32,
    pub sign_in: u32,
}

impl Default for RateLimitSettings {
    fn default() -> Self {
        RateLimitSettings {
            reads: 1200,
            writes: 120,
            sign_in: 30,
        }
    }
}

type KeyedLimiter =
    RateLimiter<IpAddr, DefaultKeyedStateStore<IpAddr>, DefaultClock, StateInformationMiddleware>;

struct Budget {
    /// Its name in the headers and, in French, in the error.
    id: &'static str,
    label: &'static str,
    per_minute: u32,
    limiter: KeyedLimiter,
}

impl Budget {
    fn new(id: &'static str, label: &'static str, per_minute: u32) -> Budget {
        let per_minute = per_minute.max(1);
        let quota = Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN));
        Budget {
            id,
            label,
            per_minute,
            limiter: RateLimiter::keyed(quota).with_middleware::<StateInformationMiddleware>(),
        }
    }

    fn policy(&self) -> String {
        format!("\"{}\";q={};w=60", self.id, self.per_minute)
    }
}

pub struct RateLimits {
    reads: Budget,
    writes: Budget,
    sign_in: Budget,
    trusted_proxies: TrustedProxies,
    /// Requests seen, to forget idle clients now and then.
    seen: AtomicU64,
}

impl RateLimits {
    pub fn new(settings: RateLimitSettings, trusted_proxies: TrustedProxies) -> RateLimits {
        RateLimits {
            reads: Budget::new("lectures", "lectures", settings.reads),
            writes: Budget::new("ecritures", "écritures", settings.writes),
            sign_in: Budget::new("connexions", "tentatives de connexion", settings.sign_in),
            trusted_proxies,
            seen: AtomicU64::new(0),
        }
    }

    fn budget(&self, req: &ServiceRequest) -> &Budget {
        let method = req.method();
        // The path as the router reads it (`%73ession` is `session`), not as it was sent.
        if method == Method::POST && req.match_info().as_str() == SIGN_IN_PATH {
            &self.sign_in
        } else if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
            &self.reads
        } else {
            &self.writes
        }
    }

    /// What the policy, the headers of the policy, and an error, if the budget is spent.
    fn check(&self, req: &ServiceRequest) -> (Vec<(HeaderName, String)>, Option<ApiError>) {
        if self.seen.fetch_add(1, Ordering::Relaxed) % 10_000 == 9_999 {
            for budget in [&self.reads, &self.writes, &self.sign_in] {
                budget.limiter.retain_recent();
            }
        }
        let budget = self.budget(req);
        let mut headers = vec![(HeaderName::from_static("ratelimit-policy"), budget.policy())];
        let peer = req.peer_addr().map(|a| a.ip());
        let client = budget_key(peer, req.headers(), &self.trusted_proxies);
        match budget.limiter.check_key(&client) {
            Ok(state) => {
                let remaining = state.remaining_burst_capacity();
                // A full budget refills a minute after it is spent; each request's share
                // comes back after `60 / quota` seconds.
                let used = budget.per_minute.saturating_sub(remaining);
                let reset = (u64::from(used) * 60).div_ceil(u64::from(budget.per_minute));
                headers.push((
                    HeaderName::from_static("ratelimit"),
                    format!("\"{}\";r={remaining};t={reset}", budget.id),
                ));
                (headers, None)
            }
            Err(not_until) => {
                let wait = not_until.wait_time_from(DefaultClock::default().now());
                let retry_after_secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
                headers.push((
                    HeaderName::from_static("ratelimit"),
                    format!("\"{}\";r=0;t={retry_after_secs}", budget.id),
                ));
                (
                    headers,
                    Some(ApiError::RateLimited {
                        budget: budget.label,
                        per_minute: budget.per_minute,
                        retry_after_secs,
                    }),
                )
            }
        }
    }
}

/// Longest a read may take before it is answered 503 (`Settings::read_deadline`): a stuck
/// database or a pathological query cannot keep a client waiting, nor pile up requests
/// behind it.
/// Longest address (path and query string) taken, in bytes: what most servers and proxies
/// take, far beyond any address a page or a partner builds (a search is 200 characters).
pub const MAX_ADDRESS_BYTES: usize = 8 * 1024;
/// Most bytes of header names and values taken, all headers together. actix-web itself
/// closes the connection after a bare 431 beyond 96 headers or a 128 KiB head.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// Refuses a request whose address or headers go over the published limits before any
/// work is done for it, with a 414 or 431 problem+json that gives the limit.
pub async fn request_head(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let address = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    let refused = if address > MAX_ADDRESS_BYTES {
        Some(ApiError::UriTooLong(format!(
            "L'adresse demandée fait {address} octets (chemin et paramètres) ; \
             {MAX_ADDRESS_BYTES} au plus sont acceptés."
        )))
    } else {
        let headers: usize = req
            .headers()
            .iter()
            .map(|(name, value)| name.as_str().len() + value.len())
            .sum();
        (headers > MAX_HEADER_BYTES).then(|| {
            ApiError::HeadersTooLarge(format!(
                "Les en-têtes de la requête font {headers} octets en tout ; \
                 {MAX_HEADER_BYTES} au plus sont acceptés."
            ))
        })
    };
    match refused {
        Some(error) => {
            let (req, _) = req.into_parts();
            Ok(ServiceResponse::new(req, error.error_response()))
        }
        None => Ok(next.call(req).await?.map_into_boxed_body()),
    }
}

#[derive(Debug, Clone, Copy)]
pub struct ReadDeadline(pub Duration);

/// Reads past their deadline are answered 503 problem+json (writes, uploads included, are
/// left to finish: cutting them would leave the client unsure of what was saved).
pub async fn deadline(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    // No clone of the request is kept for the answer (actix needs it unshared while it
    // runs): the error becomes the response on its way out.
    let path = req.path().to_owned();
    let limit = req
        .app_data::<web::Data<ReadDeadline>>()
        .map(|d| d.0)
        .unwrap_or(Duration::from_secs(10));
    match actix_web::rt::time::timeout(limit, next.call(req)).await {
        Ok(res) => Ok(res?.map_into_boxed_body()),
        Err(_) => {
            tracing::warn!(path, "lecture interrompue : délai dépassé");
            Err(ApiError::Timeout.into())
        }
    }
}

pub async fn enforce(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let Some(limits) = req.app_data::<web::Data<RateLimits>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let (headers, refused) = limits.check(&req);
    let mut res = match refused {
        Some(error) => {
            let (req, _) = req.into_parts();
            ServiceResponse::new(req, error.error_response())
        }
        None => next.call(req).await?.map_into_boxed_body(),
    };
    add_headers(&mut res, headers);
    Ok(res)
}

fn add_headers(res: &mut ServiceResponse<BoxBody>, headers: Vec<(HeaderName, String)>) {
    for (name, value) in headers {
        if let Ok(value) = HeaderValue::from_str(&value) {
            res.headers_mut().insert(name, value);
        }
    }
}

/// Whether the `/api` scope answers this path: it applies the budgets and the deadline
/// itself, inside its CORS layer, so that a partner's page can read a 429 or a 503. The
/// path is the router's (percent-decoded), so that no spelling of an address escapes both.
fn answered_by_api_scope(req: &ServiceRequest) -> bool {
    let path = req.match_info().as_str();
    (path == "/api" || path.starts_with("/api/"))
        && path != "/api/openapi.json"
        && path != "/api/docs"
        && !path.starts_with("/api/docs/")
}

/// Everything outside the API — pages and their share previews, widgets, the sitemap,
/// the interactive documentation, probes, metrics — counts against the same budgets and
/// is read under the same deadline as the API.
pub async fn outside_api(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    if answered_by_api_scope(&req) {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let limits = req.app_data::<web::Data<RateLimits>>().cloned();
    let (headers, refused) = match &limits {
        Some(limits) => limits.check(&req),
        None => (Vec::new(), None),
    };
    let mut res = match refused {
        Some(error) => {
            let (req, _) = req.into_parts();
            ServiceResponse::new(req, error.error_response())
        }
        None => deadline(req, next).await?,
    };
    add_headers(&mut res, headers);
    Ok(res)
}

/// Time given to any request body, whatever its size: JSON bodies take a few
/// milliseconds on any link.
const BODY_GRACE: Duration = Duration::from_secs(10);
/// Slowest sustained rate a body may arrive at beyond the grace: a document of 20 MB on
/// a poor upload link (256 kbit/s) still goes through.
const BODY_MIN_BYTES_PER_SEC: u64 = 32 * 1024;

/// A body that keeps dribbling in (a byte every ten seconds) would hold its connection
/// and its request for ever: past its deadline — the grace plus the time its announced
/// length takes at the slowest accepted rate — the request ends with a 408 and the
/// connection is closed.
pub async fn body_deadline(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    let limit = BODY_GRACE + Duration::from_secs(announced / BODY_MIN_BYTES_PER_SEC);
    let expired = Arc::new(AtomicBool::new(false));
    let payload: BodyStream = Box::pin(DeadlinePayload {
        inner: req.take_payload(),
        deadline: Box::pin(actix_web::rt::time::sleep(limit)),
        expired: expired.clone(),
    });
    req.set_payload(Payload::from(payload));
    let res = next.call(req).await?.map_into_boxed_body();
    if !expired.load(Ordering::Relaxed) {
        return Ok(res);
    }
    tracing::warn!(
        path = res.request().path(),
        "corps de requête trop lent : 408"
    );
    let error = ApiError::RequestTimeout(format!(
        "Le corps de la requête n'est pas arrivé dans les {} secondes permises.",
        limit.as_secs()
    ));
    let (req, _) = res.into_parts();
    let mut res = ServiceResponse::new(req, error.error_response());
    res.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    Ok(res)
}

type BodyStream = Pin<Box<dyn futures_util::Stream<Item = Result<web::Bytes, PayloadError>>>>;

/// The request's body, cut with an error once its deadline has passed.
struct DeadlinePayload {
    inner: Payload,
    deadline: Pin<Box<actix_web::rt::time::Sleep>>,
    expired: Arc<AtomicBool>,
}

impl futures_util::Stream for DeadlinePayload {
    type Item = Result<web::Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.deadline.as_mut().poll(cx).is_ready() {
            self.expired.store(true, Ordering::Relaxed);
            return Poll::Ready(Some(Err(PayloadError::Io(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "corps trop lent",
            )))));
        }
        Pin::new(&mut self.inner).poll_next(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::middleware::from_fn;
    use actix_web::{test, App, HttpResponse};

    #[actix_web::test]
    async fn a_read_past_its_deadline_is_a_503_problem_not_a_hang() {
        let app = test::init_service(
            App::new()
                .app_data(web::Data::new(ReadDeadline(Duration::from_millis(50))))
                .wrap(from_fn(deadline))
                .route(
                    "/lent",
                    web::get().to(|| async {
                        actix_web::rt::time::sleep(Duration::from_millis(500)).await;
                        HttpResponse::Ok().finish()
                    }),
                )
                .route("/vite", web::get().to(HttpResponse::Ok)),
        )
        .await;
        let started = std::time::Instant::now();
        let slow =
            test::try_call_service(&app, test::TestRequest::get().uri("/lent").to_request()).await;
        assert!(started.elapsed() < Duration::from_millis(400));
        let Err(error) = slow else {
            panic!("the slow read was not cut");
        };
        let response = error.error_response();
        assert_eq!(
            response.status(),
            actix_web::http::StatusCode::SERVICE_UNAVAILABLE
        );
        let fast =
            test::call_service(&app, test::TestRequest::get().uri("/vite").to_request()).await;
        assert!(fast.status().is_success());
    }
}
