use leptos::prelude::*;
use leptos_router::hooks::use_location;
use passerelle_types::SearchHit;

use crate::api;
use crate::components::*;
use crate::format;

fn hit_href(hit: &SearchHit) -> String {
    format!("{}/{}", hit.item_type.section(), hit.slug)
}

#[component]
pub fn Search() -> impl IntoView {
    let location = use_location();
    let results = LocalResource::new(move || api::search(location.search.get()));
    view! {
        <h1 tabindex="-1">"Recherche"</h1>
        <SearchBox label="Rechercher dans tout le contenu" placeholder="égalité femmes-hommes, Nîmes…" />
        <Transition fallback=|| view! { <Loading what="des résultats" /> }>
            {move || results.get().map(|result| match result {
                Ok(results) => view! {
                    <div class="with-filters">
                        <Filters>
                            <FacetGroup title="Contenu" param="type" values=results.facets.item_type />
                            <FacetGroup title="Type" param="kind" values=results.facets.kind />
                            <FacetGroup title="Thème" param="theme" values=results.facets.theme />
                            <FacetGroup title="Territoire" param="territory" values=results.facets.territory />
                            <FacetGroup title="Année" param="year" values=results.facets.year />
                        </Filters>
                        <Results
                            count=format::count(results.page.total, "résultat", "résultats")
                            page=results.page
                            empty=results.items.is_empty().then(|| view! {
                                "Aucun résultat. Essayez d'autres mots ou retirez un filtre."
                            }.into_any())
                        >
                            <ul class="hits">
                                {results.items.into_iter().map(|hit| {
                                            let href = hit_href(&hit);
                                            let meta = [Some(hit.kind_label.clone()), hit.date.map(format::long_date).or(hit.year.map(|y| y.to_string()))]
                                                .into_iter().flatten().collect::<Vec<_>>().join(" · ");
                                            view! {
                                                <li class="card">
                                                    <p class="kind">{meta}</p>
                                                    <h2><a href=href>{hit.title}</a></h2>
                                                    // The server escapes the snippet and adds only <mark>.
                                                    <p inner_html=hit.snippet></p>
                                                </li>
                                            }
                                        }).collect_view()}
                            </ul>
                        </Results>
                    </div>
                }.into_any(),
                Err(error) => view! { <Failure error retry=Callback::new(move |_| results.refetch()) /> }.into_any(),
            })}
        </Transition>
    }
}
