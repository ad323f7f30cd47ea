//! Route handlers, one module per resource.

pub mod accounts;
pub mod answers;
pub mod archive;
pub mod documents;
pub mod editorial;
pub mod events;
pub mod feeds;
pub mod health;
pub mod imports;
pub mod members;
pub mod publications;
pub mod reference;
pub mod search;
pub mod session;
pub mod tokens;

use actix_web::{guard, web, FromRequest, Handler, Responder};
use utoipa::openapi::HttpMethod;

/// Registers one documented operation where its `#[utoipa::path]` says: that path (less the
/// prefix of the scope it is served in) and those methods, a GET answering HEAD too. The
/// router tries the operations in the order of [`operations!`].
fn serve<P, F, Args>(
    cfg: &mut web::ServiceConfig,
    prefix: &str,
    handler: F,
    body_limit: Option<usize>,
) where
    P: utoipa::Path,
    F: Handler<Args>,
    Args: FromRequest + 'static,
    F::Output: Responder + 'static,
{
    let documented = P::path();
    let path = documented
        .strip_prefix(prefix)
        .unwrap_or_else(|| panic!("{documented} est documentée hors de {prefix}"));
    for method in P::methods() {
        let answers = match method {
            HttpMethod::Get => guard::Any(guard::Get()).or(guard::Head()),
            HttpMethod::Post => guard::Any(guard::Post()),
            HttpMethod::Put => guard::Any(guard::Put()),
            HttpMethod::Patch => guard::Any(guard::Patch()),
            HttpMethod::Delete => guard::Any(guard::Delete()),
            HttpMethod::Head => guard::Any(guard::Head()),
            HttpMethod::Options => guard::Any(guard::Options()),
            HttpMethod::Trace => guard::Any(guard::Trace()),
        };
        let mut resource = web::resource(path).guard(answers);
        if let Some(limit) = body_limit {
            resource = resource.app_data(web::PayloadConfig::new(limit));
        }
        cfg.service(resource.to(handler.clone()));
    }
}

/// Declares each operation once: the scopes it is served in give functions that register
/// their operations (from the path and methods of their documentation), and the whole
/// list makes the paths of the OpenAPI document ([`operations`]). A handler is named by
/// its module and its name; `(body_limit = …)` raises the accepted body for that
/// operation alone. Each module's handlers get a module of their own here
/// (`api_editorial_themes`…), which serves and documents exactly them.
macro_rules! operations {
    ($(
        $(#[$doc:meta])*
        $scope:ident at $prefix:literal {
            $($($module:ident)::+ :: { $($name:ident $((body_limit = $limit:expr))?),+ $(,)? }),+ $(,)?
        }
    )+) => {
        $($(
            pastey::paste! {
                mod [<$scope $(_ $module)+>] {
                    use super::$($module)::+ as handlers;

                    #[derive(utoipa::OpenApi)]
                    #[openapi(paths($(handlers::$name),+))]
                    pub struct Documented;

                    pub fn serve(cfg: &mut actix_web::web::ServiceConfig) {
                        $(super::serve::<handlers::[<__path_ $name>], _, _>(
                            cfg,
                            $prefix,
                            handlers::$name,
                            None $(.or(Some($limit)))?,
                        );)+
                    }
                }
            }
        )+)+

        $(
            $(#[$doc])*
            pub fn $scope(cfg: &mut web::ServiceConfig) {
                $(pastey::paste! { [<$scope $(_ $module)+>]::serve(cfg); })+
            }
        )+

        /// Every operation served, with its documentation: the paths of the OpenAPI document.
        pub fn operations() -> utoipa::openapi::OpenApi {
            use utoipa::OpenApi;
            let mut document = utoipa::openapi::OpenApi::default();
            $($(pastey::paste! {
                document.merge([<$scope $(_ $module)+>]::Documented::openapi());
            })+)+
            document
        }
    };
}

operations! {
    /// The operations of `/api/v1`. Feeds come before details: `/events/{key}` would take
    /// `/events/x.ics` for an event.
    api at "/api/v1" {
        feeds::{events_calendar, event_calendar, publications_feed, events_feed, deletions},
        search::{search},
        publications::{list, detail},
        events::{list, detail},
        members::{list, detail},
        reference::{themes, territories},
        session::{sign_in, current, sign_out, me},
        tokens::{list, create, revoke},
        accounts::{list, create, update, audit},
        archive::{download},
        imports::{members (body_limit = crate::routes::imports::MAX_SHEET_BYTES)},
        editorial::publications::{list, create, read, replace, patch, remove, restore, publish, unpublish},
        editorial::events::{list, create, read, replace, patch, remove, restore, publish, unpublish},
        editorial::members::{list, create, read, replace, patch, remove, restore, publish, unpublish},
        editorial::themes::{list, create, read, replace, remove, restore},
        editorial::{preview},
        documents::{upload, list, remove, download_draft, download},
    }
    /// The widgets partner sites embed, under `/widgets`.
    widgets at "/widgets" {
        feeds::{events_widget, publications_widget},
    }
    /// The probes of the supervision, at the root.
    probes at "" {
        health::{healthz, readyz},
    }
}
