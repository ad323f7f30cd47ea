//! Importing a WordPress export (WXR): posts, The Events Calendar's events with their
//! venues and organisers, categories, and the uploaded files they refer to.

mod apply;
pub mod content;
pub mod mapping;
pub mod wxr;

pub use apply::{import, Options};
pub use wxr::{parse, Export};
