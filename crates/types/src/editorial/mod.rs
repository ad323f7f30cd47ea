//! Bodies of the editorial API (staff only) and the validation rules that the API and the
//! client's forms both apply, so that a form shows the same French message as the server.
//!
//! Checks that need the database (does this theme exist? is this slug taken?) are made by
//! the store; everything else is here.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::dto::Link;
use crate::enums::*;

#[cfg(test)]
mod tests;
mod validation;

pub(crate) use validation::Checks;
pub use validation::{is_email, is_slug, is_web_address, slugify};

/// One invalid field of a request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// Chemin du champ dans le corps de la requête (par exemple `links[0].url`).
    pub field: String,
    /// Ce qui ne va pas, en français.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Longest title or name, in characters.
pub const MAX_TITLE_CHARS: usize = 300;
/// Longest summary, in characters.
pub const MAX_SUMMARY_CHARS: usize = 2_000;
/// Longest body or description, in characters.
pub const MAX_BODY_CHARS: usize = 200_000;
/// Longest slug, in characters.
pub const MAX_SLUG_CHARS: usize = 120;
/// Most keywords of a publication.
pub const MAX_KEYWORDS: usize = 30;
/// Longest keyword, in characters.
pub const MAX_KEYWORD_CHARS: usize = 60;

/// An organization's part in a publication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PublicationOrganizationInput {
    /// Identifiant du membre du réseau.
    pub member_id: Uuid,
    pub role: PublicationRole,
}

/// An organization's part in an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EventOrganizationInput {
    /// Identifiant du membre du réseau.
    pub member_id: Uuid,
    pub role: EventRole,
}

/// The editable content of a publication (body of POST and PUT; PATCH takes a JSON merge
/// patch of it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct PublicationInput {
    /// Identifiant lisible. Absent : tiré du titre. Ne change plus une fois publié.
    pub slug: Option<String>,
    pub title: String,
    /// Résumé en texte brut.
    pub summary: String,
    /// Corps du texte, en Markdown.
    pub body: String,
    pub kind: Option<PublicationKind>,
    pub publication_date: Option<NaiveDate>,
    /// Année, quand la date exacte n'est pas connue.
    pub year: Option<i32>,
    /// Identifiants de thèmes.
    pub themes: Vec<String>,
    /// Identifiants de territoires.
    pub territories: Vec<String>,
    pub organizations: Vec<PublicationOrganizationInput>,
    pub links: Vec<Link>,
    /// Identifiants des événements liés.
    pub events: Vec<Uuid>,
    /// Mots-clés libres, dans leur ordre (30 au plus, de 60 caractères chacun ; les vides
    /// sont ignorés) : montrés avec la publication et trouvés par la recherche.
    pub keywords: Vec<String>,
}

/// The editable content of an event.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct EventInput {
    /// Identifiant lisible. Absent : tiré du titre. Ne change plus une fois publié.
    pub slug: Option<String>,
    pub title: String,
    pub summary: String,
    /// Description détaillée, en Markdown.
    pub body: String,
    pub kind: Option<EventKind>,
    /// Par défaut `scheduled`.
    pub status: Option<EventStatus>,
    /// Jour de début, heure de Paris.
    pub start_date: Option<NaiveDate>,
    pub start_time: Option<NaiveTime>,
    pub end_date: Option<NaiveDate>,
    pub end_time: Option<NaiveTime>,
    /// Période en toutes lettres quand les dates ne sont pas connues.
    pub period: Option<String>,
    pub year: Option<i32>,
    pub venue_name: Option<String>,
    pub venue_address: Option<String>,
    /// Commune du lieu (identifiant de territoire de niveau commune).
    pub venue_commune: Option<String>,
    /// Adresse de la réunion en ligne (visioconférence), si l'événement se tient en ligne.
    pub online_url: Option<String>,
    pub themes: Vec<String>,
    pub territories: Vec<String>,
    pub organizations: Vec<EventOrganizationInput>,
    pub links: Vec<Link>,
}

/// The editable content of a network member.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct MemberInput {
    /// Identifiant lisible. Absent : tiré du nom. Ne change plus une fois publié.
    pub slug: Option<String>,
    pub name: String,
    pub kind: Option<MemberKind>,
    /// Présentation, en Markdown.
    pub description: String,
    pub website: Option<String>,
    /// Adresse de contact : privée sauf si `contact_public`.
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    /// Le membre accepte que ses coordonnées soient publiques.
    pub contact_public: bool,
    /// Code du quartier prioritaire (par exemple `QN03004M`).
    pub qpv_code: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub themes: Vec<String>,
    pub territories: Vec<String>,
}

/// The editable content of a theme.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct ThemeInput {
    /// Identifiant stable. Absent : tiré du libellé. Ne change plus ensuite.
    pub slug: Option<String>,
    pub label: String,
}

/// The editorial state every kind of item has.
#[derive(Debug, Clone, PartialEq)]
pub struct EditorialState {
    pub id: Uuid,
    pub slug: String,
    pub version: i32,
    pub status: EditorialStatus,
    pub published_at: Option<DateTime<Utc>>,
    pub deleted_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What the editors see of an item of any kind: its editorial state and its content.
pub trait EditorialView: Sized {
    /// What the editors write (`PublicationInput`…).
    type Content;
    fn new(state: EditorialState, content: Self::Content) -> Self;
    /// The editorial state, without the content.
    fn state(&self) -> EditorialState;
    fn id(&self) -> Uuid;
    /// The version, sent as the `ETag`.
    fn version(&self) -> i32;
    fn content(&self) -> &Self::Content;
    /// The state and the content, apart (what a backup restores).
    fn into_parts(self) -> (EditorialState, Self::Content);
}

/// What editors write, whatever the kind of item.
pub trait EditorialInput {
    /// The checks that need nothing but the input; the store adds those that need the
    /// database (themes, territories, members that exist).
    fn validate(&self) -> Result<(), Vec<FieldError>>;
    /// The text a slug is made from: a title, or a member's name.
    fn title(&self) -> &str;
    /// The slug asked for, if any.
    fn slug(&self) -> Option<&str>;
    fn set_slug(&mut self, slug: Option<String>);
}

macro_rules! editorial_input {
    ($($input:ty => $title:ident),* $(,)?) => {$(
        impl EditorialInput for $input {
            fn validate(&self) -> Result<(), Vec<FieldError>> {
                <$input>::validate(self)
            }
            fn title(&self) -> &str {
                &self.$title
            }
            fn slug(&self) -> Option<&str> {
                self.slug.as_deref()
            }
            fn set_slug(&mut self, slug: Option<String>) {
                self.slug = slug;
            }
        }
    )*};
}

editorial_input!(PublicationInput => title, EventInput => title, MemberInput => name);

/// Declares the editorial view of a kind of item: its content and its editorial state.
macro_rules! editorial_item {
    ($(#[$meta:meta])* $name:ident, $input:ty) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub struct $name {
            pub id: Uuid,
            /// Identifiant lisible en vigueur.
            pub slug: String,
            /// Version, renvoyée aussi en `ETag` : à rendre dans `If-Match` pour modifier.
            pub version: i32,
            pub status: EditorialStatus,
            /// Première mise en ligne ; le slug est figé depuis.
            pub published_at: Option<DateTime<Utc>>,
            /// Mise à la corbeille ; restaurable.
            pub deleted_at: Option<DateTime<Utc>>,
            pub created_at: DateTime<Utc>,
            pub updated_at: DateTime<Utc>,
            /// Contenu modifiable, tel qu'il se renvoie en PUT.
            pub content: $input,
        }

        impl EditorialView for $name {
            type Content = $input;

            fn new(state: EditorialState, content: $input) -> Self {
                $name {
                    id: state.id,
                    slug: state.slug,
                    version: state.version,
                    status: state.status,
                    published_at: state.published_at,
                    deleted_at: state.deleted_at,
                    created_at: state.created_at,
                    updated_at: state.updated_at,
                    content,
                }
            }

            fn state(&self) -> EditorialState {
                EditorialState {
                    id: self.id,
                    slug: self.slug.clone(),
                    version: self.version,
                    status: self.status,
                    published_at: self.published_at,
                    deleted_at: self.deleted_at,
                    created_at: self.created_at,
                    updated_at: self.updated_at,
                }
            }

            fn id(&self) -> Uuid {
                self.id
            }

            fn version(&self) -> i32 {
                self.version
            }

            fn content(&self) -> &$input {
                &self.content
            }

            fn into_parts(self) -> (EditorialState, $input) {
                (self.state(), self.content)
            }
        }
    };
}

editorial_item!(
    /// A publication as editors see it, drafts and deleted ones included.
    EditorialPublication,
    PublicationInput
);
editorial_item!(
    /// An event as editors see it.
    EditorialEvent,
    EventInput
);
editorial_item!(
    /// A network member as editors see it, private contact included.
    EditorialMember,
    MemberInput
);

/// A theme as editors see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EditorialTheme {
    pub slug: String,
    pub label: String,
    pub version: i32,
    pub deleted_at: Option<DateTime<Utc>>,
}

/// What a list of the team asks for: the server reads it from the address, the client
/// writes it there.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct EditorialQuery {
    /// Mots du titre (200 caractères au plus), tous présents, sans égard aux accents ni à
    /// la casse.
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// `draft` ou `published` ; les deux par défaut.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<EditorialStatus>,
    /// `true` : la corbeille au lieu des autres éléments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deleted: Option<bool>,
    /// Type de l'élément, dans le vocabulaire du champ `kind` de ce contenu.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Thème (identifiant de `/api/v1/themes`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// Territoire (identifiant de `/api/v1/territories`) ; un département comprend ses
    /// communes, une région ses départements.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub territory: Option<String>,
    /// Ordre : `updated` (derniers modifiés d'abord, par défaut), `title` (alphabétique, sans
    /// égard aux accents), `created` (derniers créés d'abord).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<EditorialSort>,
    /// Numéro de page, à partir de 1.
    #[cfg_attr(
        feature = "openapi",
        param(minimum = 1, maximum = 2147483647, default = 1)
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Éléments par page, de 1 à 100 (50 par défaut).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100, default = 50))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

impl EditorialQuery {
    /// The query string, without `?`.
    pub fn to_query_string(&self) -> String {
        serde_urlencoded::to_string(self).unwrap_or_default()
    }
}

/// One line of an editorial list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EditorialSummary {
    pub id: Uuid,
    pub slug: String,
    /// Titre, ou nom pour un membre.
    pub title: String,
    /// Type de l'élément, dans le vocabulaire de son champ `kind` (par exemple `guide`,
    /// `seminaire`, `conseil_citoyen`).
    pub kind: String,
    pub status: EditorialStatus,
    pub version: i32,
    pub published_at: Option<DateTime<Utc>>,
    pub deleted_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// A page of an editorial list, most recently changed first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EditorialList {
    pub items: Vec<EditorialSummary>,
    #[serde(flatten)]
    pub page: crate::dto::PageInfo,
}
