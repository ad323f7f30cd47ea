//! An item's history in its editor: who changed what and when, each field before and after,
//! and any earlier version restored as a new one.

use leptos::prelude::*;
use leptos::task::spawn_local;
use passerelle_types::{AuditEntry, EditorialView};
use serde_json::Value;

use crate::api::ApiError;
use crate::components::*;
use crate::staff::api;
use crate::staff::editorial::{field_label, EditorKind};
use crate::staff::session::use_session;

/// Longest value shown in full; longer texts show their start and end.
const SHOWN_CHARS: usize = 160;

pub(super) fn action_label(action: &str) -> &str {
    match action {
        "create" => "Création",
        "import" => "Import",
        "update" => "Modification",
        "restore_version" => "Version antérieure rétablie",
        "publish" => "Publication",
        "unpublish" => "Dépublication",
        "delete" => "Mise à la corbeille",
        "restore" => "Restauration de la corbeille",
        "invite" => "Lien d'invitation créé",
        "password" => "Mot de passe choisi",
        "revoke" => "Révocation",
        "attach" => "Document déposé",
        "detach" => "Document retiré",
        other => other,
    }
}

/// The French name of a field the log records outside an item's form: its state, an
/// account's, a token's; the key itself for any other.
pub(super) fn field_name(key: &str) -> &str {
    match key {
        "status" => "état",
        "published_at" => "publication",
        "deleted_at" => "corbeille",
        "title" => "titre",
        "summary" => "résumé",
        "body" => "texte",
        "name" => "nom",
        "label" => "libellé",
        "email" => "adresse",
        "role" => "rôle",
        "disabled_at" => "désactivation",
        "invitation_expires_at" => "invitation",
        "filename" => "fichier",
        other => other,
    }
}

/// A value as a reader takes it in: text as is (long texts cut in the middle), lists
/// joined, nothing as « (vide) ».
fn shown(value: &Value) -> String {
    let text = match value {
        Value::Null => return "(vide)".to_owned(),
        Value::String(s) if s.is_empty() => return "(vide)".to_owned(),
        Value::String(s) => s.clone(),
        Value::Bool(true) => "oui".to_owned(),
        Value::Bool(false) => "non".to_owned(),
        Value::Array(items) if items.is_empty() => return "(vide)".to_owned(),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::String(s) => s.clone(),
                Value::Object(o) => o
                    .get("label")
                    .or_else(|| o.get("url"))
                    .or_else(|| o.get("member_id"))
                    .map(shown)
                    .unwrap_or_else(|| item.to_string()),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    };
    let count = text.chars().count();
    if count <= SHOWN_CHARS {
        return text;
    }
    let start: String = text.chars().take(SHOWN_CHARS / 2).collect();
    let end: String = text.chars().skip(count - SHOWN_CHARS / 2).collect();
    format!("{start} […] {end}")
}

/// The history panel of the item `view`; `restored` receives the item once a version is
/// made current again.
pub fn history_panel<K: EditorKind>(
    view: K::View,
    restored: impl Fn(K::View, String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let session = use_session();
    let state = view.state().clone();
    let id = state.id.to_string();
    let current = state.version;
    let entries = {
        let id = id.clone();
        LocalResource::new(move || api::history(K::API, id.clone()))
    };
    let failure = RwSignal::new(None::<String>);
    let id = StoredValue::new(id);
    let restore = move |version: i32| {
        let csrf = session.csrf();
        let id = id.get_value();
        spawn_local(async move {
            match api::restore_version::<K::View>(csrf, K::API, id, version, current).await {
                Ok(item) => {
                    let message = format!(
                        "Version {version} rétablie : c'est maintenant la version {}.",
                        item.version()
                    );
                    restored(item, message);
                }
                Err(ApiError::Problem(problem)) if problem.status == 412 => failure.set(Some(
                    "Quelqu'un a modifié cet élément entre-temps : rechargez la page avant de recommencer."
                        .to_owned(),
                )),
                Err(error) => failure.set(Some(error.message())),
            }
        });
    };
    let entry_view = move |entry: AuditEntry| {
        let fields = K::fields();
        let changes: Vec<(String, String, String)> = entry
            .changes
            .as_object()
            .into_iter()
            .flatten()
            .map(|(key, change)| {
                (
                    match field_label(&fields, key) {
                        // Not a field of the form: the item's state.
                        label if label == *key => field_name(key).to_owned(),
                        label => label,
                    },
                    shown(&change["before"]),
                    shown(&change["after"]),
                )
            })
            .collect();
        let version = entry.version;
        let when = entry.occurred_at.format("%d/%m/%Y %H:%M UTC").to_string();
        view! {
            <li>
                <p class="history-head">
                    <strong>{action_label(&entry.action).to_owned()}</strong>
                    {version.map(|v| format!(" · version {v}"))}
                    {format!(" · {when} · {}", entry.actor)}
                </p>
                {(!changes.is_empty() && entry.action != "create").then(|| view! {
                    <ul class="history-changes">
                        {changes.into_iter().map(|(field, before, after)| view! {
                            <li><span class="history-field">{field}</span>" : "
                                <del>{before}</del>" → "<ins>{after}</ins></li>
                        }).collect_view()}
                    </ul>
                })}
                // Undoing a step: the version before it comes back, as a new version.
                {version.map(|v| v - 1).filter(|v| *v >= 1 && *v < current).map(|v| view! {
                    <button type="button" on:click=move |_| restore(v)>{format!("Rétablir la version {v}, d'avant ce changement")}</button>
                })}
            </li>
        }
    };
    view! {
        <section class="history" aria-labelledby="historique-titre">
            <h2 id="historique-titre">"Historique"</h2>
            {move || failure.get().map(|m| view! { <div class="error" role="alert"><p>{m}</p></div> })}
            <Transition fallback=|| view! { <Loading what="de l'historique" /> }>
                {move || entries.get().map(|result| match result {
                    Ok(list) if list.items.is_empty() => view! {
                        <p class="empty">"Aucun changement enregistré."</p>
                    }.into_any(),
                    Ok(list) => view! {
                        <ol class="history-list">{list.items.into_iter().map(entry_view).collect_view()}</ol>
                    }.into_any(),
                    Err(error) => view! { <Failure error retry=Callback::new(move |()| entries.refetch()) /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}
