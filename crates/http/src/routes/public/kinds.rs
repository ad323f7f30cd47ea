//! The three kinds of published item, each with a list (filters, facets, CSV) and a detail
//! (JSON or JSON-LD). What they share is written once, in `answers::{list, detail}` and in
//! `published_kind!`; what differs — words, paths, the engine's list, the formats, the
//! memo — is declared here, kind by kind.

use std::sync::Arc;

use actix_web::web::Data;
use chrono::Utc;
use chrono_tz::Europe::Paris;
use passerelle_feeds::{csv, jsonld};

use crate::error::ApiResult;

/// A kind's two operations, documented, and its [`PublicKind`](crate::routes::answers::PublicKind)
/// mapping.
macro_rules! published_kind {
    (
        $module:ident: $kind:ident, listed as $list:ident by $query:ident;
        $(#[$list_doc:meta])*
        list at $list_path:literal as $list_id:literal: $list_ok:literal;
        $(#[$detail_doc:meta])*
        detail at $detail_path:literal as $detail_id:literal, e.g. $example:literal:
            $detail_ok:literal, else $missing:literal;
        named $name:literal, exported as $csv_name:literal,
        listed with $listed:expr, in CSV by $csv:path, in JSON-LD by $linked_data:path,
        kept in $memo:ident.
    ) => {
        pub mod $module {
            use super::*;
            use actix_web::{web, HttpRequest};
            use passerelle_feeds::Site;
            use passerelle_search::{Engine, SearchError};
            use passerelle_types::{$kind, $list, $query, Pagination, Problem, QueryError};

            use crate::detail_reads::DetailReads;

            use crate::memo::Memo;
            use crate::openapi::problems::BadParameter;
            use crate::routes::answers::{self, PublicKind};
            use crate::state::AppState;

            $(#[$list_doc])*
            #[utoipa::path(
                get, path = $list_path, operation_id = $list_id,
                params($query),
                responses(
                    (status = 200, description = $list_ok, content(
                        ($list = "application/json"),
                        (String = "text/csv"),
                    )),
                    BadParameter,
                )
            )]
            pub async fn list(
                req: HttpRequest,
                state: Data<AppState>,
            ) -> ApiResult {
                answers::list::<$kind>(req, state).await
            }

            $(#[$detail_doc])*
            #[utoipa::path(
                get, path = $detail_path, operation_id = $detail_id,
                params(("key" = String, Path, description = "Identifiant (UUID) ou slug", example = $example)),
                responses(
                    (status = 200, description = $detail_ok, content(
                        ($kind = "application/json"),
                        (serde_json::Value = "application/ld+json"),
                    )),
                    BadParameter,
                    (status = 404, description = $missing, body = Problem),
                )
            )]
            pub async fn detail(
                req: HttpRequest,
                key: web::Path<String>,
                state: Data<AppState>,
            ) -> ApiResult {
                answers::detail::<$kind>(req, key, state).await
            }

            impl PublicKind for $kind {
                type Query = $query;
                type List = $list;
                const NAME: &'static str = $name;
                const CSV_NAME: &'static str = $csv_name;
                const LIST_PATH: &'static str = $list_path;

                fn parse(query: &str) -> Result<$query, QueryError> {
                    $query::parse(query)
                }
                fn query_string(query: &$query) -> String {
                    query.to_query_string()
                }
                fn paginate(query: &mut $query, pagination: Pagination) {
                    query.pagination = pagination;
                }
                fn list(engine: &Engine, query: &$query) -> Result<$list, SearchError> {
                    ($listed)(engine, query)
                }
                fn csv(site: &Site, list: &$list) -> Vec<u8> {
                    $csv(site, &list.items)
                }
                fn linked_data(site: &Site, item: &$kind) -> serde_json::Value {
                    $linked_data(site, item)
                }
                fn memo(state: &AppState) -> &Memo<Arc<$kind>> {
                    &state.memos.$memo
                }
                fn readers(state: &AppState) -> &Arc<DetailReads<$kind>> {
                    &state.detail_readers.$memo
                }
            }
        }
    };
}

published_kind! {
    publications: Publication, listed as PublicationList by PublicationQuery;
    /// Liste des publications
    ///
    /// Publications publiées, filtrées, triées et paginées, avec pour chaque filtre le nombre
    /// de résultats de chaque valeur compte tenu des autres filtres actifs.
    list at "/api/v1/publications" as "list_publications":
        "Une page de publications et les facettes ; en CSV (`format=csv` ou `Accept: text/csv`), toutes les publications retenues (10 000 au plus), séparateur point-virgule, UTF-8 avec BOM, dates JJ/MM/AAAA";
    /// Détail d'une publication
    ///
    /// La publication, avec ses liens, les structures impliquées et les événements liés.
    detail at "/api/v1/publications/{key}" as "get_publication",
        e.g. "capitalisation-egalite-femmes-hommes-contrats-de-ville":
        "La publication ; en JSON-LD schema.org (Report, VideoObject ou CreativeWork) avec `Accept: application/ld+json`",
        else "Aucune publication publiée ne porte cet identifiant";
    named "publication", exported as "publications",
    listed with |engine: &Engine, query| engine.publications(query),
    in CSV by csv::publications, in JSON-LD by jsonld::publication,
    kept in publications.
}

published_kind! {
    events: Event, listed as EventList by EventQuery;
    /// Liste des événements
    ///
    /// Événements publiés, filtrés, triés et paginés, avec les facettes. Dates et heures en
    /// heure de Paris.
    list at "/api/v1/events" as "list_events":
        "Une page d'événements et les facettes ; en CSV (`format=csv` ou `Accept: text/csv`), tous les événements retenus (10 000 au plus), séparateur point-virgule, UTF-8 avec BOM, dates JJ/MM/AAAA";
    /// Détail d'un événement
    ///
    /// L'événement, avec son lieu, ses liens, les structures impliquées et les publications
    /// qui en sont issues.
    detail at "/api/v1/events/{key}" as "get_event",
        e.g. "rencontres-conseils-citoyens-herault-2019":
        "L'événement ; en JSON-LD schema.org (Event, avec Place, PostalAddress, eventStatus, organizer) avec `Accept: application/ld+json`",
        else "Aucun événement publié ne porte cet identifiant";
    named "événement", exported as "evenements",
    // « À venir » and « passés » are counted from today in Paris.
    listed with |engine: &Engine, query| engine.events(query, Utc::now().with_timezone(&Paris).date_naive()),
    in CSV by csv::events, in JSON-LD by jsonld::event,
    kept in events.
}

published_kind! {
    members: Member, listed as MemberList by MemberQuery;
    /// Liste des membres du réseau
    ///
    /// Conseils citoyens, associations, collectivités, services de l'État, centres de
    /// ressources et équipements du réseau, filtrés et paginés, avec les facettes.
    list at "/api/v1/members" as "list_members":
        "Une page de membres et les facettes ; en CSV (`format=csv` ou `Accept: text/csv`), tous les membres retenus (10 000 au plus), séparateur point-virgule, UTF-8 avec BOM";
    /// Détail d'un membre du réseau
    ///
    /// La structure, avec sa présentation, son contact s'il est public, et les publications et
    /// événements auxquels elle a pris part.
    detail at "/api/v1/members/{key}" as "get_member",
        e.g. "villes-et-territoires-occitanie":
        "Le membre ; en JSON-LD schema.org (Organization) avec `Accept: application/ld+json`",
        else "Aucun membre publié ne porte cet identifiant";
    named "membre", exported as "reseau",
    listed with |engine: &Engine, query| engine.members(query),
    in CSV by csv::members, in JSON-LD by jsonld::member,
    kept in members.
}
