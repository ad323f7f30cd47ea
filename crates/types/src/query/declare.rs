//! The macros that declare a list's query string once (`query_parameters!`) and what they
//! expand to for each kind of parameter: how it is read, written back and documented.

/// Declares a query string once: its struct, the names it accepts (in the order errors list
/// them), its parser and its writer, from one line per field. Each field says how its
/// parameter is read and written:
/// - `text`: the full-text query, 200 characters at most;
/// - `slugs`: identifiers (themes, territories), comma-separated;
/// - `list`: values of a vocabulary, comma-separated; `any_kind`: kinds of any item;
/// - `years`: four-digit years, comma-separated;
/// - `date`, `instant`, `one`: a single date, instant or vocabulary value;
/// - `pages`: `page` and `limit`.
///
/// Empty values between commas, and empty multi-valued parameters, filter nothing. A
/// single-valued parameter given twice is refused, as is any unknown one.
macro_rules! query_parameters {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[doc = $doc:literal])*
                $field:ident: $ty:ty => $how:ident [$($param:literal),+]
                    $(example($($example:tt)+))?
            ),* $(,)?
        }
        $(checked($from:ident, $to:ident))?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct $name {
            $($(#[doc = $doc])* pub $field: $ty,)*
        }

        /// The documentation of each parameter, from its field's doc comment.
        #[cfg(feature = "openapi")]
        impl utoipa::IntoParams for $name {
            fn into_params(
                _: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>,
            ) -> Vec<utoipa::openapi::path::Parameter> {
                let mut parameters = Vec::new();
                $(document_param!(
                    $how, parameters, [$($param),+], $ty, [$($doc),*], [$($($example)+)?]
                );)*
                parameters
            }
        }

        impl $name {
            /// Every parameter accepted.
            pub const PARAMETERS: &'static [&'static str] = &[$($($param),+),*];

            pub fn parse(query: &str) -> Result<Self, QueryError> {
                let mut q = Self::default();
                let mut seen = Seen::default();
                for (key, value) in pairs(query)? {
                    match key.as_str() {
                        $($($param)|+ => read_param!($how, seen, key, value, q.$field),)*
                        _ => return Err(unknown_parameter(&key, Self::PARAMETERS)),
                    }
                }
                $(check_range(q.$from, q.$to)?;)?
                Ok(q)
            }

            /// The query string that parses back to this query, defaults left out.
            pub fn to_query_string(&self) -> String {
                let mut out = Vec::new();
                $(write_param!($how, out, [$($param),+], self.$field);)*
                encode(&out)
            }
        }
    };
}

/// How a parameter of each kind is documented.
#[cfg(feature = "openapi")]
macro_rules! document_param {
    (pages, $out:ident, [$($name:literal),+], $ty:ty, $doc:tt, $example:tt) => {
        $out.extend(documented::pages())
    };
    ($how:ident, $out:ident, [$name:literal], $ty:ty, [$($doc:literal),*], [$($example:tt)*]) => {
        $out.push(documented::parameter(
            $name,
            &[$($doc),*],
            param_schema!($how, $ty),
            param_is_list!($how),
            param_example!($($example)*),
        ))
    };
}

/// The schema of a parameter of each kind; lists and vocabularies refer to the schemas
/// the document declares (`Slug`, `Year`, `PublicationKindFilter`, `EventSort`…).
#[cfg(feature = "openapi")]
macro_rules! param_schema {
    (text, $ty:ty) => {
        documented::text()
    };
    (slugs, $ty:ty) => {
        documented::list_of(documented::named("Slug"))
    };
    (years, $ty:ty) => {
        documented::list_of(documented::named("Year"))
    };
    (any_kind, $ty:ty) => {
        documented::list_of(documented::text())
    };
    (list, $ty:ty) => {
        documented::list_of(documented::named(&format!(
            "{}Filter",
            <<$ty as documented::Inner>::Value as utoipa::ToSchema>::name()
        )))
    };
    (one, $ty:ty) => {
        documented::named(&<<$ty as documented::Inner>::Value as utoipa::ToSchema>::name())
    };
    (date, $ty:ty) => {
        documented::formatted(utoipa::openapi::KnownFormat::Date)
    };
    (instant, $ty:ty) => {
        documented::formatted(utoipa::openapi::KnownFormat::DateTime)
    };
}

#[cfg(feature = "openapi")]
macro_rules! param_is_list {
    (slugs) => {
        true
    };
    (years) => {
        true
    };
    (any_kind) => {
        true
    };
    (list) => {
        true
    };
    ($other:ident) => {
        false
    };
}

#[cfg(feature = "openapi")]
macro_rules! param_example {
    () => { None };
    ($($example:tt)+) => { Some(serde_json::json!($($example)+)) };
}

/// How a parameter of each kind is read into its field.
macro_rules! read_param {
    (text, $seen:ident, $key:ident, $value:ident, $place:expr) => {
        $place = $seen.once(&$key, || parse_text(&$key, &$value))?
    };
    (slugs, $seen:ident, $key:ident, $value:ident, $place:expr) => {
        push_slugs(&$key, &$value, &mut $place)?
    };
    (list, $seen:ident, $key:ident, $value:ident, $place:expr) => {
        push_parsed(&$key, &$value, &mut $place)?
    };
    (any_kind, $seen:ident, $key:ident, $value:ident, $place:expr) => {
        push_any_kind(&$key, &$value, &mut $place)?
    };
    (years, $seen:ident, $key:ident, $value:ident, $place:expr) => {
        push_years(&$key, &$value, &mut $place)?
    };
    (date, $seen:ident, $key:ident, $value:ident, $place:expr) => {
        $place = Some($seen.once(&$key, || parse_date(&$key, &$value))?)
    };
    (instant, $seen:ident, $key:ident, $value:ident, $place:expr) => {
        $place = Some($seen.once(&$key, || parse_instant(&$key, &$value))?)
    };
    (one, $seen:ident, $key:ident, $value:ident, $place:expr) => {
        $place = Some($seen.once(&$key, || parse_one(&$key, &$value))?)
    };
    (pages, $seen:ident, $key:ident, $value:ident, $place:expr) => {
        $seen.pagination(&$key, &$value, &mut $place)?
    };
}

/// How a field of each kind is written back, when it is not its default.
macro_rules! write_param {
    (text, $out:ident, [$name:literal], $value:expr) => {
        put_text(&mut $out, &$value)
    };
    (pages, $out:ident, [$($name:literal),+], $value:expr) => {
        put_pagination(&mut $out, $value)
    };
    (instant, $out:ident, [$name:literal], $value:expr) => {
        put_opt(&mut $out, $name, $value.map(instant))
    };
    (date, $out:ident, [$name:literal], $value:expr) => {
        put_opt(&mut $out, $name, $value)
    };
    (one, $out:ident, [$name:literal], $value:expr) => {
        put_opt(&mut $out, $name, $value)
    };
    ($list:ident, $out:ident, [$name:literal], $value:expr) => {
        put_list(&mut $out, $name, &$value)
    };
}
