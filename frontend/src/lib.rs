//! Passerelle's browser client (Leptos, client-side rendered, built by Trunk) in three
//! bundles: the public site (`src/main.rs`), the editors' screens
//! (`src/bin/redaction.rs`) and registering for an event (`src/bin/inscription.rs`). Each
//! binary links only the code its app reaches.

pub mod api;
pub mod app;
pub mod components;
pub mod format;
pub mod layout;
pub mod pages;
pub mod registration;
pub mod staff;
pub mod takeover;
pub mod url;
