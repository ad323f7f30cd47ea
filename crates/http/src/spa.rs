//! Serving the built client, with its `index.html` for every client route. The client is
//! three bundles: the public site at the root of the directory, the editors' screens in its
//! `redaction/` folder, answering `/redaction/…` and `/connexion`, and registering for an
//! event in its `inscription/` folder, answering `/inscription/…`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use actix_files::Files;
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::web::Data;
use actix_web::{web, HttpResponse};

use crate::assets::Assets;
use crate::state::AppState;

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

/// A bundle's `index.html`, read once, served with the accessibility status in its head
/// (`site_pages.rs`).
#[derive(Clone)]
struct IndexPage(Arc<str>);

impl IndexPage {
    fn read(dir: &Path) -> std::io::Result<IndexPage> {
        Ok(IndexPage(
            std::fs::read_to_string(dir.join("index.html"))?.into(),
        ))
    }

    async fn answer(self, state: Data<AppState>) -> HttpResponse {
        let status = state.conformity.get(&state.db);
        HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .insert_header(("Cache-Control", "no-cache"))
            .body(crate::site_pages::with_status(&self.0, status))
    }

    fn route(&self) -> actix_web::Route {
        let page = self.clone();
        web::get().to(move |state: Data<AppState>| page.clone().answer(state))
    }
}

/// Files of a bundle mounted at `mount`, and its `index.html` for its root and any path
/// that is not a file, so that a reload on `/redaction/…` reaches the client's router. The
/// public bundle's pages are written by `public_pages.rs`: any other address there is a 404.
fn bundle(cfg: &mut web::ServiceConfig, mount: &str, dir: &Path, index: &IndexPage) {
    let root = mount.trim_end_matches('/');
    cfg.route(if root.is_empty() { "/" } else { root }, index.route());
    if !root.is_empty() {
        cfg.route(&format!("{root}/"), index.route());
    }
    let page = index.clone();
    let root = root.to_owned();
    cfg.service(
        Files::new(mount, dir).default_handler(fn_service(move |req: ServiceRequest| {
            let (page, root) = (page.clone(), root.clone());
            async move {
                let (req, _) = req.into_parts();
                let state = req
                    .app_data::<Data<AppState>>()
                    .cloned()
                    .ok_or_else(|| actix_web::error::ErrorInternalServerError("état absent"))?;
                let response = if root.is_empty() {
                    crate::public_pages::not_found(&req, &page.0, state).await
                } else {
                    page.answer(state).await
                };
                Ok(ServiceResponse::new(req, response))
            }
        })),
    );
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

/// The hashed files of the three bundles, read once for every worker (`assets.rs`).
pub fn assets(dir: Option<&Path>) -> Arc<Assets> {
    let Some(dir) = dir else {
        return Arc::new(Assets::default());
    };
    let mut assets = Assets::read(dir, "/");
    assets.extend(Assets::read(
        &dir.join(STAFF_DIR),
        &format!("/{STAFF_DIR}/"),
    ));
    assets.extend(Assets::read(
        &dir.join(REGISTRATION_DIR),
        &format!("/{REGISTRATION_DIR}/"),
    ));
    assets.compress_in_background();
    Arc::new(assets)
}

pub fn configure(cfg: &mut web::ServiceConfig, dir: Option<&Path>, assets: &Assets) {
    assets.configure(cfg);
    let Some((dir, index)) = dir.and_then(|dir| Some((dir, IndexPage::read(dir).ok()?))) else {
        // The site's own pages need no client: without its stylesheet, plain HTML.
        crate::site_pages::configure(cfg, "");
        cfg.default_service(web::to(not_built));
        return;
    };
    let staff = dir.join(STAFF_DIR);
    if let Ok(staff_index) = IndexPage::read(&staff) {
        cfg.route("/connexion", staff_index.route());
        bundle(cfg, "/redaction", &staff, &staff_index);
    } else {
        cfg.route("/connexion", web::to(not_built))
            .route("/redaction", web::to(not_built))
            .route("/redaction/{rest:.*}", web::to(not_built));
    }
    let registration = dir.join(REGISTRATION_DIR);
    if let Ok(registration_index) = IndexPage::read(&registration) {
        bundle(cfg, "/inscription", &registration, &registration_index);
    } else {
        cfg.route("/inscription", web::to(not_built))
            .route("/inscription/{rest:.*}", web::to(not_built));
    }
    crate::site_pages::configure(cfg, &index.0);
    crate::public_pages::configure(cfg, index.0.clone());
    bundle(cfg, "/", dir, &index);
}
