//! Builds the application and knows its port, so tests can bind port 0.

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use actix_cors::Cors;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method};
use actix_web::middleware::{from_fn, Compress, ErrorHandlers, Next};
use actix_web::{guard, web, App, HttpRequest, HttpResponse, HttpServer};
use passerelle_catalog::{follow_changes, start_engine, CatalogError};
use passerelle_documents::LocalStorage;
use passerelle_store::{Backend, Database};
use tracing_actix_web::TracingLogger;
use utoipa_swagger_ui::SwaggerUi;

use crate::error::{ApiError, ApiResult};
use crate::middleware::caching;
use crate::state::AppState;
use crate::{openapi, routes, spa};

/// How long a client may take to send its request line and headers.
pub const REQUEST_HEAD_TIMEOUT: Duration = Duration::from_secs(5);
/// Threads per worker for blocking work (engine queries, database calls). On SQLite that
/// work is CPU: beyond a couple of threads per core it only queues, each thread with memory
/// of its own (actix allows 512). PostgreSQL calls mostly wait for the network: enough
/// threads to keep every pooled connection busy, else a database a few hundred
/// microseconds away caps the requests per second at threads ÷ (queries × round trip).
fn blocking_threads_per_worker(db: &Database, workers: usize) -> usize {
    match db.backend() {
        Backend::Sqlite => 2,
        Backend::Postgresql => db.pool_size().div_ceil(workers.max(1)).max(2),
    }
}
/// How long an idle keep-alive connection stays open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// What the server needs to know besides the database.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Address to listen on; port 0 picks a free port.
    pub bind: String,
    /// Folder of the built client (`index.html` and its assets), if any.
    pub spa_dir: Option<PathBuf>,
    /// Worker threads; `None` uses one per core.
    pub workers: Option<usize>,
    /// How often to look for changes made by other instances; `None` never looks.
    pub refresh_every: Option<Duration>,
    /// How repeated failed sign-ins are slowed, then refused.
    pub sign_in_throttle: passerelle_auth::ThrottlePolicy,
    /// Folder of uploaded documents.
    pub documents_dir: PathBuf,
    /// Largest document accepted, in bytes.
    pub max_upload_bytes: u64,
    /// The resource centre's name: author and publisher in feeds and linked data.
    pub publisher: String,
    /// Request budgets per client address.
    pub rate_limits: crate::middleware::limits::RateLimitSettings,
    /// Longest a public read may take before it is answered 503.
    pub read_deadline: Duration,
    /// Folder the search index is kept in between runs (each instance its own); `None`
    /// builds it at every start in a temporary folder.
    pub index_dir: Option<PathBuf>,
    /// How often, at most, the kept index is checkpointed while changes come.
    pub checkpoint_every: Duration,
    /// Reverse proxies whose `X-Forwarded-For` says who the client is.
    pub trusted_proxies: crate::TrustedProxies,
    /// The site's canonical origin (`https://ressources.exemple.fr`), the only source of
    /// absolute links; `None` takes the address listened on, which only suits a server
    /// on the loopback (development, tests).
    pub public_url: Option<String>,
    /// Secret that opens `/metrics` to callers other than the loopback.
    pub metrics_token: Option<String>,
    /// Where mail goes (SMTP, or `.eml` files), and how often the outbox is emptied.
    pub mail: passerelle_mail::MailConfig,
    pub mail_every: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("écoute impossible : {0}")]
    Io(#[from] std::io::Error),
    #[error("construction de l'index de recherche : {0}")]
    Catalog(#[from] CatalogError),
    #[error("métriques : {0}")]
    Metrics(String),
    #[error("{0}")]
    PublicUrl(String),
    #[error("courriel : {0}")]
    Mail(String),
}

pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Indexes the database's content, then listens.
    pub fn build(settings: &Settings, db: Database) -> Result<Self, StartupError> {
        let (engine, applied) = start_engine(&db, settings.index_dir.as_deref())?;
        let engine = Arc::new(engine);
        if let Some(every) = settings.refresh_every {
            follow_changes(
                db.clone(),
                &engine,
                applied,
                every,
                settings.checkpoint_every,
            )?;
        }
        let listener = TcpListener::bind(&settings.bind)?;
        let local = listener.local_addr()?;
        let port = local.port();
        let origin = crate::formats::PublicOrigin::new(settings.public_url.as_deref(), local)
            .map_err(StartupError::PublicUrl)?;
        let (request_metrics, metrics) = crate::middleware::metrics::Metrics::new()
            .map_err(|e| StartupError::Metrics(e.to_string()))?;
        let workers = settings.workers.unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        });
        let blocking_threads = blocking_threads_per_worker(&db, workers);
        let site = passerelle_feeds::Site::new(origin.0.clone(), settings.publisher.clone());
        let postman =
            passerelle_mail::Composer::new(&settings.mail, site).map_err(StartupError::Mail)?;
        let sender =
            passerelle_mail::Sender::from_config(&settings.mail).map_err(StartupError::Mail)?;
        let from = settings
            .mail
            .from_address
            .parse()
            .map_err(|e| StartupError::Mail(format!("{e}")))?;
        let postman = Arc::new(postman);
        passerelle_mail::spawn_worker(
            db.clone(),
            sender,
            from,
            &settings.mail,
            settings.mail_every,
            Arc::downgrade(&postman),
        );
        let state = web::Data::new(AppState {
            postman,
            conformity: crate::conformity::ConformityStatus::load(&db),
            storage: Arc::new(LocalStorage::new(&settings.documents_dir)?),
            memos: crate::memo::ContentMemos::default(),
            detail_readers: crate::detail_reads::DetailReaders::new(db.pool_size()),
            db,
            engine,
            sign_in_throttle: settings.sign_in_throttle,
            max_upload_bytes: settings.max_upload_bytes,
            publisher: settings.publisher.clone(),
            origin: origin.0,
            metrics,
            metrics_access: crate::middleware::metrics::Access {
                token: settings.metrics_token.clone().filter(|t| !t.is_empty()),
                trusted_proxies: settings.trusted_proxies.clone(),
            },
        });
        let spa_dir = settings.spa_dir.clone();
        let client_assets = spa::assets(spa_dir.as_deref());
        // Each middleware's own settings, for all workers.
        let rate_limits = web::Data::new(crate::middleware::limits::RateLimits::new(
            settings.rate_limits,
            settings.trusted_proxies.clone(),
        ));
        let read_deadline = web::Data::new(crate::middleware::limits::ReadDeadline(
            settings.read_deadline,
        ));
        let compressed_copies =
            web::Data::new(crate::middleware::compression::CompressedCopies::default());
        let api_document = web::Data::new(openapi::ServedDocument::default());
        let allowed_methods =
            web::Data::new(crate::error::AllowedMethods(openapi::allowed_methods));
        let page_policy = web::Data::new(crate::middleware::security::PagePolicy::of_client(
            settings.spa_dir.as_deref(),
        ));
        let server = HttpServer::new(move || {
            App::new()
                .wrap(from_fn(reading_methods_only))
                .wrap(from_fn(crate::middleware::limits::outside_api))
                .wrap(from_fn(crate::middleware::limits::body_deadline))
                // Outside everything that works for a request; inside what marks its answer.
                .wrap(from_fn(crate::middleware::limits::request_head))
                // Inside compression: the headers go on the plain answer.
                .wrap(from_fn(crate::middleware::security::headers))
                .wrap(Compress::default())
                .wrap(from_fn(crate::middleware::compression::unmark_plain))
                .wrap(request_metrics.clone())
                .wrap(TracingLogger::default())
                .app_data(state.clone())
                .app_data(rate_limits.clone())
                .app_data(read_deadline.clone())
                .app_data(compressed_copies.clone())
                .app_data(page_policy.clone())
                .app_data(allowed_methods.clone())
                .route("/metrics", web::get().to(routes::public::health::metrics))
                // Bodies up to 1 MB: a long body of Markdown fits; anything larger is refused
                // before it is read whole.
                .app_data(web::PayloadConfig::new(1024 * 1024))
                .configure(routes::probes)
                .route(
                    "/sitemap.xml",
                    web::get().to(routes::public::feeds::sitemap),
                )
                .route("/robots.txt", web::get().to(routes::public::feeds::robots))
                .service(
                    web::scope("/widgets")
                        .wrap(ErrorHandlers::new().default_handler(crate::error::as_problem))
                        .configure(routes::widgets),
                )
                .route(
                    "/api/docs",
                    web::get().to(|| async {
                        HttpResponse::PermanentRedirect()
                            .insert_header((header::LOCATION, "/api/docs/"))
                            .finish()
                    }),
                )
                .service(
                    web::resource("/api/openapi.json")
                        .guard(guard::Get())
                        .app_data(api_document.clone())
                        .to(openapi::serve_document),
                )
                .service(
                    SwaggerUi::new("/api/docs/{_:.*}")
                        .config(utoipa_swagger_ui::Config::new(["/api/openapi.json"])),
                )
                .service(
                    web::scope("/api")
                        .wrap(from_fn(caching::public_reads))
                        .wrap(from_fn(crate::middleware::limits::deadline))
                        // Inside CORS: a partner's page can read a 429 and its headers.
                        .wrap(from_fn(crate::middleware::limits::enforce))
                        .wrap(public_cors())
                        .wrap(ErrorHandlers::new().default_handler(crate::error::as_problem))
                        .service(
                            web::scope("/v1")
                                .configure(routes::api)
                                .default_service(web::to(unmatched_api_request)),
                        )
                        .default_service(web::to(unmatched_api_request)),
                )
                .configure(|cfg| spa::configure(cfg, spa_dir.as_deref(), &client_assets))
        })
        // A client that sends its request head slowly, or keeps an idle connection, does
        // not hold a worker: 408 and closed after these delays.
        .client_request_timeout(REQUEST_HEAD_TIMEOUT)
        .client_disconnect_timeout(Duration::from_secs(1))
        .keep_alive(KEEP_ALIVE)
        // Engine queries and database calls run on this pool: beyond a few threads per
        // core they only queue, each with memory of its own (actix allows 512).
        .worker_max_blocking_threads(blocking_threads)
        .workers(workers)
        .listen(listener)?;
        Ok(Application {
            port,
            server: server.run(),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGINT or SIGTERM, then lets requests in flight finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Any site may read the public API from a browser; none may write through it: preflights
/// only allow reading methods, and no credentials are ever allowed cross-origin, so a staff
/// session cannot be used from another site.
fn public_cors() -> Cors {
    Cors::default()
        .allow_any_origin()
        .send_wildcard()
        .allowed_methods(["GET", "HEAD", "OPTIONS"])
        .allowed_headers([
            header::ACCEPT,
            header::IF_NONE_MATCH,
            header::IF_MODIFIED_SINCE,
        ])
        .expose_headers([header::ETAG, header::LOCATION])
        .max_age(86_400)
}

/// Under `/api`, nothing falls through to the client: a documented path asked with another
/// method gets a 405 that lists the methods it takes, an unknown path a 404, both as
/// problem+json.
/// Outside `/api`, everything is read: pages, files, feeds of widgets, probes. Any other
/// method is a 405 that says so, instead of a page.
async fn reading_methods_only(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let path = req.path();
    let api = path == "/api" || path.starts_with("/api/");
    if api || matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let allow = openapi::allowed_methods(path).unwrap_or_else(|| "GET, HEAD".to_owned());
    let error = ApiError::MethodNotAllowed {
        message: format!(
            "La méthode {} n'est pas permise sur « {path} » (méthodes permises : {allow}).",
            req.method()
        ),
        allow,
    };
    Ok(req.error_response(error).map_into_boxed_body())
}

async fn unmatched_api_request(req: HttpRequest) -> ApiResult {
    if let Some(allow) = openapi::allowed_methods(req.path()) {
        let read_only = allow.split(", ").all(|m| m == "GET" || m == "HEAD");
        let hint = if read_only {
            " : l'API publique est en lecture seule ; les modifications passent par /api/v1/editorial"
        } else {
            ""
        };
        return Err(ApiError::MethodNotAllowed {
            message: format!(
                "La méthode {} n'est pas permise sur « {} » (méthodes permises : {allow}){hint}.",
                req.method(),
                req.path()
            ),
            allow,
        });
    }
    Err(ApiError::NotFound(format!(
        "Aucune ressource de l'API à l'adresse « {} ».",
        req.path()
    )))
}
