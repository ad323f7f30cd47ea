//! Parameters that several operations take in the same words, declared once and named in
//! each operation's `params(...)` beside its own. Headers only: a path parameter named
//! this way would be documented twice, once more from the handler's `web::Path`.
//!
//! Each renders exactly what the inline tuple `("name" = String, Header, description = …)`
//! did, so the document does not change when an operation names one.

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
