//! Email of Passerelle. Messages are composed here (French, a plain-text part beside the
//! HTML one, the event as an `.ics` attachment where it helps) and written to the outbox
//! by the store, in the same transaction as what caused them; a worker then sends them by
//! SMTP, retrying later and later when the server is away. Without SMTP configured, each
//! message is written as an `.eml` file under the data folder, so that everything works on
//! a laptop.

mod compose;
mod config;
mod worker;

pub use compose::Composer;
pub use config::{MailConfig, SmtpSecurity, SmtpSettings};
pub use worker::{deliver_due, spawn_worker, Sender};
