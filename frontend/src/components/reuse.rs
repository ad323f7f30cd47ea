//! « Réutiliser cette sélection » under a list: the same filters as a calendar to
//! subscribe to, a feed, a spreadsheet, or a widget for another site, with its code ready
//! to copy.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;

use crate::url;

/// Which list the selection comes from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    Publications,
    Events,
    Members,
}

impl Selection {
    fn api(self) -> &'static str {
        match self {
            Selection::Publications => "publications",
            Selection::Events => "events",
            Selection::Members => "members",
        }
    }

    fn widget(self) -> Option<(&'static str, &'static str)> {
        match self {
            Selection::Publications => Some(("publications", "Dernières publications")),
            Selection::Events => Some(("evenements", "Prochains événements")),
            Selection::Members => None,
        }
    }
}

#[component]
pub fn Reuse(selection: Selection) -> impl IntoView {
    let location = use_location();
    let origin = window().location().origin().unwrap_or_default();
    let copied = RwSignal::new(None::<&'static str>);
    let filters = move || {
        let search = location.search.get();
        // The events list shows upcoming events unless told otherwise: so does what it
        // hands on.
        let search = if selection == Selection::Events && url::value(&search, "when").is_none() {
            url::with(&search, "when", "upcoming")
        } else {
            search
        };
        url::filters(&search)
    };
    let with_filters = move |path: String| url::href(&path, &filters());
    let api = selection.api();
    let csv = move || {
        let search = filters();
        let search = url::with(&search, "format", "csv");
        url::href(&format!("/api/v1/{api}"), &search)
    };
    let copy = move |_| {
        let textarea = document()
            .get_element_by_id("code-integration")
            .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok());
        let done = textarea.is_some_and(|t| {
            t.select();
            document()
                .dyn_into::<web_sys::HtmlDocument>()
                .ok()
                .and_then(|d| d.exec_command("copy").ok())
                .unwrap_or(false)
        });
        copied.set(Some(if done {
            "Code copié."
        } else {
            "Copie impossible : sélectionnez le code et copiez-le vous-même."
        }));
    };
    view! {
        <details class="reuse">
            <summary>"Réutiliser cette sélection"</summary>
            <ul>
                {(selection == Selection::Events).then(|| view! {
                    <li><a href=move || with_filters("/api/v1/events.ics".to_owned()) rel="external">
                        "S'abonner à ces événements dans un agenda (iCalendar)"
                    </a></li>
                })}
                {(selection != Selection::Members).then(|| view! {
                    <li><a href=move || with_filters(format!("/api/v1/{api}.atom")) rel="external">
                        "Suivre ce fil d'actualité (Atom)"
                    </a></li>
                })}
                <li><a href=csv rel="external">"Télécharger le tableau (CSV)"</a></li>
            </ul>
            {selection.widget().map(|(path, title)| {
                let origin = origin.clone();
                let code = move || url::embed_code(&origin, &with_filters(format!("/widgets/{path}")), title);
                view! {
                    <p class="reuse-code">
                        <label for="code-integration">"Intégrer cette sélection à votre site (code HTML)"</label>
                        <textarea id="code-integration" readonly rows="5" prop:value=code></textarea>
                    </p>
                    <p class="reuse-copy">
                        <button type="button" on:click=copy>"Copier le code"</button>
                        <span role="status" aria-live="polite">{move || copied.get()}</span>
                    </p>
                }
            })}
        </details>
    }
}
