//! One module per page.

mod detail;
mod editor;
mod home;
mod lists;
mod not_found;
mod search;

pub use detail::{EventPage, MemberPage, PublicationPage};
pub use editor::{item_editor, Dashboard, SignInPage, ThemesPage, TokensPage};
pub use home::Home;
pub use lists::{Events, Members, Publications};
pub use not_found::NotFound;
pub use search::Search;
