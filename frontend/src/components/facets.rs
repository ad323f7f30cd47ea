use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use passerelle_types::{FacetValue, PageInfo};

use wasm_bindgen::JsCast;

use crate::url;

/// The control to focus again once the page re-renders: ticking a filter redraws the
/// results and the filters, and keyboard users must not be sent back to the top.
#[derive(Clone, Copy)]
pub struct RestoreFocus(pub RwSignal<Option<String>>);

/// One filter: a checkbox per value, with how many results it would leave.
#[component]
pub fn FacetGroup(
    #[prop(into)] title: String,
    param: &'static str,
    values: Vec<FacetValue>,
) -> impl IntoView {
    let location = use_location();
    let navigate = use_navigate();
    let restore = use_context::<RestoreFocus>();
    Effect::new(move |_| {
        let Some(RestoreFocus(pending)) = restore else {
            return;
        };
        let Some(id) = pending.get_untracked() else {
            return;
        };
        if let Some(element) = document().get_element_by_id(&id) {
            if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                let _ = element.focus();
                pending.set(None);
            }
        }
    });
    if values.is_empty() {
        return ().into_any();
    }
    view! {
        <fieldset class="facet">
            <legend>{title}</legend>
            <ul>
                {values
                    .into_iter()
                    .map(|value| {
                        let navigate = navigate.clone();
                        let id = format!("{param}-{}", value.value);
                        let focus_id = id.clone();
                        let toggle = move |_| {
                            if let Some(RestoreFocus(pending)) = restore {
                                pending.set(Some(focus_id.clone()));
                            }
                            let target = url::href(
                                &location.pathname.get_untracked(),
                                &url::toggled(&location.search.get_untracked(), param, &value.value),
                            );
                            navigate(&target, NavigateOptions { scroll: false, ..NavigateOptions::default() });
                        };
                        view! {
                            <li>
                                <input
                                    type="checkbox"
                                    id=id.clone()
                                    prop:checked=value.selected
                                    on:change=toggle
                                />
                                <label for=id>
                                    {value.label.clone()}
                                    <span class="facet-count">{format!(" ({})", value.count)}</span>
                                </label>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </fieldset>
    }
    .into_any()
}

/// Previous and next page links that keep every other parameter.
#[component]
pub fn Pager(page: PageInfo) -> impl IntoView {
    let location = use_location();
    if page.page_count <= 1 {
        return ().into_any();
    }
    let link = move |number: u32| {
        url::href(
            &location.pathname.get_untracked(),
            &url::with(
                &location.search.get_untracked(),
                "page",
                &number.to_string(),
            ),
        )
    };
    view! {
        <nav class="pager" aria-label="Pages de résultats">
            {(page.page > 1).then(|| view! { <a href=link(page.page - 1) rel="prev">"Page précédente"</a> })}
            <span>{format!("Page {} sur {}", page.page, page.page_count)}</span>
            {(page.page < page.page_count)
                .then(|| view! { <a href=link(page.page + 1) rel="next">"Page suivante"</a> })}
        </nav>
    }
    .into_any()
}
