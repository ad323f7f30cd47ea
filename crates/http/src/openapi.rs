//! The OpenAPI document, generated from the handlers and the shared types.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "API Passerelle",
        description = "API publique en lecture de Passerelle, la plateforme du centre de ressources \
politique de la ville : publications, événements et membres du réseau, avec recherche plein texte, \
filtres, tri, pagination et facettes.\n\nToutes les erreurs suivent la RFC 9457 (`application/problem+json`) \
avec un champ `detail` en français et, pour un paramètre fautif, un champ `parameter` qui le \
nomme ; un corps invalide donne un 422 dont le champ `errors` liste chaque champ fautif avec son \
message. Les contenus non publiés n'apparaissent jamais dans l'API publique.\n\n\
**Sites partenaires** : la lecture est ouverte à tous les sites (CORS, `Access-Control-Allow-Origin: *`, \
méthodes GET, HEAD et OPTIONS seulement). Chaque réponse publique porte un `ETag` : renvoyez-le \
dans `If-None-Match` (ou la date de `Last-Modified` dans `If-Modified-Since`) pour recevoir \
un `304 Not Modified` sans corps ; `Cache-Control` d'une minute (un quart d'heure pour les \
agendas et les fils, une heure pour les thèmes et territoires). Les réponses sont compressées \
(gzip, brotli, zstd) si la requête le demande.\n\n\
**Limites de débit**, par adresse IP cliente et par minute (réglages par défaut) : 1 200 \
lectures, 120 écritures, 30 tentatives de connexion. Chaque réponse dit à quel budget elle \
compte et ce qu'il en reste : `RateLimit-Policy: \"lectures\";q=1200;w=60` et \
`RateLimit: \"lectures\";r=1187;t=1` (r : requêtes restantes, t : secondes avant que le \
budget se recharge). Au-delà : 429 `application/problem+json` avec `Retry-After`.\n\n\
**Rédaction** (`/api/v1/editorial/…`, comptes, jetons, journal d'audit) : réservée à l'équipe. \
Authentification par cookie de session (`POST /api/v1/session`), avec l'en-tête `X-CSRF-Token` \
sur chaque requête qui modifie, ou par jeton d'API personnel en `Authorization: Bearer psl_…`. \
401 sans authentification, 403 si le rôle ne suffit pas (les administrateurs gèrent les comptes \
et lisent le journal ; les rédacteurs gèrent le contenu). Chaque élément a une version, renvoyée \
en `ETag` : PUT, PATCH et DELETE exigent `If-Match` (428 sans lui, 412 si l'élément a changé \
entre-temps). Ce qui est publié est visible dans l'API publique et la recherche dès la réponse.",
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
        routes::feeds::events_calendar,
        routes::feeds::event_calendar,
        routes::feeds::publications_feed,
        routes::feeds::events_feed,
        routes::feeds::deletions,
        routes::feeds::events_widget,
        routes::feeds::publications_widget,
        routes::reference::themes,
        routes::reference::territories,
        routes::health::healthz,
        routes::health::readyz,
        routes::session::sign_in,
        routes::session::current,
        routes::session::sign_out,
        routes::session::me,
        routes::tokens::list,
        routes::tokens::create,
        routes::tokens::revoke,
        routes::accounts::list,
        routes::accounts::create,
        routes::accounts::update,
        routes::accounts::audit,
        routes::editorial::publications::list,
        routes::editorial::publications::create,
        routes::editorial::publications::read,
        routes::editorial::publications::replace,
        routes::editorial::publications::patch,
        routes::editorial::publications::remove,
        routes::editorial::publications::restore,
        routes::editorial::publications::publish,
        routes::editorial::publications::unpublish,
        routes::editorial::events::list,
        routes::editorial::events::create,
        routes::editorial::events::read,
        routes::editorial::events::replace,
        routes::editorial::events::patch,
        routes::editorial::events::remove,
        routes::editorial::events::restore,
        routes::editorial::events::publish,
        routes::editorial::events::unpublish,
        routes::editorial::members::list,
        routes::editorial::members::create,
        routes::editorial::members::read,
        routes::editorial::members::replace,
        routes::editorial::members::patch,
        routes::editorial::members::remove,
        routes::editorial::members::restore,
        routes::editorial::members::publish,
        routes::editorial::members::unpublish,
        routes::editorial::themes::list,
        routes::editorial::themes::create,
        routes::editorial::themes::read,
        routes::editorial::themes::replace,
        routes::editorial::themes::remove,
        routes::editorial::themes::restore,
        routes::editorial::preview,
        routes::documents::upload,
        routes::documents::list,
        routes::documents::remove,
        routes::documents::download_draft,
        routes::documents::download,
    ),
    modifiers(&SecuritySchemes),
    tags(
        (name = "search", description = "Recherche plein texte en français dans tout le contenu"),
        (name = "publications", description = "États des lieux, guides, dossiers thématiques, documents de capitalisation, vidéos…"),
        (name = "events", description = "Rencontres, séminaires, formations et webinaires"),
        (name = "members", description = "Les structures du réseau : conseils citoyens, associations, collectivités, services de l'État…"),
        (name = "feeds", description = "Agendas iCalendar et fils Atom, avec les filtres des listes ; les listes s'exportent aussi en CSV et les détails en JSON-LD schema.org"),
        (name = "reference", description = "Thèmes et territoires utilisés par les filtres"),
        (name = "operations", description = "Sondes de supervision"),
        (name = "accounts", description = "Connexion, jetons d'API, comptes de l'équipe et journal d'audit"),
        (name = "editorial-publications", description = "Rédaction : publications (brouillons, corbeille, publication)"),
        (name = "editorial-events", description = "Rédaction : événements"),
        (name = "editorial-members", description = "Rédaction : membres du réseau (coordonnées privées comprises)"),
        (name = "editorial-themes", description = "Rédaction : thèmes"),
    )
)]
struct ApiDoc;

/// The two ways staff authenticate.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::auth::SESSION_COOKIE,
                "Cookie de session ouvert par POST /api/v1/session ; les requêtes qui modifient \
                 portent en plus l'en-tête X-CSRF-Token reçu à la connexion.",
            ))),
        );
        let mut bearer = Http::new(HttpAuthScheme::Bearer);
        bearer.description = Some(
            "Jeton d'API personnel (psl_…), créé depuis le client ou par `passerelle token create`."
                .to_owned(),
        );
        components.add_security_scheme("token", SecurityScheme::Http(bearer));
    }
}

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
