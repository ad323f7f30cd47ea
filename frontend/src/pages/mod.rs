//! One module per page.

pub(crate) mod detail;
mod home;
mod lists;
mod not_found;
mod search;

pub use detail::{EventPage, MemberPage, PublicationPage};
pub use home::Home;
pub use lists::{Events, Members, Publications};
pub use not_found::NotFound;
pub use search::Search;
