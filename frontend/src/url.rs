//! The URL is the state: the query-string helpers of `passerelle_types::address`.

pub use passerelle_types::address::*;
