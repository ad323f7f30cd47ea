//! The lists, the search and the « page introuvable », as `frontend/src/pages/lists.rs`,
//! `search.rs` and `not_found.rs` draw them.

use maud::{html, Markup};
use passerelle_types::address;
use passerelle_types::wording::count;
use passerelle_types::{
    EventList, EventSort, MemberList, MemberSort, PublicationList, PublicationSort, SearchResults,
};

pub use crate::parts::Address;
use crate::parts::*;
use crate::Page;

fn list_page(title: &str, lede: Option<&str>, search: Markup, body: Markup) -> Page {
    Page::new(
        title,
        html! {
            h1 tabindex="-1" { (title) }
            @if let Some(lede) = lede { p.lede { (lede) } }
            (search)
            div.with-filters { (body) }
        },
    )
}

pub fn publications(here: &Address, list: &PublicationList, origin: &str) -> Page {
    let f = &list.facets;
    list_page(
        "Publications",
        Some(
            "États des lieux, guides, dossiers thématiques, documents de capitalisation et vidéos.",
        ),
        search_box(
            here,
            "Rechercher une publication",
            "égalité, renouvellement urbain…",
        ),
        html! {
            (filters(here, html! {
                (facet_groups(&[("Type", "kind", &f.kind), ("Thème", "theme", &f.theme), ("Territoire", "territory", &f.territory), ("Année", "year", &f.year)]))
                (date_range(here))
            }))
            (results(
                here,
                count(list.page.total, "publication", "publications"),
                &list.page,
                list.items.is_empty().then(|| html! { "Aucune publication ne correspond à ces critères." }),
                html! {
                    (sort_select(here, PublicationSort::ALL, PublicationSort::DateDesc))
                    (cards(&list.items, publication_card))
                },
            ))
            (reuse(&Reuse { api: "publications", calendar: false, feed: true, widget: Some(("publications", "Dernières publications")) }, here.search, origin))
        },
    )
}

/// The events list; `past` holds the latest past events with the same filters, shown when
/// nothing is upcoming and the address did not ask for a period.
pub fn events(here: &Address, list: &EventList, past: Option<&EventList>, origin: &str) -> Page {
    let f = &list.facets;
    let period_asked = address::value(here.search, "when").is_some();
    let empty = list.items.is_empty().then(|| match past {
        Some(past) if !period_asked => {
            let all_past =
                address::href("/evenements", &address::with(here.search, "when", "past"));
            html! {
                p { "Aucun événement annoncé pour le moment. Les derniers en date :" }
                (cards(&past.items, event_card))
                p { a href=(all_past) { "Tous les événements passés" } }
            }
        }
        _ => html! {
            p {
                "Aucun événement ne correspond à ces critères. "
                a href="/evenements?when=past" { "Voir les événements passés" }
            }
        },
    });
    let default_sort = if address::value(here.search, "when").is_some_and(|w| w != "upcoming") {
        EventSort::DateDesc
    } else {
        EventSort::DateAsc
    };
    let shared = if period_asked {
        here.search.to_owned()
    } else {
        address::with(here.search, "when", "upcoming")
    };
    list_page(
        "Événements",
        Some("Rencontres, séminaires, formations et webinaires du réseau."),
        search_box(
            here,
            "Rechercher un événement",
            "conseils citoyens, formation…",
        ),
        html! {
            (filters(here, html! {
                (period_choice(here))
                (facet_groups(&[("Type", "kind", &f.kind), ("Thème", "theme", &f.theme), ("Territoire", "territory", &f.territory), ("Année", "year", &f.year)]))
                (date_range(here))
            }))
            (results(
                here,
                count(list.page.total, "événement", "événements"),
                &list.page,
                empty,
                html! {
                    (sort_select(here, EventSort::ALL, default_sort))
                    (cards(&list.items, event_card))
                },
            ))
            (reuse(&Reuse { api: "events", calendar: true, feed: true, widget: Some(("evenements", "Prochains événements")) }, &shared, origin))
        },
    )
}

pub fn members(here: &Address, list: &MemberList, origin: &str) -> Page {
    let f = &list.facets;
    list_page(
        "Réseau",
        Some("Conseils citoyens, associations, collectivités, services de l'État et partenaires."),
        search_box(
            here,
            "Rechercher un membre du réseau",
            "Narbonne, association…",
        ),
        html! {
            (filters(here, html! {
                (facet_groups(&[("Type de structure", "kind", &f.kind), ("Thème", "theme", &f.theme), ("Territoire", "territory", &f.territory)]))
            }))
            (results(
                here,
                count(list.page.total, "membre", "membres"),
                &list.page,
                list.items.is_empty().then(|| html! { "Aucun membre ne correspond à ces critères." }),
                html! {
                    (sort_select(here, MemberSort::ALL, MemberSort::Name))
                    (cards(&list.items, member_card))
                },
            ))
            (reuse(&Reuse { api: "members", calendar: false, feed: false, widget: None }, here.search, origin))
        },
    )
}

pub fn search(here: &Address, results_: &SearchResults) -> Page {
    let f = &results_.facets;
    Page::new(
        "Recherche",
        html! {
            h1 tabindex="-1" { "Recherche" }
            (search_box(here, "Rechercher dans tout le contenu", "égalité femmes-hommes, Nîmes…"))
            div.with-filters {
                (filters(here, html! {
                    (facet_groups(&[("Contenu", "type", &f.item_type), ("Type", "kind", &f.kind), ("Thème", "theme", &f.theme), ("Territoire", "territory", &f.territory), ("Année", "year", &f.year)]))
                }))
                (results(
                    here,
                    count(results_.page.total, "résultat", "résultats"),
                    &results_.page,
                    results_.items.is_empty().then(|| html! { "Aucun résultat. Essayez d'autres mots ou retirez un filtre." }),
                    html! {
                        ul.hits {
                            @for hit in &results_.items {
                                @let meta = [Some(hit.kind_label.clone()), hit.date.map(passerelle_types::french_date).or(hit.year.map(|y| y.to_string()))]
                                    .into_iter().flatten().collect::<Vec<_>>().join(" · ");
                                li.card {
                                    p.kind { (meta) }
                                    h2 { a href={ (hit.item_type.section()) "/" (hit.slug) } { (hit.title) } }
                                    p { (snippet(&hit.snippet)) }
                                }
                            }
                        }
                    },
                ))
            }
        },
    )
}

pub fn not_found() -> Page {
    Page::new(
        "Page introuvable",
        html! {
            h1 tabindex="-1" { "Page introuvable" }
            p { "Cette adresse ne correspond à aucune page de Passerelle." }
            p { a href="/" { "Revenir à l'accueil" } " ou " a href="/recherche" { "lancer une recherche" } "." }
        },
    )
}

/// A list whose address holds a parameter the API refuses, as the client says it.
pub fn invalid_address(title: &str, message: &str) -> Page {
    Page::new(
        title,
        html! {
            h1 tabindex="-1" { (title) }
            div.error role="alert" { p { "Adresse invalide : " (message) } }
        },
    )
}
