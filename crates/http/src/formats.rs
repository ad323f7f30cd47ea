//! The other representations of the public resources: which one a request wants, and the
//! responses that carry them.

use actix_web::http::header::{self, HeaderValue};
use actix_web::web::Bytes;
use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse};
use passerelle_feeds::Site;
use passerelle_types::Pagination;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// The site's canonical origin, from `PASSERELLE_PUBLIC_URL`: every absolute link of
/// feeds, calendars, CSV, sitemap, widgets, previews and linked data starts with it.
/// Never taken from a request (`Host`, `X-Forwarded-Host`): anyone can write those, and a
/// shared cache would hand the links one client chose to every other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicOrigin(pub String);

impl PublicOrigin {
    /// The configured origin, checked; without one, the address listened on, which is
    /// only allowed on the loopback (a server others reach needs its public name).
    pub fn new(configured: Option<&str>, local: std::net::SocketAddr) -> Result<Self, String> {
        let Some(url) = configured.map(str::trim).filter(|u| !u.is_empty()) else {
            if !local.ip().is_loopback() {
                return Err(format!(
                    "PASSERELLE_PUBLIC_URL manque : le serveur écoute sur {local}, hors de la                      boucle locale, et ses liens absolus (fils, agendas, plan du site, aperçus)                      ont besoin de l'adresse publique du site, par exemple                      PASSERELLE_PUBLIC_URL=https://ressources.exemple.fr"
                ));
            }
            return Ok(PublicOrigin(format!("http://{local}")));
        };
        let refused = || {
            format!(
                "PASSERELLE_PUBLIC_URL vaut « {url} » : une origine est attendue,                  http:// ou https:// suivi du nom du site, sans chemin ni paramètre                  (par exemple https://ressources.exemple.fr)."
            )
        };
        let uri: actix_web::http::Uri = url.parse().map_err(|_| refused())?;
        let scheme_ok = matches!(uri.scheme_str(), Some("http" | "https"));
        let path_ok = matches!(uri.path(), "" | "/") && uri.query().is_none();
        match uri.authority() {
            Some(authority) if scheme_ok && path_ok && !authority.as_str().contains('@') => {
                Ok(PublicOrigin(format!(
                    "{}://{}",
                    uri.scheme_str().unwrap_or("https"),
                    authority.as_str().to_ascii_lowercase()
                )))
            }
            _ => Err(refused()),
        }
    }
}

/// The public site, for absolute links.
pub fn site(req: &HttpRequest) -> Site {
    match req.app_data::<Data<AppState>>() {
        Some(state) => Site::new(state.origin.clone(), state.publisher.clone()),
        None => Site::new(String::new(), String::new()),
    }
}

/// Largest export: a CSV or a calendar holds every matching item, up to this many.
pub const EXPORT_LIMIT: u32 = 10_000;

pub fn everything() -> Pagination {
    Pagination {
        page: 1,
        limit: EXPORT_LIMIT,
    }
}

/// What a list request asks for: JSON (the default) or CSV, by `format=csv` or by
/// `Accept: text/csv`; and the query string without `format`, for the list's own parser.
pub struct ListFormat {
    pub csv: bool,
    pub query: String,
}

pub fn list_format(req: &HttpRequest) -> ApiResult<ListFormat> {
    let mut format = None;
    let mut rest = Vec::new();
    for pair in req.query_string().split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("format", value)) => {
                if format.is_some() {
                    return Err(invalid_format(
                        "Le paramètre « format » est donné plusieurs fois.".to_owned(),
                    ));
                }
                format = Some(value.to_owned());
            }
            _ => rest.push(pair),
        }
    }
    let csv = match format.as_deref() {
        Some("csv") => true,
        Some("json") => false,
        Some(other) => {
            return Err(invalid_format(format!(
                "Le paramètre « format » vaut « {other} » : valeurs possibles « json » ou « csv »."
            )))
        }
        None => accepts(req, "text/csv"),
    };
    Ok(ListFormat {
        csv,
        query: rest.join("&"),
    })
}

fn invalid_format(message: String) -> ApiError {
    ApiError::InvalidParameter {
        parameter: "format".to_owned(),
        message,
    }
}

/// Whether the `Accept` header names this media type (wildcards are not enough: JSON stays
/// the default).
pub fn accepts(req: &HttpRequest, media_type: &str) -> bool {
    req.headers()
        .get_all(header::ACCEPT)
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|item| {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or_default().trim();
            // `q=0` means « not this one ».
            let refused = parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            name.eq_ignore_ascii_case(media_type) && !refused
        })
}

/// A response whose representation depends on `Accept`: shared caches must know.
pub fn vary_on_accept(mut response: HttpResponse) -> HttpResponse {
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Accept"));
    response
}

pub fn csv(body: Vec<u8>, name: &str) -> HttpResponse {
    vary_on_accept(
        HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8; header=present")
            .insert_header((
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.csv\""),
            ))
            .body(body),
    )
}

pub fn calendar(body: impl Into<Bytes>, name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"{name}.ics\""),
        ))
        .body(body.into())
}

pub fn atom(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/atom+xml; charset=utf-8")
        .body(body)
}

pub fn linked_data(value: serde_json::Value) -> HttpResponse {
    vary_on_accept(
        HttpResponse::Ok()
            .content_type("application/ld+json")
            .body(value.to_string()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_public_origin_is_checked_and_required_off_the_loopback() {
        let loopback: std::net::SocketAddr = "127.0.0.1:8080".parse().expect("address");
        let everywhere: std::net::SocketAddr = "0.0.0.0:8080".parse().expect("address");
        let origin = |url: Option<&str>, local| PublicOrigin::new(url, local).map(|o| o.0);
        assert_eq!(
            origin(None, loopback),
            Ok("http://127.0.0.1:8080".to_owned())
        );
        assert!(origin(None, everywhere).is_err_and(|e| e.contains("PASSERELLE_PUBLIC_URL")));
        assert_eq!(
            origin(Some("https://Ressources.Exemple.fr/"), everywhere),
            Ok("https://ressources.exemple.fr".to_owned())
        );
        for wrong in [
            "ressources.exemple.fr",
            "ftp://exemple.fr",
            "https://exemple.fr/site",
            "https://exemple.fr/?a=b",
            "https://moi@exemple.fr",
        ] {
            assert!(origin(Some(wrong), everywhere).is_err(), "{wrong}");
        }
    }
}
