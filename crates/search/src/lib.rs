//! Passerelle's search and list engine.
//!
//! Every list of the API — with or without a text query — and the cross-type search are
//! answered here, so one piece of code computes results, counts and facets. The database
//! stays the source of truth: the engine is built from a [`CatalogSource`] read from it
//! (at start, and again after a change), and holds a French full-text index (tantivy)
//! beside an in-memory catalogue of the published items.
//!
//! This crate knows nothing of HTTP or SQL.

mod analysis;
mod engine;
mod entry;
mod facets;
mod kept;
mod text;

pub use engine::{CatalogItem, CatalogSource, Engine, EngineBuilder, SearchError};
pub use kept::IndexFolder;
pub use text::TextQuery;
