//! Several items of the dashboard at once: publish, unpublish, bin or restore the ones
//! selected, each with the version it was listed at, and say what was done and what was
//! refused, item by item.

use leptos::prelude::*;
use leptos::task::spawn_local;
use passerelle_types::EditorialSummary;

use crate::staff::api;
use crate::staff::session::use_session;

/// The actions offered on a selection: (API action, button, past participle for the count).
const ACTIONS: [(&str, &str, &str); 3] = [
    ("publish", "Publier la sélection", "publié(s)"),
    ("unpublish", "Dépublier la sélection", "dépublié(s)"),
    (
        "delete",
        "Mettre la sélection à la corbeille",
        "mis à la corbeille",
    ),
];
const RESTORE: (&str, &str, &str) = ("restore", "Restaurer la sélection", "restauré(s)");

#[component]
pub fn BulkActions(
    selected: RwSignal<Vec<EditorialSummary>>,
    #[prop(into)] plural: Signal<&'static str>,
    #[prop(into)] bin: Signal<bool>,
    done: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let busy = RwSignal::new(false);
    let outcome = RwSignal::new(None::<String>);
    let run = move |(action, _, done_word): (&'static str, &'static str, &'static str)| {
        let items = selected.get_untracked();
        if items.is_empty() {
            return;
        }
        busy.set(true);
        outcome.set(None);
        let csrf = session.csrf();
        let plural = plural.get_untracked();
        spawn_local(async move {
            let mut refused = Vec::new();
            let mut changed = 0;
            // One after the other: each answer says which item, if any, was refused.
            for item in &items {
                let id = item.id.to_string();
                let answer = api::item_action::<serde_json::Value>(
                    csrf.clone(),
                    plural,
                    id,
                    action,
                    item.version,
                )
                .await;
                match answer {
                    Ok(_) => changed += 1,
                    Err(error) => refused.push(format!("« {} » : {}", item.title, error.message())),
                }
            }
            let mut message = format!("{changed} élément(s) {done_word}.");
            if !refused.is_empty() {
                message.push_str(&format!(" Refusé(s) : {}", refused.join(" ; ")));
            }
            outcome.set(Some(message));
            selected.set(Vec::new());
            busy.set(false);
            done.run(());
        });
    };
    let button = move |spec: (&'static str, &'static str, &'static str)| {
        view! {
            <button type="button" class=(spec.0 == "delete").then_some("danger")
                disabled=move || busy.get() on:click=move |_| run(spec)>{spec.1}</button>
        }
    };
    view! {
        <div aria-live="polite">{move || outcome.get().map(|m| view! { <p class="success">{m}</p> })}</div>
        <Show when=move || !selected.with(Vec::is_empty)>
            <div class="actions bulk" role="group" aria-label="Actions sur la sélection">
                <span>{move || format!("{} sélectionné(s)", selected.with(Vec::len))}</span>
                {move || if bin.get() {
                    button(RESTORE).into_any()
                } else {
                    ACTIONS.map(button).into_iter().collect_view().into_any()
                }}
            </div>
        </Show>
    }
}
