//! Serving the built client, with its `index.html` for every client route. The client is
//! three bundles: the public site at the root of the directory, the editors' screens in its
//! `redaction/` folder, answering `/redaction/…` and `/connexion`, and registering for an
//! event in its `inscription/` folder, answering `/inscription/…`.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::{web, HttpRequest, HttpResponse};

/// Where the editors' bundle lives, inside the client's directory.
const STAFF_DIR: &str = "redaction";
/// Where the registration bundle lives: the form and one's own registration.
const REGISTRATION_DIR: &str = "inscription";

/// The pages of the three bundles (their inline start-up scripts are allowed by the
/// Content-Security-Policy, `middleware/security.rs`).
pub fn pages(dir: &Path) -> [PathBuf; 3] {
    [
        dir.join("index.html"),
        dir.join(STAFF_DIR).join("index.html"),
        dir.join(REGISTRATION_DIR).join("index.html"),
    ]
}

/// Files of a bundle mounted at `mount`, and its `index.html` for any path that is not a
/// file, so that a reload on `/publications/…` reaches the client's router.
fn bundle(mount: &str, dir: &Path) -> Files {
    let index: PathBuf = dir.join("index.html");
    Files::new(mount, dir)
        .index_file("index.html")
        .default_handler(fn_service(move |req: ServiceRequest| {
            let index = index.clone();
            async move {
                let (req, _) = req.into_parts();
                let response = NamedFile::open_async(&index).await?.into_response(&req);
                Ok(ServiceResponse::new(req, response))
            }
        }))
}

/// Shown when the client has not been built: the API still works.
pub async fn not_built() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(
            "<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\"><title>Passerelle</title>\
             <h1>Passerelle</h1><p>Le client web n'est pas construit. Lancez \
             <code>./scripts/run</code> pour le construire et le servir, ou consultez \
             <a href=\"/api/docs/\">la documentation de l'API</a>.</p></html>",
        )
}

pub fn configure(cfg: &mut web::ServiceConfig, dir: Option<&Path>) {
    let Some(dir) = dir.filter(|dir| dir.join("index.html").is_file()) else {
        cfg.default_service(web::to(not_built));
        return;
    };
    let staff = dir.join(STAFF_DIR);
    if staff.join("index.html").is_file() {
        let sign_in_page = staff.join("index.html");
        cfg.route(
            "/connexion",
            web::get().to(move |req: HttpRequest| {
                let page = sign_in_page.clone();
                async move {
                    NamedFile::open_async(page)
                        .await
                        .map(|f| f.into_response(&req))
                }
            }),
        )
        .service(bundle("/redaction", &staff));
    } else {
        cfg.route("/connexion", web::to(not_built))
            .route("/redaction", web::to(not_built))
            .route("/redaction/{rest:.*}", web::to(not_built));
    }
    let registration = dir.join(REGISTRATION_DIR);
    if registration.join("index.html").is_file() {
        cfg.service(bundle("/inscription", &registration));
    } else {
        cfg.route("/inscription", web::to(not_built))
            .route("/inscription/{rest:.*}", web::to(not_built));
    }
    match std::fs::read_to_string(dir.join("index.html")) {
        Ok(index) => crate::share_cards::configure(cfg, index.into()),
        Err(error) => tracing::warn!(%error, "index.html illisible : pas d'aperçus de partage"),
    }
    cfg.service(bundle("/", dir));
}
