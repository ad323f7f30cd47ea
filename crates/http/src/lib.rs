//! The HTTP face of Passerelle: the versioned read API under `/api/v1`, its OpenAPI
//! document and interactive docs, health probes, and the single-page client.
//!
//! A list or search request goes route (`routes/…`) → engine (`passerelle_search`, built
//! from the database at start); a detail goes route → store function (`passerelle_store`);
//! both answer with DTOs of `passerelle_types`. errors of every layer meet in [`ApiError`] and leave as RFC 9457
//! `application/problem+json`.

mod assets;
mod auth;
mod blocking;
mod body;
mod conformity;
mod detail_reads;
mod error;
mod formats;
mod memo;
mod middleware;
mod openapi;
mod public_pages;
mod routes;
mod site_pages;
mod spa;
mod startup;
mod state;

pub use error::ApiError;
pub use middleware::client_address::TrustedProxies;
pub use middleware::limits::RateLimitSettings;
pub use openapi::{openapi, openapi_json};
pub use startup::{Application, Settings, StartupError};
