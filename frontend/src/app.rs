//! The page layout and, for now, the list of publications.

use leptos::prelude::*;
use passerelle_types::{PublicationList, PublicationQuery, PublicationSummary};

use crate::api;
use crate::format;

#[component]
pub fn App() -> impl IntoView {
    let publications = LocalResource::new(|| api::publications(PublicationQuery::default()));
    view! {
        <a class="skip-link" href="#contenu">"Aller au contenu"</a>
        <header class="site-header">
            <div class="wrap">
                <a class="brand" href="/">"Passerelle"</a>
                <p class="tagline">"Centre de ressources politique de la ville"</p>
            </div>
        </header>
        <main id="contenu" class="wrap" tabindex="-1">
            <h1>"Publications"</h1>
            <p class="lede">
                "États des lieux, guides, dossiers thématiques, documents de capitalisation \
                 et vidéos du centre de ressources et de son réseau."
            </p>
            <Suspense fallback=|| {
                view! { <p class="status" role="status">"Chargement des publications…"</p> }
            }>
                {move || {
                    publications
                        .get()
                        .map(|result| match result {
                            Ok(list) => view! { <Publications list /> }.into_any(),
                            Err(error) => {
                                view! {
                                    <div class="error" role="alert">
                                        <p>{error.message()}</p>
                                        <button on:click=move |_| publications.refetch()>
                                            "Réessayer"
                                        </button>
                                    </div>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Suspense>
        </main>
        <footer>
            <div class="wrap">
                <p>
                    "Les données de Passerelle sont ouvertes : "
                    <a href="/api/docs/">"documentation de l'API"</a> "."
                </p>
            </div>
        </footer>
    }
}

#[component]
fn Publications(list: PublicationList) -> impl IntoView {
    let count = format::count(list.page.total, "publication", "publications");
    if list.items.is_empty() {
        return view! { <p class="status" role="status">"Aucune publication pour le moment."</p> }
            .into_any();
    }
    view! {
        <p class="count" role="status" aria-live="polite">{count}</p>
        <ul class="cards">
            {list.items.into_iter().map(|item| view! { <PublicationCard item /> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn PublicationCard(item: PublicationSummary) -> impl IntoView {
    let date = format::publication_date(item.publication_date, item.year);
    let places = item
        .territories
        .iter()
        .map(|t| t.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <li class="card">
            <p class="kind">{item.kind.label()}</p>
            <h2>{item.title}</h2>
            {(date.is_some() || !places.is_empty())
                .then(|| {
                    let text = [date.unwrap_or_default(), places]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(" · ");
                    view! { <p class="meta">{text}</p> }
                })}
            <p>{item.summary}</p>
            <ul class="tags" aria-label="Thèmes">
                {item.themes.into_iter().map(|t| view! { <li>{t.label}</li> }).collect_view()}
            </ul>
        </li>
    }
}
