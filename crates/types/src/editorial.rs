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

/// One line of an editorial list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EditorialSummary {
    pub id: Uuid,
    pub slug: String,
    /// Titre, ou nom pour un membre.
    pub title: String,
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

// ---------------------------------------------------------------------------------------
// Validation

/// Collects field errors; each rule adds at most one message per field.
#[derive(Default)]
pub(crate) struct Checks(Vec<FieldError>);

impl Checks {
    pub(crate) fn fail(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    pub(crate) fn required(&mut self, field: &str, value: &str, what: &str, max: usize) {
        if value.trim().is_empty() {
            self.fail(field, format!("{what} est obligatoire."));
        } else {
            self.max_chars(field, value, max);
        }
    }

    fn max_chars(&mut self, field: &str, value: &str, max: usize) {
        let count = value.chars().count();
        if count > max {
            self.fail(
                field,
                format!("{max} caractères au plus (actuellement {count})."),
            );
        }
    }

    fn optional(&mut self, field: &str, value: &Option<String>, max: usize) {
        if let Some(value) = value {
            self.max_chars(field, value, max);
        }
    }

    fn slug(&mut self, value: &Option<String>) {
        if let Some(slug) = value {
            if !is_slug(slug) {
                self.fail(
                    "slug",
                    "Lettres minuscules sans accent, chiffres et tirets seulement \
                     (par exemple « guide-des-conseils-citoyens »).",
                );
            } else {
                self.max_chars("slug", slug, MAX_SLUG_CHARS);
            }
        }
    }

    fn year(&mut self, year: Option<i32>, date: Option<NaiveDate>, date_field: &str) {
        if let Some(year) = year {
            if !(1900..=2100).contains(&year) {
                self.fail("year", "L'année doit être comprise entre 1900 et 2100.");
            } else if let Some(date) = date {
                if date.year() != year {
                    self.fail(
                        "year",
                        format!("L'année ne correspond pas à la date ({date_field})."),
                    );
                }
            }
        }
    }

    fn distinct<T: PartialEq>(&mut self, field: &str, values: &[T], what: &str) {
        for (index, value) in values.iter().enumerate() {
            if values[..index].contains(value) {
                self.fail(format!("{field}[{index}]"), format!("{what} en double."));
            }
        }
    }

    fn links(&mut self, links: &[Link]) {
        for (index, link) in links.iter().enumerate() {
            if !is_web_address(&link.url) {
                self.fail(
                    format!("links[{index}].url"),
                    "Adresse web complète attendue (commençant par https:// ou http://).",
                );
            }
            self.required(
                &format!("links[{index}].label"),
                &link.label,
                "L'intitulé du lien",
                MAX_TITLE_CHARS,
            );
        }
    }

    /// Blank keywords are dropped when stored (a form sends what is typed, commas and all).
    fn keywords(&mut self, keywords: &[String]) {
        let kept: Vec<(usize, &str)> = keywords
            .iter()
            .map(|k| k.trim())
            .enumerate()
            .filter(|(_, k)| !k.is_empty())
            .collect();
        if kept.len() > MAX_KEYWORDS {
            self.fail("keywords", format!("{MAX_KEYWORDS} mots-clés au plus."));
        }
        let mut seen: Vec<String> = Vec::new();
        for (n, keyword) in kept {
            let field = format!("keywords[{n}]");
            let folded = keyword.to_lowercase();
            if keyword.chars().count() > MAX_KEYWORD_CHARS {
                self.fail(
                    &field,
                    format!("Un mot-clé a {MAX_KEYWORD_CHARS} caractères au plus."),
                );
            } else if seen.contains(&folded) {
                self.fail(&field, format!("Le mot-clé « {keyword} » est en double."));
            }
            seen.push(folded);
        }
    }

    pub(crate) fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

impl PublicationInput {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.slug(&self.slug);
        checks.required("title", &self.title, "Le titre", MAX_TITLE_CHARS);
        checks.max_chars("summary", &self.summary, MAX_SUMMARY_CHARS);
        checks.max_chars("body", &self.body, MAX_BODY_CHARS);
        if self.kind.is_none() {
            checks.fail("kind", "Le type de publication est obligatoire.");
        }
        checks.year(self.year, self.publication_date, "publication_date");
        checks.distinct("themes", &self.themes, "Thème");
        checks.distinct("territories", &self.territories, "Territoire");
        checks.distinct("events", &self.events, "Événement");
        checks.links(&self.links);
        checks.keywords(&self.keywords);
        checks.finish()
    }
}

impl EventInput {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.slug(&self.slug);
        checks.required("title", &self.title, "Le titre", MAX_TITLE_CHARS);
        checks.max_chars("summary", &self.summary, MAX_SUMMARY_CHARS);
        checks.max_chars("body", &self.body, MAX_BODY_CHARS);
        if self.kind.is_none() {
            checks.fail("kind", "Le type d'événement est obligatoire.");
        }
        if self.start_time.is_some() && self.start_date.is_none() {
            checks.fail("start_date", "Une heure de début demande un jour de début.");
        }
        if self.end_date.is_some() && self.start_date.is_none() {
            checks.fail("start_date", "Un jour de fin demande un jour de début.");
        }
        if let (Some(start), Some(end)) = (self.start_date, self.end_date) {
            if end < start {
                checks.fail("end_date", "Le jour de fin précède le jour de début.");
            }
        }
        let end_day = self.end_date.or(self.start_date);
        if let (Some(start_time), Some(end_time), Some(start), Some(end)) =
            (self.start_time, self.end_time, self.start_date, end_day)
        {
            if (end, end_time) < (start, start_time) {
                checks.fail("end_time", "La fin précède le début.");
            }
        }
        if self.end_time.is_some() && end_day.is_none() {
            checks.fail("end_time", "Une heure de fin demande un jour.");
        }
        checks.year(self.year, self.start_date, "start_date");
        checks.optional("period", &self.period, MAX_TITLE_CHARS);
        checks.optional("venue_name", &self.venue_name, MAX_TITLE_CHARS);
        checks.optional("venue_address", &self.venue_address, MAX_TITLE_CHARS);
        if let Some(url) = self.online_url.as_deref().filter(|u| !u.trim().is_empty()) {
            if !is_web_address(url.trim()) {
                checks.fail(
                    "online_url",
                    "L'adresse de la réunion en ligne doit commencer par https:// ou http://.",
                );
            }
        }
        checks.distinct("themes", &self.themes, "Thème");
        checks.distinct("territories", &self.territories, "Territoire");
        checks.links(&self.links);
        checks.finish()
    }
}

impl MemberInput {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.slug(&self.slug);
        checks.required("name", &self.name, "Le nom", MAX_TITLE_CHARS);
        if self.kind.is_none() {
            checks.fail("kind", "Le type de structure est obligatoire.");
        }
        checks.max_chars("description", &self.description, MAX_BODY_CHARS);
        if let Some(website) = &self.website {
            if !is_web_address(website) {
                checks.fail(
                    "website",
                    "Adresse web complète attendue (commençant par https:// ou http://).",
                );
            }
        }
        if let Some(email) = &self.contact_email {
            if !is_email(email) {
                checks.fail("contact_email", "Adresse électronique invalide.");
            }
        }
        if let Some(phone) = &self.contact_phone {
            let digits = phone.chars().filter(char::is_ascii_digit).count();
            let allowed = |c: char| c.is_ascii_digit() || " .+-()".contains(c);
            if !(8..=15).contains(&digits) || !phone.chars().all(allowed) {
                checks.fail("contact_phone", "Numéro de téléphone invalide.");
            }
        }
        if let Some(code) = &self.qpv_code {
            let valid = code.len() == 8
                && code.starts_with('Q')
                && code
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
            if !valid {
                checks.fail(
                    "qpv_code",
                    "Code de quartier prioritaire attendu : 8 caractères commençant par Q (par exemple QN03004M).",
                );
            }
        }
        match (self.latitude, self.longitude) {
            (Some(latitude), Some(longitude)) => {
                if !(-90.0..=90.0).contains(&latitude) {
                    checks.fail(
                        "latitude",
                        "La latitude doit être comprise entre -90 et 90.",
                    );
                }
                if !(-180.0..=180.0).contains(&longitude) {
                    checks.fail(
                        "longitude",
                        "La longitude doit être comprise entre -180 et 180.",
                    );
                }
            }
            (Some(_), None) => checks.fail("longitude", "Donnez la longitude avec la latitude."),
            (None, Some(_)) => checks.fail("latitude", "Donnez la latitude avec la longitude."),
            (None, None) => {}
        }
        checks.distinct("themes", &self.themes, "Thème");
        checks.distinct("territories", &self.territories, "Territoire");
        checks.finish()
    }
}

impl ThemeInput {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.slug(&self.slug);
        checks.required("label", &self.label, "Le libellé", MAX_TITLE_CHARS);
        checks.finish()
    }
}

/// Lower-case ASCII letters and digits in words joined by single hyphens.
pub fn is_slug(value: &str) -> bool {
    !value.is_empty()
        && value.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// An absolute http(s) address without spaces.
pub fn is_web_address(value: &str) -> bool {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    matches!(rest, Some(rest) if !rest.is_empty()
        && !rest.starts_with('/')
        && !value.chars().any(|c| c.is_whitespace() || c.is_control()))
}

/// A plausible e-mail address: one `@`, a dotted domain, no spaces.
pub fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && value.len() <= 254
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The slug of a title: folded to ASCII, lower case, words joined by hyphens.
pub fn slugify(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    for c in title.chars().flat_map(fold_char) {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug: String = slug.trim_end_matches('-').to_owned();
    if slug.len() > MAX_SLUG_CHARS - 4 {
        slug.truncate(MAX_SLUG_CHARS - 4);
        slug = slug.trim_end_matches('-').to_owned();
    }
    if slug.is_empty() {
        "sans-titre".to_owned()
    } else {
        slug
    }
}

/// French letters without their accents; ligatures spelled out.
fn fold_char(c: char) -> impl Iterator<Item = char> {
    let folded: &str = match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => "a",
        'À' | 'Â' | 'Ä' | 'Á' | 'Ã' | 'Å' => "A",
        'ç' => "c",
        'Ç' => "C",
        'é' | 'è' | 'ê' | 'ë' => "e",
        'É' | 'È' | 'Ê' | 'Ë' => "E",
        'î' | 'ï' | 'í' | 'ì' => "i",
        'Î' | 'Ï' | 'Í' | 'Ì' => "I",
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' => "o",
        'Ô' | 'Ö' | 'Ó' | 'Ò' | 'Õ' => "O",
        'ù' | 'û' | 'ü' | 'ú' => "u",
        'Ù' | 'Û' | 'Ü' | 'Ú' => "U",
        'ÿ' => "y",
        'Ÿ' => "Y",
        'ñ' => "n",
        'Ñ' => "N",
        'œ' => "oe",
        'Œ' => "OE",
        'æ' => "ae",
        'Æ' => "AE",
        _ => "",
    };
    let own = if folded.is_empty() { Some(c) } else { None };
    folded.chars().chain(own)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_french_titles() {
        assert_eq!(
            slugify("Égalité femmes-hommes : l'œuvre des contrats de ville"),
            "egalite-femmes-hommes-l-oeuvre-des-contrats-de-ville"
        );
        assert_eq!(slugify("   !!! "), "sans-titre");
        assert!(is_slug(&slugify(&"très long titre ".repeat(40))));
        assert!(slugify(&"très long titre ".repeat(40)).len() <= MAX_SLUG_CHARS);
    }

    #[test]
    fn slug_shape() {
        assert!(is_slug("rencontre-2019"));
        for bad in ["", "-a", "a-", "a--b", "A", "é", "a b", "a/b"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }

    #[test]
    fn publication_errors_name_their_fields_in_french() {
        let input = PublicationInput {
            slug: Some("Pas Un Slug".to_owned()),
            year: Some(2019),
            publication_date: NaiveDate::from_ymd_opt(2020, 3, 1),
            themes: vec!["a".to_owned(), "a".to_owned()],
            links: vec![Link {
                url: "javascript:alert(1)".to_owned(),
                label: String::new(),
                media_type: None,
            }],
            ..Default::default()
        };
        let errors = input.validate().err().unwrap_or_default();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "slug",
                "title",
                "kind",
                "year",
                "themes[1]",
                "links[0].url",
                "links[0].label"
            ]
        );
        assert!(errors[1].message.contains("obligatoire"));
    }

    #[test]
    fn event_end_before_start_is_refused() {
        let input = EventInput {
            title: "Séminaire".to_owned(),
            kind: Some(EventKind::ALL[0]),
            start_date: NaiveDate::from_ymd_opt(2026, 3, 10),
            end_date: NaiveDate::from_ymd_opt(2026, 3, 9),
            ..Default::default()
        };
        let errors = input.validate().err().unwrap_or_default();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field, "end_date");
    }

    #[test]
    fn addresses() {
        assert!(is_web_address("https://www.villesetterritoires.fr/x"));
        assert!(!is_web_address("javascript:alert(1)"));
        assert!(!is_web_address("https://"));
        assert!(!is_web_address("https://a b"));
        assert!(is_email("contact@conseil-citoyen.fr"));
        assert!(!is_email("contact@localhost"));
        assert!(!is_email("a b@c.fr"));
    }
}
