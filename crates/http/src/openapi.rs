//! The OpenAPI document, generated from the handlers and the shared types.

use utoipa::OpenApi;

use crate::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "API Passerelle",
        description = "API publique en lecture de Passerelle, la plateforme du centre de ressources \
politique de la ville : publications, événements et membres du réseau, avec recherche plein texte, \
filtres, tri, pagination et facettes.\n\nToutes les erreurs suivent la RFC 9457 (`application/problem+json`) \
avec un champ `detail` en français et, pour un paramètre fautif, un champ `parameter` qui le \
nomme. Les contenus non publiés n'apparaissent jamais.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
    ),
    paths(
        routes::search::search,
        routes::publications::list,
        routes::publications::detail,
        routes::events::list,
        routes::events::detail,
        routes::members::list,
        routes::members::detail,
        routes::reference::themes,
        routes::reference::territories,
        routes::health::healthz,
        routes::health::readyz,
    ),
    tags(
        (name = "search", description = "Recherche plein texte en français dans tout le contenu"),
        (name = "publications", description = "États des lieux, guides, dossiers thématiques, documents de capitalisation, vidéos…"),
        (name = "events", description = "Rencontres, séminaires, formations et webinaires"),
        (name = "members", description = "Les structures du réseau : conseils citoyens, associations, collectivités, services de l'État…"),
        (name = "reference", description = "Thèmes et territoires utilisés par les filtres"),
        (name = "operations", description = "Sondes de supervision"),
    )
)]
struct ApiDoc;

/// The OpenAPI document served at `/api/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    // The crate version of the HTTP layer, not the workspace's, versions the contract.
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    doc
}

/// The document as pretty JSON, as committed under `openapi/`.
pub fn openapi_json() -> String {
    openapi()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
