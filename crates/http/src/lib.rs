//! The HTTP face of Passerelle: the versioned read API under `/api/v1`, its OpenAPI
//! document and interactive docs, health probes, and the single-page client.
//!
//! A request goes route (`routes/…`) → store function (`passerelle_store`) → DTO
//! (`passerelle_types`); errors of every layer meet in [`ApiError`] and leave as RFC 9457
//! `application/problem+json`.

mod error;
mod openapi;
mod routes;
mod spa;
mod startup;

pub use error::ApiError;
pub use openapi::{openapi, openapi_json};
pub use startup::{Application, Settings};
