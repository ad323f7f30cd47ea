use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use passerelle_types::{FacetValue, PageInfo};

use crate::url;

/// One filter: a checkbox per value, with how many results it would leave.
#[component]
pub fn FacetGroup(
    #[prop(into)] title: String,
    param: &'static str,
    values: Vec<FacetValue>,
) -> impl IntoView {
    let location = use_location();
    let navigate = use_navigate();
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
                        let toggle = move |_| {
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
