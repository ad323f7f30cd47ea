//! Serving the built single-page client, with `index.html` for every client route.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::{web, HttpResponse};

/// Files of the built client, and `index.html` for any path that is not a file, so that a
/// reload on `/publications/…` reaches the client's router.
pub fn service(dir: &Path) -> Files {
    let index: PathBuf = dir.join("index.html");
    Files::new("/", dir)
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
    match dir {
        Some(dir) if dir.join("index.html").is_file() => {
            cfg.service(service(dir));
        }
        _ => {
            cfg.default_service(web::to(not_built));
        }
    }
}
