//! Parameters that several operations take in the same words, declared once and named in
//! each operation's `params(...)` beside its own.
//!
//! A path parameter is a struct that is both its documentation and what the handler
//! extracts (`web::Path<EventId>`): utoipa then documents it from here alone. Ids stay
//! text when extracted, as the store accepts any spelling of a UUID, and are documented as
//! UUIDs.
//!
//! Each renders exactly what the inline tuple `("name" = Type, In, description = …)` did,
//! so the document does not change when an operation names one.

use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::{ObjectBuilder, Required, Type};

/// The version an editor read, which a write that could overwrite a change requires (see
/// `problems::Versioned`).
pub struct IfMatch;

impl utoipa::IntoParams for IfMatch {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![ParameterBuilder::new()
            .name("If-Match")
            .parameter_in(ParameterIn::Header)
            .description(Some("ETag de la version lue"))
            .required(Required::True)
            .schema(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some(r#"^"[0-9]{1,9}"$"#)),
            ))
            .build()]
    }
}

/// Path parameters, each documented by its doc comment. One that is a single value reads
/// as its text.
macro_rules! path_parameters {
    () => {};
    ($(#[$doc:meta])* $name:ident { #[doc = $description:literal] $field:ident: $documented:ty $(,)? } $($rest:tt)*) => {
        path_parameters!(@struct $(#[$doc])* $name { #[doc = $description] $field: $documented });

        impl std::ops::Deref for $name {
            type Target = String;

            fn deref(&self) -> &String {
                &self.$field
            }
        }

        path_parameters!($($rest)*);
    };
    ($(#[$doc:meta])* $name:ident { $(#[doc = $description:literal] $field:ident: $documented:ty),+ $(,)? } $($rest:tt)*) => {
        path_parameters!(@struct $(#[$doc])* $name { $(#[doc = $description] $field: $documented),+ });
        path_parameters!($($rest)*);
    };
    (@struct $(#[$doc:meta])* $name:ident { $(#[doc = $description:literal] $field:ident: $documented:ty),+ }) => {
        $(#[$doc])*
        #[derive(serde::Deserialize, utoipa::IntoParams)]
        #[into_params(parameter_in = Path)]
        pub struct $name {
            $(
                #[doc = $description]
                #[param(value_type = $documented)]
                pub $field: String,
            )+
        }
    };
}

path_parameters! {
    /// An item of the editors' API.
    ItemId {
        /// Identifiant
        id: uuid::Uuid,
    }
    /// An earlier version of an item of the editors' API.
    ItemVersion {
        /// Identifiant
        id: uuid::Uuid,
        /// La version à rétablir, antérieure à la version actuelle
        version: i32,
    }
    /// An event, for its registrations.
    EventId {
        /// Identifiant de l'événement
        id: uuid::Uuid,
    }
    /// A registration to an event.
    EventRegistration {
        /// Identifiant de l'événement
        id: uuid::Uuid,
        /// Identifiant de l'inscription
        registration: uuid::Uuid,
    }
    /// A published event, by slug or id.
    EventKey {
        /// Slug ou identifiant de l'événement
        key: String,
    }
    /// A publication, for its documents.
    PublicationId {
        /// Identifiant de la publication
        id: uuid::Uuid,
    }
    /// A document of a publication.
    PublicationAttachment {
        /// Identifiant de la publication
        id: uuid::Uuid,
        /// Identifiant du document
        attachment: uuid::Uuid,
    }
    /// A staff account.
    AccountId {
        /// Identifiant du compte
        id: uuid::Uuid,
    }
    /// A theme.
    ThemeSlug {
        /// Identifiant du thème
        slug: String,
    }
    /// One of the pages the site owes its visitors.
    SitePageSlug {
        /// La page
        kind: passerelle_types::SitePageKind,
    }
    /// The secret of a personal link (a registration's, an invitation's).
    LinkSecret {
        /// Le secret du lien (ce qui suit `#`)
        secret: String,
    }
}
