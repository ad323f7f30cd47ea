//! Passerelle's search and list engine.
//!
//! Every list of the API — with or without a text query — and the cross-type search are
//! answered here, so one piece of code computes results, counts and facets. The database
//! stays the source of truth: `passerelle-catalog` feeds the engine what it reads there —
//! through an [`EngineBuilder`] at the first start, from the index kept in its folder at the
//! next ones, then one item at a time as changes come — and the engine holds a French
//! full-text index (tantivy) beside an in-memory catalogue of the published items.
//!
//! This crate knows nothing of HTTP or SQL.

mod analysis;
mod engine;
mod entry;
mod facets;
mod kept;
mod text;

pub use engine::{CatalogSource, Engine, EngineBuilder, SearchError};
pub use kept::IndexFolder;
pub use passerelle_types::CatalogItem;
pub use text::TextQuery;
