use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use passerelle_types::Vocabulary;

use crate::url;

/// Navigates to the current page with one parameter changed (back to its first page).
pub(crate) fn set_param(param: &'static str) -> impl Fn(String) + Clone {
    let location = use_location();
    let navigate = use_navigate();
    move |value: String| {
        let target = url::href(
            &location.pathname.get_untracked(),
            &url::with(&location.search.get_untracked(), param, &value),
        );
        navigate(
            &target,
            NavigateOptions {
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    }
}

/// The order of a list; relevance is offered only while searching, and the order by
/// update (made for partners' mirrors) not at all.
#[component]
pub fn SortSelect<T: Vocabulary + Send + Sync + 'static>(
    options: &'static [T],
    /// The order used when the address names none.
    default: T,
) -> impl IntoView {
    let location = use_location();
    let set = set_param("sort");
    let searching = move || url::value(&location.search.get(), "q").is_some_and(|q| !q.is_empty());
    let current = move || {
        url::value(&location.search.get(), "sort").unwrap_or_else(|| default.as_str().to_owned())
    };
    view! {
        <p class="control">
            <label for="sort">"Trier"</label>
            <select id="sort" on:change=move |ev| set(event_target_value(&ev))>
                {move || {
                    options
                        .iter()
                        .filter(|o| o.as_str() != "relevance" || searching())
                        .filter(|o| o.as_str() != "updated")
                        .map(|o| view! {
                            <option value=o.as_str() selected=current() == o.as_str()>{o.label()}</option>
                        })
                        .collect_view()
                }}
            </select>
        </p>
    }
}

/// A date range, applied as soon as a date is chosen.
#[component]
pub fn DateRange() -> impl IntoView {
    let location = use_location();
    let set_from = set_param("from");
    let set_to = set_param("to");
    let from = move || url::value(&location.search.get(), "from").unwrap_or_default();
    let to = move || url::value(&location.search.get(), "to").unwrap_or_default();
    view! {
        <fieldset class="facet dates">
            <legend>"Période"</legend>
            <p><label for="from">"Du"</label>
                <input id="from" type="date" prop:value=from on:change=move |ev| set_from(event_target_value(&ev)) /></p>
            <p><label for="to">"Au"</label>
                <input id="to" type="date" prop:value=to on:change=move |ev| set_to(event_target_value(&ev)) /></p>
        </fieldset>
    }
}

/// Upcoming (the default), past or all events.
#[component]
pub fn PeriodChoice() -> impl IntoView {
    let location = use_location();
    let set = set_param("when");
    let current =
        move || url::value(&location.search.get(), "when").unwrap_or_else(|| "upcoming".to_owned());
    view! {
        <fieldset class="facet">
            <legend>"Quand"</legend>
            <ul>
                {[("upcoming", "À venir"), ("past", "Passés"), ("all", "Tous")].into_iter().map(|(value, label)| {
                    let set = set.clone();
                    let id = format!("when-{value}");
                    view! {
                        <li>
                            <input type="radio" name="when" id=id.clone() value=value
                                prop:checked=move || current() == value
                                on:change=move |_| set(value.to_owned()) />
                            <label for=id>{label}</label>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </fieldset>
    }
}
