//! Error answers: their media type, given once for every operation, and the sets of them
//! that many operations document in the same words, named in each operation's
//! `responses(...)` beside its own answers.
//!
//! Each set renders exactly what the inline tuple `(status = …, description = …, body =
//! Problem)` does, so the document does not change when an operation moves to a set.

use std::collections::BTreeMap;

use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, Response, ResponseBuilder};
use utoipa::Modify;

/// Every answer whose body is a `Problem` is `application/problem+json`, as `error.rs`
/// sends it: operations name the body, and the media type comes from here instead of
/// from each of them.
pub(crate) struct ProblemMediaType;

impl Modify for ProblemMediaType {
    fn modify(&self, openapi: &mut OpenApi) {
        let problem = Ref::from_schema_name("Problem");
        for (_, operation) in super::operations::operations_mut(openapi) {
            for response in operation.responses.responses.values_mut() {
                let RefOr::T(response) = response else {
                    continue;
                };
                let content = std::mem::take(&mut response.content);
                response.content = content
                    .into_iter()
                    .map(|(media_type, content)| match &content.schema {
                        Some(RefOr::Ref(schema)) if *schema == problem => {
                            ("application/problem+json".to_owned(), content)
                        }
                        _ => (media_type, content),
                    })
                    .collect();
            }
        }
    }
}

/// A `Problem` answer with this description.
pub(crate) fn problem(description: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/problem+json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
        .into()
}

macro_rules! problem_sets {
    ($($(#[$doc:meta])* $name:ident { $($status:literal: $description:literal),+ $(,)? })*) => {$(
        $(#[$doc])*
        pub struct $name;

        impl utoipa::IntoResponses for $name {
            fn responses() -> BTreeMap<String, RefOr<Response>> {
                BTreeMap::from([$(($status.to_owned(), problem($description))),+])
            }
        }
    )*};
}

problem_sets! {
    /// Any staff operation called without a session or a token.
    SignedOut { "401": "Non authentifié" }
    /// Administrators' operations called by an editor.
    AdminsOnly { "403": "Réservé aux administrateurs" }
    /// The management of accounts, which an API token never does.
    AdminSession {
        "403": "Réservé aux administrateurs en session de navigateur (refusé à un jeton d'API), ou jeton anti-CSRF manquant"
    }
    /// An account that does not exist.
    UnknownAccount { "404": "Compte inconnu" }
    /// A query parameter refused.
    BadParameter { "400": "Paramètre invalide" }
    /// An editorial item or theme that does not exist.
    Unknown { "404": "Inconnu" }
    /// A body whose fields do not validate.
    InvalidFields { "422": "Champs invalides" }
    /// A transition refused because the item is in the bin.
    Binned { "409": "À la corbeille" }
    /// An `If-Match` that no longer matches.
    ChangedMeanwhile { "412": "Modifié entre-temps" }
    /// A change sent from a browser session without its anti-CSRF token.
    CsrfMissing { "403": "Jeton anti-CSRF manquant" }
    /// A body that is not JSON.
    NotJson { "415": "Corps non JSON" }
    /// A personal registration link that opens nothing.
    UnknownLink { "404": "Lien inconnu, remplacé, ou inscription non confirmée à temps" }
    /// A publication that does not exist, for its documents.
    UnknownPublication { "404": "Publication inconnue" }
    /// A page of the site that is not one of those it owes its visitors.
    UnknownPage { "404": "Page inconnue" }
    /// An invitation link that opens nothing.
    UnknownInvitation { "404": "Lien inconnu, déjà utilisé, remplacé ou expiré" }
    /// An event that does not exist or is not published, for its public answers.
    UnknownEvent { "404": "Événement inconnu ou non publié" }
    /// Writes that need `If-Match`: without it, or out of date.
    Versioned { "412": "Modifié entre-temps", "428": "If-Match manquant" }
}
