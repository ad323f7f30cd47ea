//! Types shared by the Passerelle API and its WASM client.
//!
//! Everything that crosses the wire is defined here once: response bodies, list query
//! parameters (with their parsing and French error messages) and the closed vocabularies
//! (kinds, roles, statuses). This crate must stay free of server dependencies (diesel,
//! actix) so that it compiles to `wasm32-unknown-unknown`; utoipa schemas are behind the
//! `openapi` feature.

mod accounts;
pub mod address;
mod dto;
mod editorial;
mod enums;
mod imports;
mod items;
mod problem;
mod query;
mod registrations;
mod site;
pub mod wording;

pub use accounts::*;
pub use dto::*;
pub use editorial::*;
pub use enums::*;
pub use imports::*;
pub use items::{CatalogItem, ItemSummary};
pub use problem::Problem;
pub use query::*;
pub use registrations::*;
pub use site::*;
pub use wording::french_date;

/// Europe/Paris: every wall-clock time of the platform is expressed in this zone.
pub const TIME_ZONE: &str = "Europe/Paris";
