//! Passerelle's browser client (Leptos, client-side rendered, built by Trunk) in two
//! bundles: the public site (`src/main.rs`) and the editors' screens
//! (`src/bin/redaction.rs`). Each binary links only the code its app reaches.

pub mod api;
pub mod app;
pub mod components;
pub mod format;
pub mod layout;
pub mod pages;
pub mod staff;
pub mod url;
