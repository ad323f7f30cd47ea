//! What anyone may read: the lists and details of publications, events and members, the
//! search, themes and territories, feeds, calendars and widgets, and the probes.

pub mod events;
pub mod feeds;
pub mod health;
pub mod members;
pub mod publications;
pub mod reference;
pub mod search;
