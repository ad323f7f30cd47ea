//! French wording of dates and counts: the shared words of `passerelle_types::wording`.

pub use passerelle_types::french_date as long_date;
pub use passerelle_types::wording::*;
