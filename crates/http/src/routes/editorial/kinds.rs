//! The editorial routes of each kind of item, documented in its own words: one macro
//! call a kind, over the generic handlers of `editorial.rs`.

/// Routes and OpenAPI operations of one kind of item.
macro_rules! editorial_routes {
    ($module:ident, $kind:ty, $input:ty, $view:ty, $public:ty, $plural:literal $(,)?) => {
        pub mod $module {
            use crate::openapi::parameters::{IfMatch, ItemId, ItemVersion};
            use crate::error::ApiResult;
            use actix_web::web::Data;
            use actix_web::{web, HttpRequest};
            use passerelle_store::editorial::Transition;
            #[allow(unused_imports)]
            use passerelle_types::{EditorialList, Problem};

            use passerelle_types::EditorialQuery;

            use crate::openapi::problems::{BadParameter, Binned, ChangedMeanwhile, CsrfMissing, InvalidFields, NotJson, SignedOut, Unknown, Versioned};
            use crate::auth::Staff;
            use crate::body::{Json, MergePatch};

            use crate::state::AppState;

            type Kind = $kind;

            #[utoipa::path(
                get, path = concat!("/api/v1/editorial/", $plural), operation_id = concat!("editorial_list_", $plural),
                summary = "Lister, brouillons compris",
                description = "Recherche dans les titres, filtres par état, type, thème et territoire, tri et pages ; du plus récemment modifié au plus ancien par défaut.",
                params(EditorialQuery),
                responses(
                    (status = 200, description = "Une page", body = EditorialList),
                    BadParameter, SignedOut,
                ),
            )]
            pub async fn list(
                req: HttpRequest,
                _staff: Staff,
                state: Data<AppState>,
            ) -> ApiResult {
                crate::routes::editorial::list_items::<Kind>(req, state).await
            }

            #[utoipa::path(
                post, path = concat!("/api/v1/editorial/", $plural), operation_id = concat!("editorial_create_", $plural),
                summary = "Créer un brouillon",
                description = "Le slug est tiré du titre s'il n'est pas donné. La réponse porte l'ETag de la version 1.",
                request_body = $input,
                responses(
                    (status = 201, description = "Le brouillon", body = $view),
                    SignedOut, CsrfMissing, NotJson,
                    (status = 422, description = "Champs invalides, listés dans `errors`", body = Problem),
                ),
            )]
            pub async fn create(
                req: HttpRequest,
                input: Json<$input>,
                staff: Staff,
                state: Data<AppState>,
            ) -> ApiResult {
                crate::routes::editorial::create_item::<Kind>(req, input, staff, state).await
            }

            #[utoipa::path(
                get, path = concat!("/api/v1/editorial/", $plural, "/{id}"), operation_id = concat!("editorial_get_", $plural),
                summary = "Lire",
                description = "L'élément, brouillon ou à la corbeille, avec son ETag.",
                params(ItemId),
                responses(
                    (status = 200, description = "L'élément", body = $view, headers(("ETag" = String, description = "Version, à renvoyer dans If-Match"))),
                    SignedOut, Unknown,
                ),
            )]
            pub async fn read(
                id: web::Path<ItemId>,
                _staff: Staff,
                state: Data<AppState>,
            ) -> ApiResult {
                crate::routes::editorial::get_item::<Kind>(id, state).await
            }

            #[utoipa::path(
                put, path = concat!("/api/v1/editorial/", $plural, "/{id}"), operation_id = concat!("editorial_replace_", $plural),
                summary = "Remplacer le contenu",
                description = "Exige If-Match avec l'ETag lu : 428 sans lui, 412 si l'élément a changé entre-temps.",
                params(
                    ItemId,
                    ("If-Match" = String, Header, description = "ETag de la version lue, par exemple \"3\"", pattern = r#"^"[0-9]{1,9}"$"#),
                ),
                request_body = $input,
                responses(
                    (status = 200, description = "L'élément modifié", body = $view),
                    SignedOut, Unknown, Binned, Versioned, InvalidFields,
                ),
            )]
            pub async fn replace(
                req: HttpRequest,
                id: web::Path<ItemId>,
                input: Json<$input>,
                staff: Staff,
                state: Data<AppState>,
            ) -> ApiResult {
                crate::routes::editorial::replace_item::<Kind>(req, id, input, staff, state).await
            }

            #[utoipa::path(
                patch, path = concat!("/api/v1/editorial/", $plural, "/{id}"), operation_id = concat!("editorial_patch_", $plural),
                summary = "Modifier en partie",
                description = "JSON merge patch (RFC 7396) du contenu : les champs envoyés remplacent les autres, null vide un champ. Exige If-Match.",
                params(
                    ItemId,
                    IfMatch,
                ),
                request_body(content = Object, content_type = "application/merge-patch+json"),
                responses(
                    (status = 200, description = "L'élément modifié", body = $view),
                    SignedOut, Unknown, Versioned, InvalidFields,
                ),
            )]
            pub async fn patch(
                req: HttpRequest,
                id: web::Path<ItemId>,
                patch: MergePatch<serde_json::Value>,
                staff: Staff,
                state: Data<AppState>,
            ) -> ApiResult {
                crate::routes::editorial::patch_item::<Kind>(req, id, patch, staff, state).await
            }

            #[utoipa::path(
                delete, path = concat!("/api/v1/editorial/", $plural, "/{id}"), operation_id = concat!("editorial_delete_", $plural),
                summary = "Mettre à la corbeille",
                description = "Retire l'élément du public ; il reste restaurable. Exige If-Match.",
                params(
                    ItemId,
                    IfMatch,
                ),
                responses(
                    (status = 200, description = "L'élément, à la corbeille", body = $view),
                    SignedOut, Unknown, Versioned,
                ),
            )]
            pub async fn remove(
                req: HttpRequest,
                id: web::Path<ItemId>,
                staff: Staff,
                state: Data<AppState>,
            ) -> ApiResult {
                crate::routes::editorial::transition_item::<Kind>(req, id, staff, state, Transition::Delete).await
            }

            #[utoipa::path(
                post, path = concat!("/api/v1/editorial/", $plural, "/{id}/restore"), operation_id = concat!("editorial_restore_", $plural),
                summary = "Restaurer de la corbeille",
                description = "If-Match facultatif ; s'il est donné, il doit être à jour.",
                params(ItemId),
                responses(
                    (status = 200, description = "L'élément", body = $view),
                    SignedOut, Unknown, ChangedMeanwhile,
                ),
            )]
            pub async fn restore(
                req: HttpRequest,
                id: web::Path<ItemId>,
                staff: Staff,
                state: Data<AppState>,
            ) -> ApiResult {
                crate::routes::editorial::transition_item::<Kind>(req, id, staff, state, Transition::Restore).await
            }

            #[utoipa::path(
                post, path = concat!("/api/v1/editorial/", $plural, "/{id}/publish"), operation_id = concat!("editorial_publish_", $plural),
                summary = "Publier",
                description = "Le brouillon devient public (API, recherche, client) dès la réponse. La première publication fige le slug.",
                params(ItemId),
                responses(
                    (status = 200, description = "L'élément publié", body = $view),
                    SignedOut, Unknown, Binned, ChangedMeanwhile,
                ),
            )]
            pub async fn publish(
                req: HttpRequest,
                id: web::Path<ItemId>,
                staff: Staff,
                state: Data<AppState>,
            ) -> ApiResult {
                crate::routes::editorial::transition_item::<Kind>(req, id, staff, state, Transition::Publish).await
            }

            #[utoipa::path(
                post, path = concat!("/api/v1/editorial/", $plural, "/{id}/unpublish"), operation_id = concat!("editorial_unpublish_", $plural),
                summary = "Dépublier",
                description = "L'élément redevient un brouillon, invisible du public.",
                params(ItemId),
                responses(
                    (status = 200, description = "L'élément", body = $view),
                    SignedOut, Unknown, Binned, ChangedMeanwhile,
                ),
            )]
            pub async fn unpublish(
                req: HttpRequest,
                id: web::Path<ItemId>,
                staff: Staff,
                state: Data<AppState>,
            ) -> ApiResult {
                crate::routes::editorial::transition_item::<Kind>(req, id, staff, state, Transition::Unpublish).await
            }

            #[utoipa::path(
                get, path = concat!("/api/v1/editorial/", $plural, "/{id}/preview"), operation_id = concat!("editorial_preview_", $plural),
                summary = "Prévisualiser",
                description = "Le détail tel que le public le lira une fois l'élément publié, sous la même forme que la lecture publique, même pour un brouillon ou un élément à la corbeille ; rien n'est publié ni écrit.",
                params(ItemId),
                responses(
                    (status = 200, description = "Le détail, tel que le public le lira", body = $public),
                    SignedOut, Unknown,
                ),
            )]
            pub async fn public_preview(
                id: web::Path<ItemId>,
                _staff: Staff,
                state: Data<AppState>,
            ) -> ApiResult {
                crate::routes::editorial::preview_item::<Kind>(id, state).await
            }

            #[utoipa::path(
                get, path = concat!("/api/v1/editorial/", $plural, "/{id}/history"), operation_id = concat!("editorial_history_", $plural),
                summary = "Historique",
                description = "Chaque changement, du plus récent au plus ancien : qui, quand, quels champs, avant et après, et la version qu'il a produite.",
                params(ItemId, crate::routes::editorial::HistoryParams),
                responses(
                    (status = 200, description = "Une page de l'historique", body = passerelle_types::AuditList),
                    BadParameter, SignedOut, Unknown,
                ),
            )]
            pub async fn history(
                req: HttpRequest,
                id: web::Path<ItemId>,
                _staff: Staff,
                state: Data<AppState>,
            ) -> ApiResult {
                crate::routes::editorial::history_items::<Kind>(req, id, state).await
            }

            #[utoipa::path(
                post, path = concat!("/api/v1/editorial/", $plural, "/{id}/versions/{version}/restore"), operation_id = concat!("editorial_restore_version_", $plural),
                summary = "Rétablir une version antérieure",
                description = "Le contenu de cette version redevient le contenu courant, comme une nouvelle version : l'historique n'est jamais réécrit. Exige If-Match.",
                params(ItemVersion, IfMatch),
                responses(
                    (status = 200, description = "L'élément, avec le contenu rétabli", body = $view),
                    BadParameter, SignedOut,
                    (status = 404, description = "Élément inconnu, ou historique qui ne remonte pas jusque-là", body = Problem),
                    Binned, Versioned,
                    (status = 422, description = "Version invalide, ou contenu qui n'est plus valable (un thème supprimé depuis…)", body = Problem),
                ),
            )]
            pub async fn restore_version(
                req: HttpRequest,
                path: web::Path<ItemVersion>,
                staff: Staff,
                state: Data<AppState>,
            ) -> ApiResult {
                crate::routes::editorial::restore_version_item::<Kind>(req, path, staff, state).await
            }
        }
    };
}

editorial_routes!(
    publications,
    passerelle_store::editorial::Publications,
    passerelle_types::PublicationInput,
    passerelle_types::EditorialPublication,
    passerelle_types::Publication,
    "publications",
);
editorial_routes!(
    events,
    passerelle_store::editorial::Events,
    passerelle_types::EventInput,
    passerelle_types::EditorialEvent,
    passerelle_types::Event,
    "events",
);
editorial_routes!(
    members,
    passerelle_store::editorial::Members,
    passerelle_types::MemberInput,
    passerelle_types::EditorialMember,
    passerelle_types::Member,
    "members",
);
