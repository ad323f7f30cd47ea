//! What anyone may read: the lists and details of publications, events and members, the
//! search, themes and territories, the documents of publications, feeds, calendars and
//! widgets, and the probes.

mod kinds;

pub mod documents;
pub mod feeds;
pub mod health;
pub mod reference;
pub mod registrations;
pub mod search;
pub use kinds::{events, members, publications};
