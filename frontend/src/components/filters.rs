use leptos::prelude::*;

/// Whether the folded filter column is open; kept above the pages, which redraw it on
/// every change of filter.
#[derive(Clone, Copy)]
pub struct FiltersOpen(pub RwSignal<bool>);

/// The filter column. On narrow screens it folds behind a button so that results come
/// first; wide screens always show it.
#[component]
pub fn Filters(children: Children) -> impl IntoView {
    let open = use_context::<FiltersOpen>()
        .map(|FiltersOpen(open)| open)
        .unwrap_or_else(|| RwSignal::new(false));
    view! {
        <div class="filters">
            <button
                type="button"
                class="filters-toggle"
                aria-expanded=move || open.get().to_string()
                aria-controls="filtres"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {move || if open.get() { "Masquer les filtres" } else { "Afficher les filtres" }}
            </button>
            <aside id="filtres" aria-label="Filtres" class:open=move || open.get()>
                {children()}
            </aside>
        </div>
    }
}
