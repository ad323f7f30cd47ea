//! Route handlers, one module per resource.

pub mod accounts;
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

use std::sync::Arc;

use actix_web::{web, HttpRequest};
use passerelle_search::Engine;
use passerelle_store::Database;

use crate::detail_reads::DetailReads;
use crate::error::ApiError;
use crate::memo::Memo;

/// A published item by id or slug: kept from an earlier request while the content has not
/// changed, else read from the database with the other keys asked for meanwhile (`None`
/// when nothing published has this key), with the summaries it shows taken from the engine.
pub async fn published<T: Send + Sync + 'static>(
    memo: &Memo<Arc<T>>,
    reads: &Arc<DetailReads<T>>,
    engine: &web::Data<Engine>,
    db: &web::Data<Database>,
    key: &str,
) -> Result<Option<Arc<T>>, ApiError> {
    let generation = engine.generation();
    if let Some(kept) = memo.get(key, generation) {
        return Ok(Some(kept));
    }
    let Some(item) = reads.read(db, engine, key.to_owned()).await? else {
        return Ok(None);
    };
    memo.put(key.to_owned(), generation, Arc::clone(&item));
    Ok(Some(item))
}

/// Detail and reference endpoints take no parameter: refuse any, as lists refuse unknown ones.
pub fn no_parameters(req: &HttpRequest) -> Result<(), ApiError> {
    passerelle_types::parse_no_parameters(req.query_string())?;
    Ok(())
}

/// The 404 of a detail endpoint.
pub fn not_found(what: &str, key: &str) -> ApiError {
    ApiError::NotFound(format!("Aucun(e) {what} ne correspond à « {key} »."))
}

/// Every route of `/api/v1`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    // Feeds first: `/events/{key}` would take `/events/x.ics` for an event.
    cfg.service(feeds::events_calendar)
        .service(feeds::event_calendar)
        .service(feeds::publications_feed)
        .service(feeds::events_feed)
        .service(feeds::deletions)
        .service(search::search)
        .service(publications::list)
        .service(publications::detail)
        .service(events::list)
        .service(events::detail)
        .service(members::list)
        .service(members::detail)
        .service(reference::themes)
        .service(reference::territories)
        .service(session::sign_in)
        .service(session::current)
        .service(session::sign_out)
        .service(session::me)
        .service(tokens::list)
        .service(tokens::create)
        .service(tokens::revoke)
        .service(accounts::list)
        .service(accounts::create)
        .service(accounts::update)
        .service(accounts::audit)
        .service(archive::download)
        .configure(editorial::publications::configure)
        .configure(editorial::events::configure)
        .configure(editorial::members::configure)
        .configure(editorial::themes::configure)
        .configure(documents::configure)
        .route("/editorial/preview", web::post().to(editorial::preview))
        .service(
            web::resource("/imports/members")
                .app_data(web::PayloadConfig::new(imports::MAX_SHEET_BYTES))
                .route(web::post().to(imports::members)),
        );
}

/// An identifier in a filter (`theme`, `territory`), as the parser accepts it.
pub struct Slug;

impl utoipa::PartialSchema for Slug {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^[a-z0-9-]{0,100}$"))
            .description(Some(
                "Identifiant : minuscules sans accent, chiffres et tirets (100 caractères au plus) ; \
                 vide, il ne filtre rien.",
            ))
            .into()
    }
}

impl utoipa::ToSchema for Slug {}

/// Declares the schema of one value of a multi-valued filter: one of the values of
/// `$values`, or nothing — `kind=` (what a plain HTML form sends for « tous ») filters
/// nothing, as an absent parameter does; empty values between commas are skipped too.
macro_rules! or_empty {
    ($(#[$doc:meta])* $name:ident, $values:ty) => {
        $(#[$doc])*
        pub struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
                OneOfBuilder::new()
                    .item(utoipa::openapi::Ref::from_schema_name(
                        <$values as utoipa::ToSchema>::name(),
                    ))
                    .item(
                        ObjectBuilder::new()
                            .schema_type(Type::String)
                            .enum_values(Some([""]))
                            .description(Some("Vide : aucun filtre.")),
                    )
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}
    };
}

or_empty!(
    /// A kind of publication in a filter, or nothing.
    PublicationKindFilter,
    passerelle_types::PublicationKind
);
or_empty!(
    /// A kind of event in a filter, or nothing.
    EventKindFilter,
    passerelle_types::EventKind
);
or_empty!(
    /// A kind of network member in a filter, or nothing.
    MemberKindFilter,
    passerelle_types::MemberKind
);
or_empty!(
    /// A kind of item in a filter, or nothing.
    ItemTypeFilter,
    passerelle_types::ItemType
);

/// A year in a filter: four digits.
pub struct Year;

impl utoipa::PartialSchema for Year {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
        OneOfBuilder::new()
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                        utoipa::openapi::KnownFormat::Int32,
                    )))
                    .minimum(Some(1000))
                    .maximum(Some(9999)),
            )
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some([""])),
            )
            .description(Some(
                "Année sur quatre chiffres ; vide, elle ne filtre rien.",
            ))
            .into()
    }
}

impl utoipa::ToSchema for Year {}

/// Page and size of a staff list (editorial items, audit log), checked like the public
/// lists' instead of being silently corrected.
pub fn staff_page(page: Option<u32>, limit: Option<u32>) -> Result<(u32, u32), ApiError> {
    let page = page.unwrap_or(1);
    if page == 0 || page > passerelle_types::MAX_PAGE {
        return Err(ApiError::InvalidParameter {
            parameter: "page".to_owned(),
            message: format!(
                "Le paramètre « page » va de 1 à {} (reçu {page}).",
                passerelle_types::MAX_PAGE
            ),
        });
    }
    let limit = limit.unwrap_or(50);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::InvalidParameter {
            parameter: "limit".to_owned(),
            message: format!("Le paramètre « limit » va de 1 à 100 (reçu {limit})."),
        });
    }
    Ok((page, limit))
}
