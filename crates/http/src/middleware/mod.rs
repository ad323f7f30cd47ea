//! What wraps the handlers, from the outside in (see `startup.rs`): security headers,
//! limits on requests and clients, HTTP caching of public reads, compression and its kept
//! copies, metrics. Each keeps its own settings, given where it is wrapped.

pub mod caching;
pub mod client_address;
pub mod compression;
pub mod limits;
pub mod metrics;
pub mod security;
