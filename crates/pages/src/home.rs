//! The home page, as `frontend/src/pages/home.rs` draws it.

use maud::html;
use passerelle_types::{EventList, MemberList, PublicationList};

use crate::parts::{cards, event_card, publication_card};
use crate::Page;

/// The four answers the home page shows.
pub struct HomeAnswers<'a> {
    pub latest: &'a PublicationList,
    pub upcoming: &'a EventList,
    pub recent: &'a EventList,
    pub network: &'a MemberList,
}

pub fn home(a: &HomeAnswers) -> Page {
    let title = "Le centre de ressources politique de la ville";
    Page::new(
        title,
        html! {
            h1 tabindex="-1" { (title) }
            form.search-box role="search" action="/recherche" method="get" {
                label for="home-q" { "Rechercher dans les publications, les événements et le réseau" }
                input id="home-q" name="q" type="search" maxlength="200" placeholder="égalité femmes-hommes, conseils citoyens…";
                button type="submit" { "Rechercher" }
            }
            section aria-labelledby="latest" {
                h2 #latest { "Dernières publications" }
                (cards(&a.latest.items, publication_card))
                p { a href="/publications" { "Toutes les publications" } }
            }
            section aria-labelledby="agenda" {
                h2 #agenda { "Événements à venir" }
                @if a.upcoming.items.is_empty() {
                    p.empty { "Aucun événement annoncé pour le moment. Les derniers en date :" }
                    (cards(&a.recent.items, event_card))
                } @else {
                    (cards(&a.upcoming.items, event_card))
                }
                p { a href="/evenements" { "Tous les événements" } }
            }
            section aria-labelledby="reseau" {
                h2 #reseau { "Le réseau en un coup d'œil" }
                p { (a.network.page.total) " membres, dont :" }
                ul.glance {
                    @for t in a.network.facets.territory.iter().filter(|t| t.value.starts_with("departement-")) {
                        li { a href={ "/reseau?territory=" (t.value) } { (t.label) " : " (t.count) } }
                    }
                }
                p { a href="/reseau" { "Tout le réseau" } }
            }
        },
    )
}
