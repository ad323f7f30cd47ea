use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::url;

/// Search as you type: the query goes to the URL (so reload and sharing keep it) once
/// typing pauses; older requests are superseded by the resource keyed on the URL.
#[component]
pub fn SearchBox(#[prop(into)] label: String, #[prop(into)] placeholder: String) -> impl IntoView {
    let location = use_location();
    let navigate = use_navigate();
    let current = move || url::value(&location.search.get(), "q").unwrap_or_default();
    let pending: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let navigate = navigate.clone();
        let path = location.pathname.get_untracked();
        let search = location.search.get_untracked();
        let handle = set_timeout_with_handle(
            move || {
                let target = url::href(&path, &url::with(&search, "q", text.trim()));
                navigate(
                    &target,
                    NavigateOptions {
                        replace: true,
                        scroll: false,
                        ..NavigateOptions::default()
                    },
                );
            },
            Duration::from_millis(250),
        )
        .ok();
        pending.set_value(handle);
    };
    view! {
        <form class="search-box" role="search" on:submit=|ev| ev.prevent_default()>
            <label for="q">{label}</label>
            <input
                id="q"
                name="q"
                type="search"
                autocomplete="off"
                maxlength="200"
                placeholder=placeholder
                prop:value=current
                on:input=on_input
            />
        </form>
    }
}
