//! The three lists: search as you type, filters with live counts, pages; all in the URL.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use passerelle_types::{EventSort, MemberSort, PublicationSort};

use crate::api;
use crate::components::*;
use crate::{format, url};

#[component]
pub fn Publications() -> impl IntoView {
    let location = use_location();
    let list = LocalResource::new(move || api::publications(location.search.get()));
    view! {
        <h1 tabindex="-1">"Publications"</h1>
        <p class="lede">
            "États des lieux, guides, dossiers thématiques, documents de capitalisation et vidéos."
        </p>
        <SearchBox label="Rechercher une publication" placeholder="égalité, renouvellement urbain…" />
        <Transition fallback=|| view! { <Loading what="des publications" /> }>
            {move || list.get().map(|result| match result {
                Ok(list) => view! {
                    <div class="with-filters">
                        <Filters>
                            <FacetGroup title="Type" param="kind" values=list.facets.kind />
                            <FacetGroup title="Thème" param="theme" values=list.facets.theme />
                            <FacetGroup title="Territoire" param="territory" values=list.facets.territory />
                            <FacetGroup title="Année" param="year" values=list.facets.year />
                            <DateRange />
                        </Filters>
                        <Results
                            count=format::count(list.page.total, "publication", "publications")
                            page=list.page
                            empty=list.items.is_empty().then(|| view! { "Aucune publication ne correspond à ces critères." }.into_any())
                        >
                                <SortSelect options=PublicationSort::ALL default=PublicationSort::DateDesc />
                            <ul class="cards">
                                {list.items.into_iter().map(|item| view! { <PublicationCard item /> }).collect_view()}
                            </ul>
                        </Results>
                        <Reuse selection=Selection::Publications />
                    </div>
                }.into_any(),
                Err(error) => view! { <Failure error retry=Callback::new(move |_| list.refetch()) /> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
pub fn Events() -> impl IntoView {
    let location = use_location();
    // Upcoming events unless the address asks for others.
    let list = LocalResource::new(move || {
        let search = location.search.get();
        let search = if url::value(&search, "when").is_some() {
            search
        } else {
            url::with(&search, "when", "upcoming")
        };
        api::events(search)
    });
    view! {
        <h1 tabindex="-1">"Événements"</h1>
        <p class="lede">"Rencontres, séminaires, formations et webinaires du réseau."</p>
        <SearchBox label="Rechercher un événement" placeholder="conseils citoyens, formation…" />
        <Transition fallback=|| view! { <Loading what="des événements" /> }>
            {move || list.get().map(|result| match result {
                Ok(list) => view! {
                    <div class="with-filters">
                        <Filters>
                            <PeriodChoice />
                            <FacetGroup title="Type" param="kind" values=list.facets.kind />
                            <FacetGroup title="Thème" param="theme" values=list.facets.theme />
                            <FacetGroup title="Territoire" param="territory" values=list.facets.territory />
                            <FacetGroup title="Année" param="year" values=list.facets.year />
                            <DateRange />
                        </Filters>
                        <Results
                            count=format::count(list.page.total, "événement", "événements")
                            page=list.page
                            empty=list.items.is_empty().then(|| {
                                let search = location.search.get_untracked();
                                if url::value(&search, "when").is_none() {
                                    view! { <LatestPast search /> }.into_any()
                                } else {
                                    view! {
                                        <p>
                                            "Aucun événement ne correspond à ces critères. "
                                            <a href="/evenements?when=past">"Voir les événements passés"</a>
                                        </p>
                                    }.into_any()
                                }
                            })
                        >
                            <SortSelect
                                options=EventSort::ALL
                                default=if url::value(&location.search.get_untracked(), "when").is_some_and(|w| w != "upcoming") {
                                    EventSort::DateDesc
                                } else {
                                    EventSort::DateAsc
                                }
                            />
                            <ul class="cards">
                                {list.items.into_iter().map(|item| view! { <EventCard item /> }).collect_view()}
                            </ul>
                        </Results>
                        <Reuse selection=Selection::Events />
                    </div>
                }.into_any(),
                Err(error) => view! { <Failure error retry=Callback::new(move |_| list.refetch()) /> }.into_any(),
            })}
        </Transition>
    }
}

/// When nothing is upcoming, the page says so and shows the latest past events with the
/// same filters, as the home page does, instead of an empty list.
#[component]
fn LatestPast(search: String) -> impl IntoView {
    let past = url::with(&search, "when", "past");
    let all_past = url::href("/evenements", &past);
    let recent = LocalResource::new(move || api::events(url::with(&past, "limit", "5")));
    view! {
        <p>"Aucun événement annoncé pour le moment. Les derniers en date :"</p>
        <Transition fallback=|| view! { <Loading what="des événements passés" /> }>
            {move || recent.get().map(|r| match r {
                Ok(list) => view! {
                    <ul class="cards">{list.items.into_iter().map(|item| view! { <EventCard item /> }).collect_view()}</ul>
                }.into_any(),
                Err(error) => view! { <Failure error retry=Callback::new(move |_| recent.refetch()) /> }.into_any(),
            })}
        </Transition>
        <p><a href=all_past>"Tous les événements passés"</a></p>
    }
}

#[component]
pub fn Members() -> impl IntoView {
    let location = use_location();
    let list = LocalResource::new(move || api::members(location.search.get()));
    view! {
        <h1 tabindex="-1">"Réseau"</h1>
        <p class="lede">
            "Conseils citoyens, associations, collectivités, services de l'État et partenaires."
        </p>
        <SearchBox label="Rechercher un membre du réseau" placeholder="Narbonne, association…" />
        <Transition fallback=|| view! { <Loading what="du réseau" /> }>
            {move || list.get().map(|result| match result {
                Ok(list) => view! {
                    <div class="with-filters">
                        <Filters>
                            <FacetGroup title="Type de structure" param="kind" values=list.facets.kind />
                            <FacetGroup title="Thème" param="theme" values=list.facets.theme />
                            <FacetGroup title="Territoire" param="territory" values=list.facets.territory />
                        </Filters>
                        <Results
                            count=format::count(list.page.total, "membre", "membres")
                            page=list.page
                            empty=list.items.is_empty().then(|| view! { "Aucun membre ne correspond à ces critères." }.into_any())
                        >
                                <SortSelect options=MemberSort::ALL default=MemberSort::Name />
                            <ul class="cards">
                                {list.items.into_iter().map(|item| view! { <MemberCard item /> }).collect_view()}
                            </ul>
                        </Results>
                        <Reuse selection=Selection::Members />
                    </div>
                }.into_any(),
                Err(error) => view! { <Failure error retry=Callback::new(move |_| list.refetch()) /> }.into_any(),
            })}
        </Transition>
    }
}
