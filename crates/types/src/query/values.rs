//! Reading and writing the values of query parameters: the pieces `query_parameters!`
//! expands to, with their errors in French.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};

use super::{Pagination, QueryError, DEFAULT_LIMIT, MAX_LIMIT, MAX_PAGE, MAX_QUERY_CHARS};
use crate::enums::*;

pub(super) fn pairs(query: &str) -> Result<Vec<(String, String)>, QueryError> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query).map_err(|_| {
        QueryError::new(
            "",
            "La chaîne de requête est mal formée (encodage des caractères invalide).",
        )
    })
}

pub(super) fn unknown_parameter(key: &str, accepted: &[&str]) -> QueryError {
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
pub(super) struct Seen(Vec<String>);

impl Seen {
    pub(super) fn once<T>(
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

    pub(super) fn pagination(
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

pub(super) fn out_of_range(key: &str, value: &str) -> QueryError {
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

pub(super) fn parse_one<T>(key: &str, value: &str) -> Result<T, QueryError>
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

pub(super) fn split(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|v| !v.is_empty())
}

pub(super) fn push_parsed<T>(key: &str, value: &str, out: &mut Vec<T>) -> Result<(), QueryError>
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
pub(super) fn push_slugs(key: &str, value: &str, out: &mut Vec<String>) -> Result<(), QueryError> {
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

pub(super) fn push_years(key: &str, value: &str, out: &mut Vec<i32>) -> Result<(), QueryError> {
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
pub(super) fn parse_text(key: &str, value: &str) -> Result<String, QueryError> {
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
pub(super) fn push_any_kind(
    key: &str,
    value: &str,
    out: &mut Vec<String>,
) -> Result<(), QueryError> {
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

pub(super) fn parse_date(key: &str, value: &str) -> Result<NaiveDate, QueryError> {
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
pub(super) fn parse_instant(key: &str, value: &str) -> Result<DateTime<Utc>, QueryError> {
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

pub(super) fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

pub(super) fn check_range(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<(), QueryError> {
    match (from, to) {
        (Some(from), Some(to)) if from > to => Err(QueryError::new(
            "to",
            format!("La date de fin « {to} » (to) précède la date de début « {from} » (from)."),
        )),
        _ => Ok(()),
    }
}

pub(super) fn put_list<T: fmt::Display>(
    out: &mut Vec<(&'static str, String)>,
    key: &'static str,
    values: &[T],
) {
    if !values.is_empty() {
        let joined: Vec<String> = values.iter().map(ToString::to_string).collect();
        out.push((key, joined.join(",")));
    }
}

pub(super) fn put_text(out: &mut Vec<(&'static str, String)>, text: &str) {
    if !text.is_empty() {
        out.push(("q", text.to_owned()));
    }
}

pub(super) fn put_opt<T: fmt::Display>(
    out: &mut Vec<(&'static str, String)>,
    key: &'static str,
    value: Option<T>,
) {
    if let Some(value) = value {
        out.push((key, value.to_string()));
    }
}

pub(super) fn put_pagination(out: &mut Vec<(&'static str, String)>, pagination: Pagination) {
    if pagination.page != 1 {
        out.push(("page", pagination.page.to_string()));
    }
    if pagination.limit != DEFAULT_LIMIT {
        out.push(("limit", pagination.limit.to_string()));
    }
}

pub(super) fn encode(pairs: &[(&'static str, String)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}
