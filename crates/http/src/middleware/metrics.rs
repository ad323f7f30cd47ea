//! Prometheus metrics at `/metrics`: requests and their latency per route pattern and
//! status (actix-web-prom), the database pool, and how far the search index is behind the
//! change log.

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{web, HttpRequest};
use actix_web_prom::{PrometheusMetrics, PrometheusMetricsBuilder};
use passerelle_search::Engine;
use passerelle_store::Database;
use prometheus::{Encoder, IntGauge, IntGaugeVec, Opts, Registry, TextEncoder};
use sha2::{Digest, Sha256};

use crate::error::{ApiError, ApiResult};
use crate::middleware::client_address::TrustedProxies;

/// What `/metrics` reports besides the requests.
#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    pool_connections: IntGauge,
    pool_idle: IntGauge,
    index_items: IntGaugeVec,
    index_lag: IntGauge,
}

impl Metrics {
    /// The request middleware and the gauges, on one registry.
    pub fn new() -> Result<(PrometheusMetrics, Metrics), prometheus::Error> {
        let registry = Registry::new();
        let requests = PrometheusMetricsBuilder::new("passerelle")
            .registry(registry.clone())
            // Unknown paths would each make a label: one mask for them all.
            .mask_unmatched_patterns("INCONNU")
            .exclude("/metrics")
            .build()
            .map_err(|e| prometheus::Error::Msg(e.to_string()))?;
        let gauge = |name: &str, help: &str| -> Result<IntGauge, prometheus::Error> {
            let gauge = IntGauge::with_opts(Opts::new(name, help).namespace("passerelle"))?;
            registry.register(Box::new(gauge.clone()))?;
            Ok(gauge)
        };
        let pool_connections = gauge(
            "db_pool_connections",
            "Connexions ouvertes dans le pool de la base",
        )?;
        let pool_idle = gauge(
            "db_pool_idle",
            "Connexions inoccupées dans le pool de la base",
        )?;
        let index_lag = gauge(
            "index_lag_changes",
            "Changements du journal pas encore reflétés par l'index de cette instance",
        )?;
        let index_items = IntGaugeVec::new(
            Opts::new("index_items", "Éléments publiés dans l'index, par type")
                .namespace("passerelle"),
            &["type"],
        )?;
        registry.register(Box::new(index_items.clone()))?;
        Ok((
            requests,
            Metrics {
                registry,
                pool_connections,
                pool_idle,
                index_items,
                index_lag,
            },
        ))
    }
}

/// Who may read `/metrics`: it tells how the API is used (editorial calls, failed
/// sign-ins per route), which is nobody else's business.
pub struct Access {
    /// `PASSERELLE_METRICS_TOKEN`: with it, a bearer of the secret reads from anywhere.
    pub token: Option<String>,
    /// A connection from a trusted proxy on the loopback may be anyone's request.
    pub trusted_proxies: TrustedProxies,
}

impl Access {
    pub fn allows(&self, req: &HttpRequest) -> bool {
        let presented = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if let (Some(token), Some(presented)) = (&self.token, presented) {
            // Digests compared: the time taken tells nothing of the secret.
            return Sha256::digest(token.as_bytes()) == Sha256::digest(presented.trim().as_bytes());
        }
        req.peer_addr()
            .is_some_and(|peer| peer.ip().is_loopback() && !self.trusted_proxies.trusts(peer.ip()))
    }
}

impl Metrics {
    /// The text of `/metrics`, in Prometheus' format; the gauges are read at each scrape.
    pub async fn report(&self, db: &Database, engine: &Engine) -> ApiResult<Vec<u8>> {
        let (connections, idle) = db.pool_state();
        self.pool_connections.set(i64::from(connections));
        self.pool_idle.set(i64::from(idle));
        let counts: HashMap<&str, usize> = ["publication", "event", "member"]
            .into_iter()
            .zip(engine.counts())
            .collect();
        for (kind, count) in counts {
            self.index_items
                .with_label_values(&[kind])
                .set(i64::try_from(count).unwrap_or(i64::MAX));
        }
        let db_for_lag = db.clone();
        let latest = web::block(move || {
            let mut conn = db_for_lag.connection().ok()?;
            passerelle_store::latest_change_id(&mut conn).ok()
        })
        .await
        .ok()
        .flatten();
        // Unknown while the database is unreachable: the last value stays.
        if let Some(latest) = latest {
            self.index_lag
                .set((latest - engine.applied_change()).max(0));
        }
        let mut body = Vec::new();
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut body)
            .map_err(|error| ApiError::Internal(format!("métriques illisibles : {error}")))?;
        Ok(body)
    }
}
