//! Moving a centre in and out: its WordPress site (`wordpress`), read from the export file
//! WordPress makes, and its network directory from a spreadsheet (`members`), mapped to
//! Passerelle's content and written in one transaction (`writer`); and the whole site as a
//! backup archive, restored on either backend (`archive`).
//!
//! The steps stay apart so that each can be tested alone: `wordpress::wxr` reads the file,
//! `wordpress::mapping` decides what each item becomes (no database), and
//! `wordpress::apply` writes it through `writer`, that is the store's editorial functions —
//! the same validation, audit log and change log as the editors' own work.

pub mod archive;
mod error;
pub mod members;
mod report;
mod territories;
mod values;
pub mod wordpress;
mod writer;

pub use error::{ImportError, Position};
pub use report::{Counts, Fate, Report};
