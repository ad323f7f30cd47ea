//! JSON request bodies (the `Json` and `MergePatch` extractors): content type checked, and
//! every decoding error turned into a 422 that names the field and says in French what is
//! wrong.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use passerelle_types::FieldError;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, ApiResult};

pub const JSON: &str = "application/json";
pub const MERGE_PATCH: &str = "application/merge-patch+json";

/// A JSON body, read with the request but decoded when the handler asks for it: the
/// credentials are checked first, so a stranger gets a 401, never a 415 or a 422 that
/// would tell what the route expects. `MERGE_PATCH` also takes a JSON merge patch.
pub struct Json<T, const MERGE_PATCH_TOO: bool = false>(ApiResult<T>);

/// A body sent as a JSON merge patch (RFC 7396) or as plain JSON.
pub type MergePatch<T> = Json<T, true>;

impl<T, const MERGE_PATCH_TOO: bool> Json<T, MERGE_PATCH_TOO> {
    /// The body, or the 415/422 that says why it cannot be read.
    pub fn decoded(self) -> ApiResult<T> {
        self.0
    }
}

impl<T: DeserializeOwned + 'static, const MERGE_PATCH_TOO: bool> FromRequest
    for Json<T, MERGE_PATCH_TOO>
{
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        // Reading the body still fails at once (too large, cut short), as `web::Bytes` does.
        let body = web::Bytes::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            let body = body.await?;
            let accepted: &[&str] = if MERGE_PATCH_TOO {
                &[MERGE_PATCH, JSON]
            } else {
                &[JSON]
            };
            Ok(Json(parse_json(&req, &body, accepted)))
        })
    }
}

/// Decodes a body sent with one of the `accepted` media types.
pub fn parse_json<T: DeserializeOwned>(
    req: &HttpRequest,
    body: &[u8],
    accepted: &[&str],
) -> ApiResult<T> {
    let media_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(|value| value.trim().to_ascii_lowercase())
        .unwrap_or_default();
    if !accepted.contains(&media_type.as_str()) {
        return Err(ApiError::UnsupportedMediaType(format!(
            "Corps attendu en {} (reçu : « {} »).",
            accepted.join(" ou "),
            if media_type.is_empty() {
                "aucun type"
            } else {
                &media_type
            }
        )));
    }
    decode(body)
}

/// Decodes JSON, reporting the path of the first field that does not fit.
pub fn decode<T: DeserializeOwned>(body: &[u8]) -> ApiResult<T> {
    let deserializer = &mut serde_json::Deserializer::from_slice(body);
    let value: serde_json::Value = serde_path_to_error::deserialize(deserializer)
        .map_err(|err| ApiError::Validation(vec![describe(".", err.inner())]))?;
    if let Some(error) = control_character(&value, String::new()) {
        return Err(ApiError::Validation(vec![error]));
    }
    decode_value(value)
}

/// The first text holding a control character other than tab and line breaks: such a
/// character is invisible to editors, breaks feeds and CSV, and PostgreSQL refuses U+0000.
fn control_character(value: &serde_json::Value, path: String) -> Option<FieldError> {
    use serde_json::Value;
    let join = |key: &dyn std::fmt::Display, index: bool| match (path.is_empty(), index) {
        (_, true) => format!("{path}[{key}]"),
        (true, false) => key.to_string(),
        (false, false) => format!("{path}.{key}"),
    };
    match value {
        Value::String(text) => text
            .chars()
            .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
            .map(|c| {
                FieldError::new(
                    path.clone(),
                    format!("Caractère de contrôle interdit (U+{:04X}).", u32::from(c)),
                )
            }),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| control_character(item, join(&i, true))),
        Value::Object(fields) => fields
            .iter()
            .find_map(|(key, item)| control_character(item, join(key, false))),
        _ => None,
    }
}

/// Decodes an already parsed JSON value (a merged patch), reporting fields the same way.
pub fn decode_value<T: DeserializeOwned>(value: serde_json::Value) -> ApiResult<T> {
    serde_path_to_error::deserialize(value).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        ApiError::Validation(vec![describe(&path, &inner)])
    })
}

/// A French message for a serde_json error at `path` (`.` when at the root).
fn describe(path: &str, err: &serde_json::Error) -> FieldError {
    use serde_json::error::Category;
    let field = if path == "." {
        String::new()
    } else {
        path.to_owned()
    };
    if matches!(
        err.classify(),
        Category::Syntax | Category::Eof | Category::Io
    ) {
        return FieldError::new(
            field,
            format!(
                "Corps JSON illisible (ligne {}, colonne {}).",
                err.line(),
                err.column()
            ),
        );
    }
    let text = err.to_string();
    let text = text
        .rfind(" at line ")
        .map_or(text.as_str(), |at| &text[..at]);
    let quoted = |s: &str| s.split('`').nth(1).unwrap_or_default().to_owned();
    let join = |parent: &str, name: String| {
        if parent.is_empty() {
            name
        } else {
            format!("{parent}.{name}")
        }
    };
    if text.starts_with("missing field") {
        FieldError::new(join(&field, quoted(text)), "Champ obligatoire.")
    } else if text.starts_with("unknown field") {
        // The path already ends with the unknown field's name.
        FieldError::new(field, "Champ inconnu.")
    } else if text.starts_with("unknown variant") {
        let expected: Vec<&str> = text
            .split("expected")
            .nth(1)
            .unwrap_or_default()
            .split('`')
            .skip(1)
            .step_by(2)
            .collect();
        FieldError::new(
            field,
            format!(
                "Valeur inconnue « {} » ; valeurs possibles : {}.",
                quoted(text),
                expected.join(", ")
            ),
        )
    } else if text.starts_with("invalid type") {
        let expected = text.split("expected ").nth(1).unwrap_or_default();
        let message = if expected.contains("string") {
            "Texte attendu."
        } else if expected.contains("sequence") {
            "Liste attendue."
        } else if expected.contains("bool") {
            "Booléen (true ou false) attendu."
        } else if expected.contains("integer")
            || expected.contains("i32")
            || expected.contains("u32")
        {
            "Nombre entier attendu."
        } else if expected.contains("f64") || expected.contains("float") {
            "Nombre attendu."
        } else {
            "Type de valeur invalide."
        };
        FieldError::new(field, message)
    } else if text.contains("UUID") {
        FieldError::new(field, "Identifiant (UUID) invalide.")
    } else if text.starts_with("input") || text.contains("premature end") {
        FieldError::new(
            field,
            "Date ou heure invalide (formats AAAA-MM-JJ et HH:MM:SS).",
        )
    } else if text.starts_with("invalid value") {
        FieldError::new(field, "Valeur hors des limites permises.")
    } else {
        FieldError::new(field, "Valeur invalide.")
    }
}

#[cfg(test)]
mod tests {
    use passerelle_types::PublicationInput;

    use super::*;

    fn error_of(json: &str) -> FieldError {
        match decode::<PublicationInput>(json.as_bytes()) {
            Err(ApiError::Validation(mut errors)) => errors.remove(0),
            other => panic!("422 attendu, obtenu {other:?}"),
        }
    }

    #[test]
    fn decoding_errors_name_the_field_in_french() {
        let e = error_of(r#"{"kind": "brochure"}"#);
        assert_eq!(e.field, "kind");
        assert!(
            e.message.contains("« brochure »") && e.message.contains("guide"),
            "{e:?}"
        );
        let e = error_of(r#"{"title": 3}"#);
        assert_eq!(
            (e.field.as_str(), e.message.as_str()),
            ("title", "Texte attendu.")
        );
        let e = error_of(r#"{"links": [{"url": "https://a.fr"}]}"#);
        assert_eq!(e.field, "links[0].label");
        let e = error_of(r#"{"colour": "red"}"#);
        assert_eq!(
            (e.field.as_str(), e.message.as_str()),
            ("colour", "Champ inconnu.")
        );
        let e = error_of(r#"{"publication_date": "2019-13-45"}"#);
        assert_eq!(e.field, "publication_date");
        assert!(e.message.contains("AAAA-MM-JJ"), "{e:?}");
        let e = error_of(r#"{"title": "#);
        assert!(e.message.contains("illisible"), "{e:?}");
        let e = error_of(r#"{"links": [{"url": "https://a.fr", "label": "a\u0000b"}]}"#);
        assert_eq!(e.field, "links[0].label");
        assert!(e.message.contains("U+0000"), "{e:?}");
        let e = error_of(r#"{"title": "\ud800"}"#);
        assert!(e.message.contains("illisible"), "{e:?}");
    }
}
