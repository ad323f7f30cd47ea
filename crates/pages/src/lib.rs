//! The public pages as the server writes them: the markup of the client's pages
//! (`frontend/src/pages/`, `frontend/src/components/`), written from the same shared types
//! and words, so that a page shows its content as soon as its HTML arrives — before the
//! WebAssembly client, or without it — and the client then takes its place without a jump
//! (`frontend/src/takeover.rs`). Without JavaScript, links, the search form and the filters
//! (a plain GET form) still work.
//!
//! Nothing here reads a database or a request: `passerelle-http` gives the answers, the
//! address and the frame, and writes the API answers the page came from into it, for the
//! client's first render.

mod details;
mod document;
mod frame;
mod home;
mod lists;
mod parts;

pub use details::{event, member, publication};
pub use document::{escape, render, script_text, standalone, Answer, Page};
pub use frame::{footer_links, frame, Frame, SECTIONS};
pub use home::{home, HomeAnswers};
pub use lists::{events, invalid_address, members, not_found, publications, search, Address};

/// The tab's name for a page whose heading is `title`, as the client writes it.
pub fn tab_title(title: &str) -> String {
    format!("{title} — Passerelle")
}
