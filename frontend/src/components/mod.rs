//! Pieces shared by the pages.

mod cards;
mod facets;
mod search_box;
mod status;

pub use cards::{EventCard, MemberCard, PublicationCard};
pub use facets::{FacetGroup, Pager, RestoreFocus};
pub use search_box::SearchBox;
pub use status::{Failure, Loading};
