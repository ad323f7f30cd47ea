//! Request budgets per client address — reads, writes, sign-in attempts — so that one
//! client cannot starve the others. The budgets are published: every answer says, in the
//! `RateLimit-Policy` and `RateLimit` headers (IETF httpapi draft), which budget it counts
//! against, how much is left and when it refills; going over is a 429 problem+json with
//! `Retry-After`.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{web, Error, ResponseError};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};

use crate::error::ApiError;

/// Requests per minute and per client address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitSettings {
    pub reads: u32,
    pub writes: u32,
    pub sign_in: u32,
    /// Take the client's address from `X-Forwarded-For` / `Forwarded` (only behind a
    /// proxy that sets them: anyone else could choose their address).
    pub trust_forwarded: bool,
}

impl Default for RateLimitSettings {
    fn default() -> Self {
        RateLimitSettings {
            reads: 1200,
            writes: 120,
            sign_in: 30,
            trust_forwarded: false,
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
    trust_forwarded: bool,
    /// Requests seen, to forget idle clients now and then.
    seen: AtomicU64,
}

impl RateLimits {
    pub fn new(settings: RateLimitSettings) -> RateLimits {
        RateLimits {
            reads: Budget::new("lectures", "lectures", settings.reads),
            writes: Budget::new("ecritures", "écritures", settings.writes),
            sign_in: Budget::new("connexions", "tentatives de connexion", settings.sign_in),
            trust_forwarded: settings.trust_forwarded,
            seen: AtomicU64::new(0),
        }
    }

    fn budget(&self, req: &ServiceRequest) -> &Budget {
        let method = req.method();
        if method == Method::POST && req.path() == "/api/v1/session" {
            &self.sign_in
        } else if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
            &self.reads
        } else {
            &self.writes
        }
    }

    fn client(&self, req: &ServiceRequest) -> Option<IpAddr> {
        let info = req.connection_info();
        let address = if self.trust_forwarded {
            info.realip_remote_addr()
        } else {
            info.peer_addr()
        }?;
        address
            .parse::<IpAddr>()
            .ok()
            .or_else(|| address.parse::<std::net::SocketAddr>().ok().map(|a| a.ip()))
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
        let Some(client) = self.client(req) else {
            return (headers, None);
        };
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
pub struct ReadDeadline(pub std::time::Duration);

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
        .unwrap_or(std::time::Duration::from_secs(10));
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
    for (name, value) in headers {
        if let Ok(value) = HeaderValue::from_str(&value) {
            res.headers_mut().insert(name, value);
        }
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::middleware::from_fn;
    use actix_web::{test, App, HttpResponse};
    use std::time::Duration;

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
