//! Route handlers, by audience: what anyone reads (`public/`), the editors' work on the
//! content (`editorial/`, and the documents attached to publications in `documents.rs`),
//! the team's accounts and tools (`staff/`); what several answer alike in `answers.rs`.
//! Every operation is served from the table of `operations!` below.

pub mod answers;
pub mod documents;
pub mod editorial;
pub mod public;
pub mod staff;

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

/// The operations of a module, all under the tag the table gives it.
fn tagged(mut document: utoipa::openapi::OpenApi, tag: &str) -> utoipa::openapi::OpenApi {
    for (_, operation) in crate::openapi::operations::operations_mut(&mut document) {
        operation.tags = Some(vec![tag.to_owned()]);
    }
    document
}

/// Declares each operation once: the scopes it is served in give functions that register
/// their operations (from the path and methods of their documentation), and the whole
/// list makes the paths of the OpenAPI document ([`operations`]). A handler is named by
/// its module and its name, and grouped in the document under its module's `tag`;
/// `(body_limit = …)` raises the accepted body for that
/// operation alone. Each module's handlers get a module of their own here
/// (`api_editorial_themes`…), which serves and documents exactly them.
macro_rules! operations {
    ($(
        $(#[$doc:meta])*
        $scope:ident at $prefix:literal {
            $($($module:ident)::+ :: { $($name:ident $((body_limit = $limit:expr))?),+ $(,)? } tag $tag:literal),+ $(,)?
        }
    )+) => {
        $($(
            pastey::paste! {
                mod [<$scope $(_ $module)+>] {
                    use super::$($module)::+ as handlers;

                    #[derive(utoipa::OpenApi)]
                    #[openapi(paths($(handlers::$name),+))]
                    struct Documented;

                    pub fn documented() -> utoipa::openapi::OpenApi {
                        use utoipa::OpenApi;
                        super::tagged(Documented::openapi(), $tag)
                    }

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
            let mut document = utoipa::openapi::OpenApi::default();
            $($(pastey::paste! {
                document.merge([<$scope $(_ $module)+>]::documented());
            })+)+
            document
        }
    };
}

operations! {
    /// The operations of `/api/v1`. Feeds come before details: `/events/{key}` would take
    /// `/events/x.ics` for an event.
    api at "/api/v1" {
        public::feeds::{events_calendar, event_calendar, publications_feed, events_feed, deletions} tag "feeds",
        public::search::{search} tag "search",
        public::registrations::{availability, register, read, update, confirm, cancel} tag "registrations",
        public::publications::{list, detail} tag "publications",
        public::events::{list, detail} tag "events",
        public::members::{list, detail} tag "members",
        public::reference::{themes, territories} tag "reference",
        staff::session::{sign_in, current, sign_out, me} tag "accounts",
        staff::tokens::{list, create, revoke} tag "accounts",
        staff::accounts::{list, create, update, audit} tag "accounts",
        staff::invitations::{invite, read, accept} tag "accounts",
        staff::archive::{download} tag "accounts",
        staff::imports::{members (body_limit = crate::routes::staff::imports::MAX_SHEET_BYTES)} tag "members",
        editorial::publications::{list, create, read, replace, patch, remove, restore, publish, unpublish, public_preview, history, restore_version} tag "editorial-publications",
        editorial::events::{list, create, read, replace, patch, remove, restore, publish, unpublish, public_preview, history, restore_version} tag "editorial-events",
        editorial::registrations::{settings, replace_settings, export, list, add, message, change} tag "editorial-events",
        staff::site::{page, save_page, report, report_csv} tag "accounts",
        editorial::members::{list, create, read, replace, patch, remove, restore, publish, unpublish, public_preview, history, restore_version} tag "editorial-members",
        editorial::themes::{list, create, read, replace, remove, restore} tag "editorial-themes",
        editorial::markdown::{preview} tag "editorial-publications",
        documents::{upload, list, remove, download_draft} tag "editorial-publications",
        public::documents::{download} tag "publications",
    }
    /// The widgets partner sites embed, under `/widgets`.
    widgets at "/widgets" {
        public::feeds::{events_widget, publications_widget} tag "feeds",
    }
    /// The probes of the supervision, at the root.
    probes at "" {
        public::health::{healthz, readyz} tag "operations",
    }
}
