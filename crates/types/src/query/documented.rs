//! The OpenAPI description of each query parameter, written by `query_parameters!` from
//! the same line that declares its field, parser and writer (server only).

use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn, ParameterStyle};
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::{KnownFormat, Ref, RefOr, Required};

/// The value type behind a field: the element of a list, the content of an option.
pub trait Inner {
    type Value;
}

impl<T> Inner for Vec<T> {
    type Value = T;
}

impl<T> Inner for Option<T> {
    type Value = T;
}

/// One query parameter: its doc comment (lines trimmed, as utoipa writes them), its
/// schema; a list is sent comma-separated (`form`, not exploded).
pub fn parameter(
    name: &str,
    doc: &[&str],
    schema: impl Into<RefOr<Schema>>,
    list: bool,
    example: Option<serde_json::Value>,
) -> Parameter {
    let description = doc
        .iter()
        .map(|line| line.trim())
        .collect::<Vec<_>>()
        .join("\n");
    let mut parameter = ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .description(Some(description))
        .required(Required::False)
        .schema(Some(schema));
    if list {
        parameter = parameter
            .style(Some(ParameterStyle::Form))
            .explode(Some(false));
    }
    #[allow(deprecated)] // `examples` would change the document partners already read
    let parameter = parameter.example(example);
    parameter.build()
}

pub fn text() -> RefOr<Schema> {
    ObjectBuilder::new().schema_type(Type::String).into()
}

pub fn formatted(format: KnownFormat) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(format)))
        .into()
}

/// A reference to a schema of `components`.
pub fn named(name: &str) -> RefOr<Schema> {
    Ref::from_schema_name(name).into()
}

pub fn list_of(items: RefOr<Schema>) -> RefOr<Schema> {
    ArrayBuilder::new().items(items).into()
}

/// `page` and `limit`, the same on every list.
pub fn pages() -> [Parameter; 2] {
    let integer = |default: u32, maximum: u32| {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)))
            .default(Some(default.into()))
            .maximum(Some(maximum))
            .minimum(Some(1))
    };
    [
        parameter(
            "page",
            &["Numéro de page, à partir de 1."],
            integer(1, super::MAX_PAGE),
            false,
            None,
        ),
        parameter(
            "limit",
            &["Nombre d'éléments par page, de 1 à 100."],
            integer(super::DEFAULT_LIMIT, super::MAX_LIMIT),
            false,
            None,
        ),
    ]
}

/// An identifier in a filter (`theme`, `territory`), as the parser accepts it.
pub struct Slug;

impl utoipa::PartialSchema for Slug {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^[a-z0-9-]{0,100}$"))
            .description(Some(
                "Identifiant : minuscules sans accent, chiffres et tirets (100 caractères au plus) ; \
                 vide, il ne filtre rien.",
            ))
            .into()
    }
}

impl utoipa::ToSchema for Slug {}

/// Declares the schema of one value of a multi-valued filter: one of the values of
/// `$values`, or nothing — `kind=` (what a plain HTML form sends for « tous ») filters
/// nothing, as an absent parameter does; empty values between commas are skipped too.
macro_rules! or_empty {
    ($(#[$doc:meta])* $name:ident, $values:ty) => {
        $(#[$doc])*
        pub struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
                OneOfBuilder::new()
                    .item(utoipa::openapi::Ref::from_schema_name(
                        <$values as utoipa::ToSchema>::name(),
                    ))
                    .item(
                        ObjectBuilder::new()
                            .schema_type(Type::String)
                            .enum_values(Some([""]))
                            .description(Some("Vide : aucun filtre.")),
                    )
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}
    };
}

or_empty!(
    /// A kind of publication in a filter, or nothing.
    PublicationKindFilter,
    crate::PublicationKind
);
or_empty!(
    /// A kind of event in a filter, or nothing.
    EventKindFilter,
    crate::EventKind
);
or_empty!(
    /// A kind of network member in a filter, or nothing.
    MemberKindFilter,
    crate::MemberKind
);
or_empty!(
    /// A kind of item in a filter, or nothing.
    ItemTypeFilter,
    crate::ItemType
);

/// A year in a filter: four digits.
pub struct Year;

impl utoipa::PartialSchema for Year {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
        OneOfBuilder::new()
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                        utoipa::openapi::KnownFormat::Int32,
                    )))
                    .minimum(Some(1000))
                    .maximum(Some(9999)),
            )
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some([""])),
            )
            .description(Some(
                "Année sur quatre chiffres ; vide, elle ne filtre rien.",
            ))
            .into()
    }
}

impl utoipa::ToSchema for Year {}
