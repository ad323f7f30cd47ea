use leptos::prelude::*;
use passerelle_types::PageInfo;

use crate::components::Pager;

/// The results column of a list: the count (announced to screen readers), then either the
/// empty message or the results, then the page links.
#[component]
pub fn Results(
    count: String,
    page: PageInfo,
    /// Shown instead of the results when there are none.
    empty: Option<AnyView>,
    children: Children,
) -> impl IntoView {
    view! {
        <section aria-label="Résultats">
            <p class="count" role="status" aria-live="polite">{count}</p>
            {match empty {
                Some(message) => view! { <div class="empty">{message}</div> }.into_any(),
                None => children().into_any(),
            }}
            <Pager page />
        </section>
    }
}
