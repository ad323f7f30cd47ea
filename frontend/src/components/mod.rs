//! Pieces shared by the pages.

mod cards;
mod controls;
mod facets;
mod fields;
mod filters;
mod results;
mod reuse;
mod search_box;
mod status;

pub use cards::{EventCard, MemberCard, PublicationCard};
pub(crate) use controls::set_param;
pub use controls::{DateRange, PeriodChoice, SortSelect};
pub use facets::{FacetGroup, Pager, RestoreFocus};
pub use fields::{field_error, optional_text, passes, refused, Submit, TextField};
pub use filters::{Filters, FiltersOpen};
pub use results::Results;
pub use reuse::{Reuse, Selection};
pub use search_box::SearchBox;
pub use status::{Failure, Loading};
