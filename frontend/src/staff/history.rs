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
        "registration_settings" => "Réglages des inscriptions",
        "export" => "Export des inscrits",
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
        "registration" => "inscriptions",
        "registrations" => "inscrits exportés",
        "attended" => "présence",
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

/// Unchanged words kept on each side of a change in a long text; the rest reads « […] ».
const CONTEXT_WORDS: usize = 8;

/// A piece of a long text's change.
#[derive(Debug, PartialEq)]
enum Piece {
    Same(String),
    Removed(String),
    Added(String),
}

/// A long text's change word by word: removed and added words, and the unchanged stretches
/// between them shortened to the words around the changes.
fn word_changes(before: &str, after: &str) -> Vec<Piece> {
    use similar::{ChangeTag, TextDiff};
    let mut pieces = Vec::new();
    let (mut removed, mut added, mut same) = (String::new(), String::new(), String::new());
    let flush = |pieces: &mut Vec<Piece>, removed: &mut String, added: &mut String| {
        if !removed.is_empty() {
            pieces.push(Piece::Removed(std::mem::take(removed)));
        }
        if !added.is_empty() {
            pieces.push(Piece::Added(std::mem::take(added)));
        }
    };
    for change in TextDiff::from_words(before, after).iter_all_changes() {
        let text = change.value();
        match change.tag() {
            // A space between two changed words belongs to the change: « ancien texte »
            // replaced reads as one struck phrase and one new one, not word by word.
            ChangeTag::Equal
                if text.trim().is_empty() && !(removed.is_empty() && added.is_empty()) =>
            {
                same.push_str(text);
            }
            ChangeTag::Equal => {
                flush(&mut pieces, &mut removed, &mut added);
                same.push_str(text);
            }
            tag => {
                if !same.is_empty() {
                    if removed.is_empty() && added.is_empty() {
                        pieces.push(Piece::Same(std::mem::take(&mut same)));
                    } else {
                        // Only spaces since the last change.
                        for side in [&mut removed, &mut added] {
                            if !side.is_empty() {
                                side.push_str(&same);
                            }
                        }
                        same.clear();
                    }
                }
                if tag == ChangeTag::Delete {
                    removed.push_str(text);
                } else {
                    added.push_str(text);
                }
            }
        }
    }
    flush(&mut pieces, &mut removed, &mut added);
    if !same.is_empty() {
        pieces.push(Piece::Same(same));
    }
    let last = pieces.len().saturating_sub(1);
    pieces
        .into_iter()
        .enumerate()
        .map(|(index, piece)| match piece {
            Piece::Same(text) => Piece::Same(shortened(&text, index == 0, index == last)),
            other => other,
        })
        .collect()
}

/// An unchanged stretch cut to the words next to the changes around it.
fn shortened(text: &str, first: bool, last: bool) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let n = CONTEXT_WORDS + 1;
    if words.len() <= 2 * n {
        return text.to_owned();
    }
    let head = words[..n].join(" ");
    let tail = words[words.len() - n..].join(" ");
    match (first, last) {
        (true, true) => text.to_owned(),
        (true, false) => format!("[…] {}", tail.trim_start()),
        (false, true) => format!("{} […]", head.trim_end()),
        (false, false) => format!("{} […] {}", head.trim_end(), tail.trim_start()),
    }
}

/// A field's change: before → after, or word by word for a long text.
fn change_view(before: &Value, after: &Value) -> AnyView {
    match (before, after) {
        (Value::String(old), Value::String(new))
            if old.chars().count().max(new.chars().count()) > SHOWN_CHARS =>
        {
            let mut struck_last = false;
            let pieces = word_changes(old, new).into_iter().map(move |piece| {
                let after_struck =
                    std::mem::replace(&mut struck_last, matches!(piece, Piece::Removed(_)));
                match piece {
                    Piece::Same(text) => text.into_any(),
                    Piece::Removed(text) => view! { <del>{text}</del> }.into_any(),
                    // Apart from the words it replaces.
                    Piece::Added(text) if after_struck => {
                        view! { " " <ins>{text}</ins> }.into_any()
                    }
                    Piece::Added(text) => view! { <ins>{text}</ins> }.into_any(),
                }
            });
            view! { <span class="word-diff">{pieces.collect_view()}</span> }.into_any()
        }
        _ => view! { <del>{shown(before)}</del>" → "<ins>{shown(after)}</ins> }.into_any(),
    }
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
        let changes: Vec<(String, Value, Value)> = entry
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
                    change["before"].clone(),
                    change["after"].clone(),
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
                                {change_view(&before, &after)}</li>
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_changed_in_a_long_text_shows_with_the_words_around_it_only() {
        let words: Vec<String> = (1..=60).map(|n| format!("mot{n}")).collect();
        let before = words.join(" ");
        let after = before.replace("mot30", "quartier");
        let pieces = word_changes(&before, &after);
        assert_eq!(
            pieces,
            vec![
                Piece::Same("[…] mot22 mot23 mot24 mot25 mot26 mot27 mot28 mot29 ".to_owned()),
                Piece::Removed("mot30".to_owned()),
                Piece::Added("quartier".to_owned()),
                Piece::Same(" mot31 mot32 mot33 mot34 mot35 mot36 mot37 mot38 […]".to_owned()),
            ]
        );
    }

    #[test]
    fn short_unchanged_stretches_stay_whole() {
        let pieces = word_changes("un deux trois", "un quatre trois");
        assert_eq!(
            pieces,
            vec![
                Piece::Same("un ".to_owned()),
                Piece::Removed("deux".to_owned()),
                Piece::Added("quatre".to_owned()),
                Piece::Same(" trois".to_owned()),
            ]
        );
    }

    #[test]
    fn a_phrase_replaced_reads_as_one_struck_phrase_and_one_new_one() {
        let pieces = word_changes("début ancien texte fin", "début nouvelle phrase fin");
        assert_eq!(
            pieces,
            vec![
                Piece::Same("début ".to_owned()),
                Piece::Removed("ancien texte".to_owned()),
                Piece::Added("nouvelle phrase".to_owned()),
                Piece::Same(" fin".to_owned()),
            ]
        );
    }
}
