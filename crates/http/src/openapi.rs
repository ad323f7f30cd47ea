//! The OpenAPI document, generated from the handlers and the shared types.

use actix_web::http::header::{self, ContentType};
use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};
use utoipa::openapi::path::HttpMethod;
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityRequirement, SecurityScheme,
};
use utoipa::{Modify, OpenApi};

use crate::middleware::compression::{digest, Coding};
use crate::routes;

pub(crate) mod operations;
pub(crate) mod parameters;
pub(crate) mod problems;

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
**Limites des requêtes** : une adresse (chemin et paramètres) de 8 192 octets au plus, sinon 414 ; \
des en-têtes de 16 384 octets au plus en tout, sinon 431 (au-delà de 96 en-têtes ou de 128 Kio, \
la connexion est fermée après un 431 sans corps) ; un corps de 1 Mo au plus (documents : 20 Mo \
par défaut), sinon 413 ; 100 éléments par page et 200 caractères de recherche au plus, sinon 400. \
Une lecture qui dépasse 10 secondes répond 503 ; un client qui n'a pas envoyé son en-tête en \
5 secondes voit sa connexion fermée (408).\n\n\
**Rédaction** (`/api/v1/editorial/…`, comptes, jetons, journal d'audit) : réservée à l'équipe. \
Authentification par cookie de session (`POST /api/v1/session`), avec l'en-tête `X-CSRF-Token` \
sur chaque requête qui modifie, ou par jeton d'API personnel en `Authorization: Bearer psl_…`. \
401 sans authentification, 403 si le rôle ne suffit pas (les administrateurs gèrent les comptes \
et lisent le journal ; les rédacteurs gèrent le contenu). Chaque élément a une version, renvoyée \
en `ETag` : PUT, PATCH et DELETE exigent `If-Match` (428 sans lui, 412 si l'élément a changé \
entre-temps). Ce qui est publié est visible dans l'API publique et la recherche dès la réponse.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
    ),
    // Referred to by name without being brought in: by query parameters, and `Problem` by
    // the shared error answers of `problems`.
    components(schemas(
        passerelle_types::Problem,
        passerelle_types::PublicationSort,
        passerelle_types::EventSort,
        passerelle_types::MemberSort,
        passerelle_types::SearchSort,
        passerelle_types::EditorialSort,
        passerelle_types::EventPeriod,
        passerelle_types::ItemType,
        passerelle_types::TerritoryLevel,
        passerelle_types::Slug,
        passerelle_types::Year,
        passerelle_types::PublicationKindFilter,
        passerelle_types::EventKindFilter,
        passerelle_types::MemberKindFilter,
        passerelle_types::ItemTypeFilter,
    )),
    tags(
        (name = "search", description = "Recherche plein texte en français dans tout le contenu"),
        (name = "publications", description = "États des lieux, guides, dossiers thématiques, documents de capitalisation, vidéos…"),
        (name = "events", description = "Rencontres, séminaires, formations et webinaires"),
        (name = "members", description = "Les structures du réseau : conseils citoyens, associations, collectivités, services de l'État…"),
        (name = "feeds", description = "Agendas iCalendar et fils Atom, avec les filtres des listes ; les listes s'exportent aussi en CSV et les détails en JSON-LD schema.org"),
        (name = "reference", description = "Thèmes et territoires utilisés par les filtres"),
        (name = "registrations", description = "S'inscrire à un événement sans compte : confirmation par courriel, liste d'attente, annulation par le lien personnel"),
        (name = "operations", description = "Sondes de supervision"),
        (name = "accounts", description = "Connexion, jetons d'API, comptes de l'équipe et journal d'audit"),
        (name = "editorial-publications", description = "Rédaction : publications (brouillons, corbeille, publication)"),
        (name = "editorial-events", description = "Rédaction : événements"),
        (name = "editorial-members", description = "Rédaction : membres du réseau (coordonnées privées comprises)"),
        (name = "editorial-themes", description = "Rédaction : thèmes"),
    )
)]
struct ApiDoc;

/// The two ways staff authenticate, and where: every operation that lists `SignedOut` takes
/// either, unless it names its own (a session only).
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
        let either = || {
            ["session", "token"]
                .map(|scheme| SecurityRequirement::new(scheme, Vec::<String>::new()))
                .to_vec()
        };
        let signed_out = <problems::SignedOut as utoipa::IntoResponses>::responses();
        for (_, operation) in operations::operations_mut(openapi) {
            if operation.responses.responses.get("401") == signed_out.get("401") {
                operation.security.get_or_insert_with(either);
            }
        }
    }
}

/// Answers that middlewares and extractors give on many operations, documented on each
/// operation they can come from, so integrators (and contract tests) find every status.
/// Each is described once, under `components/responses`, and referred to.
struct CommonResponses;

/// A common answer: its status, its name under `components/responses`, its description.
struct CommonResponse(&'static str, &'static str, &'static str);

const URI_TOO_LONG: CommonResponse = CommonResponse(
    "414",
    "UriTooLong",
    "Adresse trop longue : 8 192 octets au plus, chemin et paramètres",
);
const RATE_LIMITED: CommonResponse = CommonResponse(
    "429",
    "RateLimited",
    "Limite de requêtes atteinte pour cette adresse : réessayer après `Retry-After` secondes",
);
const HEADERS_TOO_LARGE: CommonResponse = CommonResponse(
    "431",
    "HeadersTooLarge",
    "En-têtes trop volumineux : 16 384 octets au plus en tout",
);
const UNAVAILABLE: CommonResponse = CommonResponse(
    "503",
    "Unavailable",
    "Base de données momentanément injoignable, ou réponse trop lente : réessayer plus tard",
);
const UNAUTHENTICATED: CommonResponse = CommonResponse("401", "Unauthenticated", "Non authentifié");
const UNREADABLE_VERSION: CommonResponse = CommonResponse(
    "400",
    "UnreadableIfMatch",
    "En-tête If-Match illisible (attendu : la version entre guillemets, par exemple \"3\")",
);
const BODY_TOO_LARGE: CommonResponse =
    CommonResponse("413", "BodyTooLarge", "Corps trop volumineux");
const UNSUPPORTED_MEDIA_TYPE: CommonResponse = CommonResponse(
    "415",
    "UnsupportedMediaType",
    "Type de contenu non pris en charge",
);
const INVALID_BODY: CommonResponse = CommonResponse(
    "422",
    "InvalidBody",
    "Corps illisible ou champs invalides, listés dans `errors`",
);
const STORAGE_FULL: CommonResponse = CommonResponse(
    "507",
    "StorageFull",
    "Espace disque du serveur plein : rien n'a été enregistré, réessayer plus tard",
);

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::Ref;
        let mut used = std::collections::BTreeSet::new();
        for (method, operation) in operations::operations_mut(openapi) {
            let writes = method != HttpMethod::Get;
            let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
            let has_body = operation.request_body.is_some();
            let versioned = operation.responses.responses.contains_key("428");
            let mut answers = vec![URI_TOO_LONG, RATE_LIMITED, HEADERS_TOO_LARGE, UNAVAILABLE];
            if secured {
                answers.push(UNAUTHENTICATED);
            }
            if versioned {
                answers.push(UNREADABLE_VERSION);
            }
            if has_body {
                answers.extend([BODY_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, INVALID_BODY]);
            }
            if writes && secured {
                answers.push(STORAGE_FULL);
            }
            for CommonResponse(status, name, description) in answers {
                // An operation that documents a status itself keeps its own words.
                operation
                    .responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| {
                        used.insert((name, description));
                        Ref::new(format!("#/components/responses/{name}")).into()
                    });
            }
        }
        let components = openapi.components.get_or_insert_with(Default::default);
        for (name, description) in used {
            components
                .responses
                .insert(name.to_owned(), problems::problem(description));
        }
    }
}

/// The OpenAPI document served at `/api/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.merge(routes::operations());
    problems::ProblemMediaType.modify(&mut doc);
    // After the paths are in: both look at every operation.
    SecuritySchemes.modify(&mut doc);
    CommonResponses.modify(&mut doc);
    // The crate version of the HTTP layer, not the workspace's, versions the contract.
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    doc
}

/// The document as served at `/api/openapi.json`: serialized and compressed once, since it
/// changes only with the code, with a validator of its own.
pub struct ServedDocument {
    plain: Bytes,
    compressed: Vec<(Coding, Bytes)>,
    etag: String,
}

impl Default for ServedDocument {
    fn default() -> Self {
        let plain = Bytes::from(serde_json::to_vec(&openapi()).unwrap_or_default());
        let compressed = [Coding::Brotli, Coding::Gzip]
            .into_iter()
            .filter_map(|coding| Some((coding, coding.compress(&plain).ok()?)))
            .collect();
        ServedDocument {
            etag: format!("\"{:032x}\"", digest(&plain)),
            plain,
            compressed,
        }
    }
}

/// The OpenAPI document, or 304 when the client holds it already.
pub async fn serve_document(req: HttpRequest, document: web::Data<ServedDocument>) -> HttpResponse {
    let held = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| {
            tags.split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == "*" || t == document.etag)
        });
    let mut response = if held {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::ETAG, document.etag.clone()))
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .insert_header((header::VARY, "accept-encoding"));
    if held {
        return response.finish();
    }
    let chosen = Coding::negotiate(&req).and_then(|coding| {
        document
            .compressed
            .iter()
            .find(|(offered, _)| *offered == coding)
    });
    response.content_type(ContentType::json());
    match chosen {
        Some((coding, body)) => response
            .insert_header((header::CONTENT_ENCODING, coding.header_value()))
            .body(body.clone()),
        None => response.body(document.plain.clone()),
    }
}

/// The document as pretty JSON, as committed under `openapi/`.
pub fn openapi_json() -> String {
    openapi()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// One path template of the document, split into segments, and the methods it declares.
struct DeclaredPath {
    segments: Vec<String>,
    methods: Vec<&'static str>,
}

/// Whether `segment` of a request path fits `template` (`events`, `{key}`, `{key}.ics`).
fn segment_fits(template: &str, segment: &str) -> bool {
    match (template.find('{'), template.rfind('}')) {
        (Some(open), Some(close)) if open < close => {
            let (prefix, suffix) = (&template[..open], &template[close + 1..]);
            segment.len() > prefix.len() + suffix.len()
                && segment.starts_with(prefix)
                && segment.ends_with(suffix)
        }
        _ => template == segment,
    }
}

/// The methods the document declares at `path`, as an `Allow` header value (`GET, HEAD`),
/// or `None` when no documented path fits: a wrong method is answered 405 with it.
pub fn allowed_methods(path: &str) -> Option<String> {
    static DECLARED: std::sync::OnceLock<Vec<DeclaredPath>> = std::sync::OnceLock::new();
    let declared = DECLARED.get_or_init(|| {
        openapi()
            .paths
            .paths
            .iter()
            .map(|(template, item)| {
                let declared = [
                    ("GET", item.get.is_some()),
                    // Every GET answers HEAD too.
                    ("HEAD", item.get.is_some() || item.head.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ];
                DeclaredPath {
                    segments: template.split('/').map(str::to_owned).collect(),
                    methods: declared
                        .into_iter()
                        .filter_map(|(method, present)| present.then_some(method))
                        .collect(),
                }
            })
            .collect()
    });
    let segments: Vec<&str> = path.split('/').collect();
    let mut methods: Vec<&str> = declared
        .iter()
        .filter(|d| {
            d.segments.len() == segments.len()
                && d.segments
                    .iter()
                    .zip(&segments)
                    .all(|(template, segment)| segment_fits(template, segment))
        })
        .flat_map(|d| d.methods.iter().copied())
        .collect();
    if methods.is_empty() {
        return None;
    }
    let order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
    methods.sort_by_key(|m| order.iter().position(|o| o == m));
    methods.dedup();
    Some(methods.join(", "))
}

#[cfg(test)]
mod tests {
    use super::allowed_methods;

    #[test]
    fn wrong_methods_learn_what_the_document_allows() {
        assert_eq!(allowed_methods("/healthz").as_deref(), Some("GET, HEAD"));
        assert_eq!(
            allowed_methods("/api/v1/editorial/publications/abc").as_deref(),
            Some("GET, HEAD, PUT, PATCH, DELETE")
        );
        assert_eq!(
            allowed_methods("/api/v1/events/rencontre-aude.ics").as_deref(),
            Some("GET, HEAD")
        );
        assert_eq!(
            allowed_methods("/api/v1/session").as_deref(),
            Some("GET, HEAD, POST, DELETE")
        );
        assert_eq!(allowed_methods("/api/v1/nulle-part"), None);
    }
}
