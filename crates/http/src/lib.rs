//! The HTTP face of Passerelle: the versioned read API under `/api/v1`, its OpenAPI
//! document and interactive docs, health probes, and the single-page client.
//!
//! A list or search request goes route (`routes/…`) → engine (`passerelle_search`, built
//! from the database at start); a detail goes route → store function (`passerelle_store`);
//! both answer with DTOs of `passerelle_types`. errors of every layer meet in [`ApiError`] and leave as RFC 9457
//! `application/problem+json`.

mod auth;
mod blocking;
mod body;
mod caching;
mod client_address;
mod compression;
mod detail_reads;
mod error;
mod formats;
mod limits;
mod memo;
mod metrics;
mod openapi;
mod preview;
mod routes;
mod security;
mod spa;
mod startup;
mod state;

pub use client_address::TrustedProxies;
pub use error::ApiError;
pub use limits::RateLimitSettings;
pub use openapi::{openapi, openapi_json};
pub use startup::{Application, Settings, StartupError};
