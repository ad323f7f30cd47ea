//! Pieces shared by the pages.

mod cards;
mod controls;
mod facets;
mod filters;
mod results;
mod reuse;
mod search_box;
mod status;

pub use cards::{EventCard, MemberCard, PublicationCard};
pub(crate) use controls::set_param;
pub use controls::{DateRange, PeriodChoice, SortSelect};
pub use facets::{FacetGroup, Pager, RestoreFocus};
pub use filters::{Filters, FiltersOpen};
pub use results::Results;
pub use reuse::{Reuse, Selection};
pub use search_box::SearchBox;
pub use status::{Failure, Loading};
