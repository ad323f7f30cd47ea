//! List query parameters: parsed by the server, built by the client.
//!
//! Parsing is strict (an unknown or malformed parameter is an error naming it, in French)
//! so that a typo in a partner's integration is reported instead of silently ignored.
//! Lists accept several values either comma-separated (`theme=a,b`) or repeated
//! (`theme=a&theme=b`); values of one facet are alternatives (OR), facets combine (AND).

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};

use crate::enums::*;

#[cfg(feature = "openapi")]
mod documented;
#[cfg(feature = "openapi")]
pub use documented::{
    EventKindFilter, ItemTypeFilter, MemberKindFilter, PublicationKindFilter, Slug, Year,
};

/// Default number of items per page.
pub const DEFAULT_LIMIT: u32 = 20;
/// Largest page a client may ask for.
pub const MAX_LIMIT: u32 = 100;
/// Highest page number: a 32-bit signed integer, as documented.
pub const MAX_PAGE: u32 = i32::MAX as u32;

/// A query parameter the API cannot accept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// The parameter at fault.
    pub parameter: String,
    /// What is wrong, in French, as a full sentence.
    pub message: String,
}

impl QueryError {
    pub fn new(parameter: &str, message: impl Into<String>) -> Self {
        QueryError {
            parameter: parameter.to_owned(),
            message: message.into(),
        }
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for QueryError {}

/// Page number and size, shared by every list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pagination {
    /// 1-based page number.
    pub page: u32,
    pub limit: u32,
}

impl Default for Pagination {
    fn default() -> Self {
        Pagination {
            page: 1,
            limit: DEFAULT_LIMIT,
        }
    }
}

impl Pagination {
    /// Number of items to skip.
    pub fn offset(&self) -> usize {
        (self.page.saturating_sub(1) as usize).saturating_mul(self.limit as usize)
    }
}

/// Longest accepted full-text query, in characters.
pub const MAX_QUERY_CHARS: usize = 200;

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

query_parameters! {
    /// Filters of `GET /api/v1/publications`.
    pub struct PublicationQuery {
        /// Recherche plein texte (200 caractères au plus) : insensible aux accents et à la
        /// casse, tolérante aux pluriels, à une faute de frappe par mot de cinq lettres ou plus,
        /// et au dernier mot en cours de frappe ; tous les mots doivent correspondre ; les
        /// expressions entre guillemets sont cherchées telles quelles. Le tri par défaut devient
        /// la pertinence.
        q: String => text["q"] example("égalité femmes-hommes"),
        /// Thèmes (identifiants de `/api/v1/themes`).
        theme: Vec<String> => slugs["theme"] example(["egalite-femmes-hommes"]),
        /// Types de publication.
        kind: Vec<PublicationKind> => list["kind"],
        /// Territoires (identifiants de `/api/v1/territories`). Un département comprend ses
        /// communes, une région ses départements.
        territory: Vec<String> => slugs["territory"] example(["departement-30"]),
        /// Années de publication.
        year: Vec<i32> => years["year"] example([2019]),
        /// Publiées à partir de cette date (AAAA-MM-JJ). Une publication datée seulement de
        /// l'année compte pour toute l'année ; une publication sans date est écartée.
        from: Option<NaiveDate> => date["from"],
        /// Publiées jusqu'à cette date incluse (AAAA-MM-JJ).
        to: Option<NaiveDate> => date["to"],
        /// Seulement les éléments modifiés à partir de cet instant (RFC 3339, ou AAAA-MM-JJ
        /// pour minuit UTC) : avec `sort=updated`, de quoi tenir à jour une copie sans tout
        /// retélécharger ; `/api/v1/deletions` donne ce qui a été retiré.
        updated_since: Option<DateTime<Utc>> => instant["updated_since"] example("2026-11-01T00:00:00Z"),
        /// Ordre : `relevance` (par défaut avec `q`), `date_desc` (par défaut sinon), `date_asc`,
        /// `title`, ou `updated` (les moins récemment modifiées d'abord). Les publications sans
        /// date viennent en dernier ; à pertinence égale, la plus récente d'abord.
        sort: Option<PublicationSort> => one["sort"],
        pagination: Pagination => pages["page", "limit"],
    }
    checked(from, to)
}

query_parameters! {
    /// Filters of `GET /api/v1/events`.
    pub struct EventQuery {
        /// Recherche plein texte (200 caractères au plus), comme pour les publications ; le tri
        /// par défaut devient la pertinence.
        q: String => text["q"] example("conseils citoyens"),
        /// Thèmes (identifiants de `/api/v1/themes`).
        theme: Vec<String> => slugs["theme"] example(["conseils-citoyens"]),
        /// Types d'événement.
        kind: Vec<EventKind> => list["kind"],
        /// Territoires (identifiants de `/api/v1/territories`). Un département comprend ses
        /// communes, une région ses départements.
        territory: Vec<String> => slugs["territory"] example(["departement-34"]),
        /// Années.
        year: Vec<i32> => years["year"] example([2019]),
        /// Événements se terminant à partir de cette date (AAAA-MM-JJ, heure de Paris).
        from: Option<NaiveDate> => date["from"],
        /// Événements commençant au plus tard à cette date (AAAA-MM-JJ, heure de Paris).
        to: Option<NaiveDate> => date["to"],
        /// `upcoming` : à venir (y compris ceux du jour) ; `past` : passés ; `all` (par
        /// défaut) : tous. Un événement dont la date n'est pas connue n'est ni à venir ni passé.
        when: Option<EventPeriod> => one["when"],
        /// Seulement les éléments modifiés à partir de cet instant (RFC 3339, ou AAAA-MM-JJ
        /// pour minuit UTC) : avec `sort=updated`, de quoi tenir à jour une copie sans tout
        /// retélécharger ; `/api/v1/deletions` donne ce qui a été retiré.
        updated_since: Option<DateTime<Utc>> => instant["updated_since"] example("2026-11-01T00:00:00Z"),
        /// Ordre : `relevance` (par défaut avec `q`), `date_asc` (par défaut pour
        /// `when=upcoming`), `date_desc` (par défaut sinon), `title`, ou `updated` (les moins
        /// récemment modifiés d'abord).
        sort: Option<EventSort> => one["sort"],
        pagination: Pagination => pages["page", "limit"],
    }
    checked(from, to)
}

query_parameters! {
    /// Filters of `GET /api/v1/members`.
    pub struct MemberQuery {
        /// Recherche plein texte (200 caractères au plus) dans le nom et la présentation ; le
        /// tri par défaut devient la pertinence.
        q: String => text["q"] example("Narbonne"),
        /// Thèmes (identifiants de `/api/v1/themes`).
        theme: Vec<String> => slugs["theme"] example(["egalite-femmes-hommes"]),
        /// Types de structure.
        kind: Vec<MemberKind> => list["kind"],
        /// Territoires (identifiants de `/api/v1/territories`). Un département comprend ses
        /// communes, une région ses départements.
        territory: Vec<String> => slugs["territory"] example(["departement-11"]),
        /// Seulement les éléments modifiés à partir de cet instant (RFC 3339, ou AAAA-MM-JJ
        /// pour minuit UTC) : avec `sort=updated`, de quoi tenir à jour une copie sans tout
        /// retélécharger ; `/api/v1/deletions` donne ce qui a été retiré.
        updated_since: Option<DateTime<Utc>> => instant["updated_since"] example("2026-11-01T00:00:00Z"),
        /// Ordre : `relevance` (par défaut avec `q`), `name` (par défaut sinon), ou `updated`
        /// (les moins récemment modifiés d'abord).
        sort: Option<MemberSort> => one["sort"],
        pagination: Pagination => pages["page", "limit"],
    }
}

query_parameters! {
    /// Filters of `GET /api/v1/search`, across every kind of item.
    pub struct SearchQuery {
        /// Recherche plein texte (200 caractères au plus) : insensible aux accents et à la
        /// casse, tolérante aux pluriels, à une faute de frappe par mot de cinq lettres ou plus,
        /// et au dernier mot en cours de frappe ; tous les mots doivent correspondre ; les
        /// expressions entre guillemets sont cherchées telles quelles ; les mots vides (le, de,
        /// des…) sont ignorés. Vide : tout le contenu, le plus récent d'abord.
        q: String => text["q"] example("egalite femmes hommes"),
        /// Types d'élément.
        types: Vec<ItemType> => list["type"],
        /// Types de publication, d'événement ou de structure (voir les listes correspondantes).
        kind: Vec<String> => any_kind["kind"] example(["guide", "seminaire"]),
        /// Thèmes (identifiants de `/api/v1/themes`).
        theme: Vec<String> => slugs["theme"],
        /// Territoires (identifiants de `/api/v1/territories`). Un département comprend ses
        /// communes, une région ses départements.
        territory: Vec<String> => slugs["territory"] example(["departement-30"]),
        /// Années.
        year: Vec<i32> => years["year"],
        /// À partir de cette date (AAAA-MM-JJ) ; les éléments sans date sont alors écartés.
        from: Option<NaiveDate> => date["from"],
        /// Jusqu'à cette date incluse (AAAA-MM-JJ).
        to: Option<NaiveDate> => date["to"],
        /// Seulement les éléments modifiés à partir de cet instant (RFC 3339, ou AAAA-MM-JJ
        /// pour minuit UTC) : avec `sort=updated`, de quoi tenir à jour une copie sans tout
        /// retélécharger ; `/api/v1/deletions` donne ce qui a été retiré.
        updated_since: Option<DateTime<Utc>> => instant["updated_since"] example("2026-11-01T00:00:00Z"),
        /// Ordre : `relevance` (par défaut avec `q`), `date_desc` (par défaut sinon), `date_asc`,
        /// `title`, ou `updated` (les moins récemment modifiés d'abord). À pertinence égale, le
        /// plus récent d'abord.
        sort: Option<SearchSort> => one["sort"],
        pagination: Pagination => pages["page", "limit"],
    }
    checked(from, to)
}

query_parameters! {
    /// Parameters of `GET /api/v1/deletions`.
    pub struct WithdrawalQuery {
        /// Retirés à partir de cet instant (RFC 3339, ou AAAA-MM-JJ pour minuit UTC) ; tous sans ce paramètre
        since: Option<DateTime<Utc>> => instant["since"] example("2026-11-01T00:00:00Z"),
        /// Types d'élément ; tous par défaut
        types: Vec<ItemType> => list["type"],
        pagination: Pagination => pages["page", "limit"],
    }
}

impl EventQuery {
    /// Relevance when searching; upcoming events soonest first; otherwise the most recent.
    pub fn effective_sort(&self) -> EventSort {
        self.sort.unwrap_or(if !self.q.is_empty() {
            EventSort::Relevance
        } else {
            match self.when {
                Some(EventPeriod::Upcoming) => EventSort::DateAsc,
                _ => EventSort::DateDesc,
            }
        })
    }
}

impl PublicationQuery {
    /// Relevance when searching, else the most recent first.
    pub fn effective_sort(&self) -> PublicationSort {
        self.sort.unwrap_or(if self.q.is_empty() {
            PublicationSort::DateDesc
        } else {
            PublicationSort::Relevance
        })
    }
}

impl MemberQuery {
    /// Relevance when searching, else by name.
    pub fn effective_sort(&self) -> MemberSort {
        self.sort.unwrap_or(if self.q.is_empty() {
            MemberSort::Name
        } else {
            MemberSort::Relevance
        })
    }
}

impl SearchQuery {
    /// Relevance when searching, else the most recent first.
    pub fn effective_sort(&self) -> SearchSort {
        self.sort.unwrap_or(if self.q.is_empty() {
            SearchSort::DateDesc
        } else {
            SearchSort::Relevance
        })
    }
}

/// Rejects every query parameter: for endpoints that take none.
pub fn parse_no_parameters(query: &str) -> Result<(), QueryError> {
    match pairs(query)?.into_iter().next() {
        Some((key, _)) => Err(QueryError::new(
            &key,
            format!("Le paramètre « {key} » n'est pas accepté : cette adresse ne prend aucun paramètre."),
        )),
        None => Ok(()),
    }
}

fn pairs(query: &str) -> Result<Vec<(String, String)>, QueryError> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query).map_err(|_| {
        QueryError::new(
            "",
            "La chaîne de requête est mal formée (encodage des caractères invalide).",
        )
    })
}

fn unknown_parameter(key: &str, accepted: &[&str]) -> QueryError {
    QueryError::new(
        key,
        format!(
            "Le paramètre « {key} » est inconnu. Paramètres acceptés : {}.",
            accepted.join(", ")
        ),
    )
}

/// Remembers which single-valued parameters were given, to refuse them twice.
#[derive(Default)]
struct Seen(Vec<String>);

impl Seen {
    fn once<T>(
        &mut self,
        key: &str,
        parse: impl FnOnce() -> Result<T, QueryError>,
    ) -> Result<T, QueryError> {
        if self.0.iter().any(|k| k == key) {
            return Err(QueryError::new(
                key,
                format!("Le paramètre « {key} » ne peut être donné qu'une fois."),
            ));
        }
        self.0.push(key.to_owned());
        parse()
    }

    fn pagination(
        &mut self,
        key: &str,
        value: &str,
        pagination: &mut Pagination,
    ) -> Result<(), QueryError> {
        let number = self.once(key, || {
            value
                .trim()
                .parse::<u32>()
                .map_err(|_| out_of_range(key, value))
        })?;
        if key == "limit" {
            if !(1..=MAX_LIMIT).contains(&number) {
                return Err(out_of_range(key, value));
            }
            pagination.limit = number;
        } else {
            if number == 0 || number > MAX_PAGE {
                return Err(out_of_range(key, value));
            }
            pagination.page = number;
        }
        Ok(())
    }
}

fn out_of_range(key: &str, value: &str) -> QueryError {
    let expected = if key == "limit" {
        format!("un entier entre 1 et {MAX_LIMIT}")
    } else {
        format!("un entier entre 1 et {MAX_PAGE}")
    };
    QueryError::new(
        key,
        format!("Le paramètre « {key} » doit être {expected} (reçu « {value} »)."),
    )
}

fn parse_one<T>(key: &str, value: &str) -> Result<T, QueryError>
where
    T: FromStr<Err = UnknownValue>,
{
    value.trim().parse::<T>().map_err(|err| {
        QueryError::new(
            key,
            format!(
                "Le paramètre « {key} » a une valeur inconnue « {} ». Valeurs possibles : {}.",
                err.value,
                err.expected.join(", ")
            ),
        )
    })
}

fn split(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|v| !v.is_empty())
}

fn push_parsed<T>(key: &str, value: &str, out: &mut Vec<T>) -> Result<(), QueryError>
where
    T: FromStr<Err = UnknownValue> + PartialEq,
{
    for item in split(value) {
        let parsed = parse_one(key, item)?;
        if !out.contains(&parsed) {
            out.push(parsed);
        }
    }
    Ok(())
}

/// Theme and territory identifiers: checked for shape here, for existence by the server.
fn push_slugs(key: &str, value: &str, out: &mut Vec<String>) -> Result<(), QueryError> {
    for item in split(value) {
        let well_formed = item.len() <= 100
            && item
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !well_formed {
            return Err(QueryError::new(
                key,
                format!(
                    "Le paramètre « {key} » contient un identifiant mal formé « {item} » : \
                     seuls les minuscules sans accent, les chiffres et le tiret sont permis."
                ),
            ));
        }
        if !out.iter().any(|v| v == item) {
            out.push(item.to_owned());
        }
    }
    Ok(())
}

fn push_years(key: &str, value: &str, out: &mut Vec<i32>) -> Result<(), QueryError> {
    for item in split(value) {
        let year = item
            .parse::<i32>()
            .ok()
            .filter(|y| (1000..=9999).contains(y))
            .ok_or_else(|| {
                QueryError::new(
                    key,
                    format!(
                        "Le paramètre « {key} » attend des années sur quatre chiffres (reçu « {item} »)."
                    ),
                )
            })?;
        if !out.contains(&year) {
            out.push(year);
        }
    }
    Ok(())
}

/// The full-text query, trimmed; refused beyond [`MAX_QUERY_CHARS`].
fn parse_text(key: &str, value: &str) -> Result<String, QueryError> {
    let text = value.trim();
    let length = text.chars().count();
    if length > MAX_QUERY_CHARS {
        return Err(QueryError::new(
            key,
            format!(
                "Le paramètre « {key} » ne doit pas dépasser {MAX_QUERY_CHARS} caractères (reçu {length})."
            ),
        ));
    }
    Ok(text.to_owned())
}

/// A kind of any item type: the vocabularies' slugs are disjoint.
fn push_any_kind(key: &str, value: &str, out: &mut Vec<String>) -> Result<(), QueryError> {
    for item in split(value) {
        let known = item.parse::<PublicationKind>().is_ok()
            || item.parse::<EventKind>().is_ok()
            || item.parse::<MemberKind>().is_ok();
        if !known {
            let expected: Vec<&str> = PublicationKind::ALL
                .iter()
                .map(|k| k.as_str())
                .chain(EventKind::ALL.iter().map(|k| k.as_str()))
                .chain(MemberKind::ALL.iter().map(|k| k.as_str()))
                .collect();
            return Err(QueryError::new(
                key,
                format!(
                    "Le paramètre « {key} » a une valeur inconnue « {item} ». Valeurs possibles : {}.",
                    expected.join(", ")
                ),
            ));
        }
        if !out.iter().any(|v| v == item) {
            out.push(item.to_owned());
        }
    }
    Ok(())
}

fn parse_date(key: &str, value: &str) -> Result<NaiveDate, QueryError> {
    // `FromStr` reads AAAA-MM-JJ without chrono's pattern parser, which would weigh on the
    // WASM client.
    value.trim().parse::<NaiveDate>().map_err(|_| {
        QueryError::new(
            key,
            format!(
                "Le paramètre « {key} » doit être une date au format AAAA-MM-JJ (reçu « {value} »)."
            ),
        )
    })
}

/// An instant in RFC 3339 (`2026-11-27T09:30:00Z`, `2026-11-27T10:30:00+01:00`), or a
/// day (`2026-11-27`, from midnight UTC).
fn parse_instant(key: &str, value: &str) -> Result<DateTime<Utc>, QueryError> {
    let value = value.trim();
    DateTime::parse_from_rfc3339(value)
        .map(|at| at.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            value
                .parse::<NaiveDate>()
                .ok()
                .and_then(|day| day.and_hms_opt(0, 0, 0))
                .map(|midnight| midnight.and_utc())
        })
        .ok_or_else(|| {
            QueryError::new(
                key,
                format!(
                    "Le paramètre « {key} » doit être un instant RFC 3339 \
                     (2026-11-27T09:30:00Z) ou une date AAAA-MM-JJ (reçu « {value} »)."
                ),
            )
        })
}

fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

fn check_range(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<(), QueryError> {
    match (from, to) {
        (Some(from), Some(to)) if from > to => Err(QueryError::new(
            "to",
            format!("La date de fin « {to} » (to) précède la date de début « {from} » (from)."),
        )),
        _ => Ok(()),
    }
}

fn put_list<T: fmt::Display>(
    out: &mut Vec<(&'static str, String)>,
    key: &'static str,
    values: &[T],
) {
    if !values.is_empty() {
        let joined: Vec<String> = values.iter().map(ToString::to_string).collect();
        out.push((key, joined.join(",")));
    }
}

fn put_text(out: &mut Vec<(&'static str, String)>, text: &str) {
    if !text.is_empty() {
        out.push(("q", text.to_owned()));
    }
}

fn put_opt<T: fmt::Display>(
    out: &mut Vec<(&'static str, String)>,
    key: &'static str,
    value: Option<T>,
) {
    if let Some(value) = value {
        out.push((key, value.to_string()));
    }
}

fn put_pagination(out: &mut Vec<(&'static str, String)>, pagination: Pagination) {
    if pagination.page != 1 {
        out.push(("page", pagination.page.to_string()));
    }
    if pagination.limit != DEFAULT_LIMIT {
        out.push(("limit", pagination.limit.to_string()));
    }
}

fn encode(pairs: &[(&'static str, String)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Errors list the accepted parameters in this order: partners may show them.
    #[test]
    fn accepted_parameters_are_listed_in_their_published_order() {
        assert_eq!(
            PublicationQuery::PARAMETERS,
            [
                "q",
                "theme",
                "kind",
                "territory",
                "year",
                "from",
                "to",
                "updated_since",
                "sort",
                "page",
                "limit"
            ]
        );
        assert_eq!(
            EventQuery::PARAMETERS,
            [
                "q",
                "theme",
                "kind",
                "territory",
                "year",
                "from",
                "to",
                "when",
                "updated_since",
                "sort",
                "page",
                "limit"
            ]
        );
        assert_eq!(
            MemberQuery::PARAMETERS,
            [
                "q",
                "theme",
                "kind",
                "territory",
                "updated_since",
                "sort",
                "page",
                "limit"
            ]
        );
        assert_eq!(
            SearchQuery::PARAMETERS,
            [
                "q",
                "type",
                "kind",
                "theme",
                "territory",
                "year",
                "from",
                "to",
                "updated_since",
                "sort",
                "page",
                "limit"
            ]
        );
        assert_eq!(
            WithdrawalQuery::PARAMETERS,
            ["since", "type", "page", "limit"]
        );
    }

    fn err(result: Result<PublicationQuery, QueryError>) -> QueryError {
        match result {
            Ok(q) => panic!("expected an error, got {q:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn empty_query_gives_defaults() {
        assert_eq!(PublicationQuery::parse(""), Ok(PublicationQuery::default()));
    }

    #[test]
    fn lists_accept_commas_and_repetition_without_duplicates() {
        let q = PublicationQuery::parse("theme=a,b&theme=b&theme=c&kind=guide").unwrap_or_default();
        assert_eq!(q.theme, vec!["a", "b", "c"]);
        assert_eq!(q.kind, vec![PublicationKind::Guide]);
    }

    #[test]
    fn query_string_round_trips() {
        let q = EventQuery {
            q: "formation « égalité »".into(),
            theme: vec!["egalite-femmes-hommes".into()],
            kind: vec![EventKind::Formation, EventKind::Seminaire],
            territory: vec!["departement-30".into()],
            year: vec![2019],
            from: NaiveDate::from_ymd_opt(2019, 9, 1),
            to: NaiveDate::from_ymd_opt(2019, 10, 31),
            when: Some(EventPeriod::Past),
            updated_since: DateTime::from_timestamp(1_795_000_000, 0),
            sort: Some(EventSort::Title),
            pagination: Pagination { page: 2, limit: 5 },
        };
        assert_eq!(EventQuery::parse(&q.to_query_string()), Ok(q));
    }

    #[test]
    fn updated_since_takes_an_instant_or_a_day() {
        let at = |s: &str| PublicationQuery::parse(s).map(|q| q.updated_since);
        assert_eq!(
            at("updated_since=2026-11-27T10:30:00%2B01:00"),
            Ok(DateTime::from_timestamp(1_795_771_800, 0))
        );
        assert_eq!(
            at("updated_since=2026-11-27"),
            Ok(DateTime::from_timestamp(1_795_737_600, 0))
        );
        let Err(e) = MemberQuery::parse("updated_since=hier") else {
            panic!("« hier » accepté");
        };
        assert_eq!(e.parameter, "updated_since");
        assert!(e.message.contains("RFC 3339"), "{}", e.message);
    }

    #[test]
    fn limit_bounds_are_enforced_and_named() {
        for bad in ["limit=0", "limit=1000", "limit=abc", "page=0", "page=-1"] {
            let e = err(PublicationQuery::parse(bad));
            assert_eq!(e.parameter, bad.split('=').next().unwrap_or_default());
        }
        let q = PublicationQuery::parse("limit=100&page=3").unwrap_or_default();
        assert_eq!(
            q.pagination,
            Pagination {
                page: 3,
                limit: 100
            }
        );
    }

    #[test]
    fn unknown_parameter_is_named_in_french() {
        let e = err(PublicationQuery::parse("thme=sante"));
        assert_eq!(e.parameter, "thme");
        assert!(e.message.contains("inconnu"), "{}", e.message);
    }

    #[test]
    fn bad_dates_and_inverted_ranges_are_rejected() {
        assert_eq!(
            err(PublicationQuery::parse("from=2019-13-01")).parameter,
            "from"
        );
        assert_eq!(err(PublicationQuery::parse("to=hier")).parameter, "to");
        assert_eq!(
            err(PublicationQuery::parse("from=2020-01-01&to=2019-01-01")).parameter,
            "to"
        );
    }

    #[test]
    fn single_valued_parameters_cannot_repeat() {
        assert_eq!(
            err(PublicationQuery::parse("sort=title&sort=date_asc")).parameter,
            "sort"
        );
    }

    #[test]
    fn unknown_vocabulary_values_are_rejected() {
        assert_eq!(
            err(PublicationQuery::parse("kind=brochure")).parameter,
            "kind"
        );
        assert_eq!(
            err(PublicationQuery::parse("sort=popular")).parameter,
            "sort"
        );
        assert_eq!(
            err(PublicationQuery::parse("theme=Égalité")).parameter,
            "theme"
        );
        assert_eq!(err(PublicationQuery::parse("year=19")).parameter, "year");
    }

    #[test]
    fn text_query_is_trimmed_and_bounded() {
        let q = PublicationQuery::parse("q=%20%C3%A9galit%C3%A9%20").unwrap_or_default();
        assert_eq!(q.q, "égalité");
        assert_eq!(q.effective_sort(), PublicationSort::Relevance);
        let long = format!("q={}", "é".repeat(201));
        assert_eq!(err(PublicationQuery::parse(&long)).parameter, "q");
        let max = format!("q={}", "é".repeat(200));
        assert!(PublicationQuery::parse(&max).is_ok());
    }

    #[test]
    fn search_accepts_kinds_of_every_type_and_round_trips() {
        let q =
            SearchQuery::parse("q=conseil&type=publication,event&kind=guide,seminaire,association")
                .unwrap_or_default();
        assert_eq!(q.types, vec![ItemType::Publication, ItemType::Event]);
        assert_eq!(q.kind, vec!["guide", "seminaire", "association"]);
        assert_eq!(SearchQuery::parse(&q.to_query_string()), Ok(q));
        assert!(SearchQuery::parse("kind=brochure").is_err());
        assert!(SearchQuery::parse("type=page").is_err());
    }

    #[test]
    fn upcoming_events_default_to_soonest_first() {
        let q = EventQuery {
            when: Some(EventPeriod::Upcoming),
            ..EventQuery::default()
        };
        assert_eq!(q.effective_sort(), EventSort::DateAsc);
        assert_eq!(EventQuery::default().effective_sort(), EventSort::DateDesc);
    }
}
