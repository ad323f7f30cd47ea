//! Types shared by the Passerelle API and its WASM client.
//!
//! Everything that crosses the wire is defined here once: response bodies, list query
//! parameters (with their parsing and French error messages) and the closed vocabularies
//! (kinds, roles, statuses). This crate must stay free of server dependencies (diesel,
//! actix) so that it compiles to `wasm32-unknown-unknown`; utoipa schemas are behind the
//! `openapi` feature.

mod dto;
mod editorial;
mod enums;
mod problem;
mod query;

pub use dto::*;
pub use editorial::*;
pub use enums::*;
pub use problem::Problem;
pub use query::*;

/// Europe/Paris: every wall-clock time of the platform is expressed in this zone.
pub const TIME_ZONE: &str = "Europe/Paris";
