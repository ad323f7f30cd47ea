use leptos::prelude::*;

use crate::api;
use crate::components::*;

#[component]
pub fn Home() -> impl IntoView {
    let latest = LocalResource::new(|| api::publications("limit=3".to_owned()));
    let upcoming = LocalResource::new(|| api::events("when=upcoming&limit=3".to_owned()));
    let recent = LocalResource::new(|| api::events("when=past&limit=3".to_owned()));
    let network = LocalResource::new(|| api::members("limit=1".to_owned()));
    view! {
        <h1 tabindex="-1">"Le centre de ressources politique de la ville"</h1>
        <form class="search-box" role="search" action="/recherche" method="get">
            <label for="home-q">"Rechercher dans les publications, les événements et le réseau"</label>
            <input id="home-q" name="q" type="search" maxlength="200" placeholder="égalité femmes-hommes, conseils citoyens…" />
            <button type="submit">"Rechercher"</button>
        </form>

        <section aria-labelledby="latest">
            <h2 id="latest">"Dernières publications"</h2>
            <Transition fallback=|| view! { <Loading what="des publications" /> }>
                {move || latest.get().map(|r| match r {
                    Ok(list) => view! {
                        <ul class="cards">{list.items.into_iter().map(|item| view! { <PublicationCard item /> }).collect_view()}</ul>
                    }.into_any(),
                    Err(error) => view! { <Failure error retry=Callback::new(move |_| latest.refetch()) /> }.into_any(),
                })}
            </Transition>
            <p><a href="/publications">"Toutes les publications"</a></p>
        </section>

        <section aria-labelledby="agenda">
            <h2 id="agenda">"Événements à venir"</h2>
            <Transition fallback=|| view! { <Loading what="des événements" /> }>
                {move || upcoming.get().map(|r| match r {
                    Ok(list) if list.items.is_empty() => view! {
                        <p class="empty">"Aucun événement annoncé pour le moment. Les derniers en date :"</p>
                        {move || recent.get().and_then(Result::ok).map(|list| view! {
                            <ul class="cards">{list.items.into_iter().map(|item| view! { <EventCard item /> }).collect_view()}</ul>
                        })}
                    }.into_any(),
                    Ok(list) => view! {
                        <ul class="cards">{list.items.into_iter().map(|item| view! { <EventCard item /> }).collect_view()}</ul>
                    }.into_any(),
                    Err(error) => view! { <Failure error retry=Callback::new(move |_| upcoming.refetch()) /> }.into_any(),
                })}
            </Transition>
            <p><a href="/evenements">"Tous les événements"</a></p>
        </section>

        <section aria-labelledby="reseau">
            <h2 id="reseau">"Le réseau en un coup d'œil"</h2>
            <Transition fallback=|| view! { <Loading what="du réseau" /> }>
                {move || network.get().map(|r| match r {
                    Ok(list) => view! {
                        <p>{format!("{} membres, dont :", list.page.total)}</p>
                        <ul class="glance">
                            {list.facets.territory.into_iter().filter(|t| t.value.starts_with("departement-")).map(|t| view! {
                                <li><a href=format!("/reseau?territory={}", t.value)>{format!("{} : {}", t.label, t.count)}</a></li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <Failure error retry=Callback::new(move |_| network.refetch()) /> }.into_any(),
                })}
            </Transition>
            <p><a href="/reseau">"Tout le réseau"</a></p>
        </section>
    }
}
