//! List query parameters: parsed by the server, built by the client.
//!
//! Parsing is strict (an unknown or malformed parameter is an error naming it, in French)
//! so that a typo in a partner's integration is reported instead of silently ignored.
//! Lists accept several values either comma-separated (`theme=a,b`) or repeated
//! (`theme=a&theme=b`); values of one facet are alternatives (OR), facets combine (AND).

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};

use crate::enums::*;

#[macro_use]
mod declare;
#[cfg(feature = "openapi")]
mod documented;
#[cfg(test)]
mod tests;
mod values;

#[cfg(feature = "openapi")]
pub use documented::{
    EventKindFilter, ItemTypeFilter, MemberKindFilter, PublicationKindFilter, Slug, Year,
};
use values::*;

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
