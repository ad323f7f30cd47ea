//! Pieces shared by the pages, each as its client component draws it
//! (`frontend/src/components/`): cards, filters, results, pages, search box, reuse.

use maud::{html, Markup, PreEscaped};
use passerelle_types::address::{self, href, with};
use passerelle_types::wording::{publication_date, schedule};
use passerelle_types::{
    EventSummary, FacetValue, MemberSummary, PageInfo, PublicationSummary, Theme, Vocabulary,
};

fn tags(themes: &[Theme]) -> Markup {
    html! {
        ul.tags aria-label="Thèmes" { @for t in themes { li { (t.label) } } }
    }
}

fn joined(parts: impl IntoIterator<Item = String>, separator: &str) -> String {
    parts
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(separator)
}

pub fn publication_card(item: &PublicationSummary) -> Markup {
    let meta = joined(
        [
            publication_date(item.publication_date, item.year).unwrap_or_default(),
            joined(item.territories.iter().map(|t| t.name.clone()), ", "),
        ],
        " · ",
    );
    html! {
        li.card {
            p.kind { (item.kind.label()) }
            h2 { a href={ "/publications/" (item.slug) } { (item.title) } }
            @if !meta.is_empty() { p.meta { (meta) } }
            p { (item.summary) }
            (tags(&item.themes))
        }
    }
}

pub fn event_card(item: &EventSummary) -> Markup {
    let place = item.venue.as_ref().and_then(|v| {
        v.commune
            .as_ref()
            .map(|c| c.name.clone())
            .or(v.name.clone())
    });
    let meta = joined(
        [Some(schedule(&item.schedule)), place]
            .into_iter()
            .flatten(),
        " · ",
    );
    html! {
        li.card {
            p.kind { (item.kind.label()) }
            h2 { a href={ "/evenements/" (item.slug) } { (item.title) } }
            p.meta { (meta) }
            p { (item.summary) }
            (tags(&item.themes))
        }
    }
}

pub fn member_card(item: &MemberSummary) -> Markup {
    let meta = joined(item.territories.iter().map(|t| t.name.clone()), ", ");
    html! {
        li.card {
            p.kind { (item.kind.label()) }
            h2 { a href={ "/reseau/" (item.slug) } { (item.name) } }
            @if !meta.is_empty() { p.meta { (meta) } }
            (tags(&item.themes))
        }
    }
}

pub fn cards<T>(items: &[T], card: fn(&T) -> Markup) -> Markup {
    html! { ul.cards { @for item in items { (card(item)) } } }
}

/// Where a list is and what it shows: its path and its query string.
pub struct Address<'a> {
    pub path: &'a str,
    pub search: &'a str,
}

impl Address<'_> {
    fn with(&self, param: &str, value: &str) -> String {
        href(self.path, &with(self.search, param, value))
    }

    fn value(&self, param: &str) -> Option<String> {
        address::value(self.search, param)
    }

    /// The parameters a form must carry besides its own fields.
    fn hidden(&self, except: &[&str]) -> Markup {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(self.search).unwrap_or_default();
        html! {
            @for (name, value) in pairs.iter().filter(|(n, _)| !except.contains(&n.as_str()) && n != "page") {
                input type="hidden" name=(name) value=(value);
            }
        }
    }
}

/// The search box of a list (`SearchBox`): without the client, a GET form on the list.
pub fn search_box(here: &Address, label: &str, placeholder: &str) -> Markup {
    html! {
        form.search-box role="search" action=(here.path) method="get" {
            label for="q" { (label) }
            input #q name="q" type="search" autocomplete="off" maxlength="200"
                placeholder=(placeholder) value=(here.value("q").unwrap_or_default());
            (here.hidden(&["q"]))
        }
    }
}

/// The filter column (`Filters`, folded on narrow screens) as a GET form: the client
/// applies each change at once, a browser without it with the button.
pub fn filters(here: &Address, groups: Markup) -> Markup {
    html! {
        div.filters {
            button.filters-toggle type="button" aria-expanded="false" aria-controls="filtres" {
                "Afficher les filtres"
            }
            aside #filtres aria-label="Filtres" {
                form #filtres-form action=(here.path) method="get" {
                    (groups)
                    (here.hidden(&["theme", "kind", "territory", "year", "type", "from", "to", "when", "sort"]))
                    noscript { p { button type="submit" { "Appliquer les filtres" } } }
                }
            }
        }
    }
}

/// One filter: a checkbox per value with its count (`FacetGroup`).
pub fn facet_group(title: &str, param: &str, values: &[FacetValue]) -> Markup {
    html! {
        @if !values.is_empty() {
            fieldset.facet {
                legend { (title) }
                ul {
                    @for value in values {
                        @let id = format!("{param}-{}", value.value);
                        li {
                            input type="checkbox" id=(id) name=(param) value=(value.value) checked[value.selected];
                            label for=(id) {
                                (value.label)
                                span.facet-count { " (" (value.count) ")" }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Filters in their order: (title, parameter, values).
pub fn facet_groups(groups: &[(&str, &str, &[FacetValue])]) -> Markup {
    html! { @for (title, param, values) in groups { (facet_group(title, param, values)) } }
}

/// « Période » (`DateRange`).
pub fn date_range(here: &Address) -> Markup {
    html! {
        fieldset.facet.dates {
            legend { "Période" }
            p { label for="from" { "Du" } input #from name="from" type="date" value=(here.value("from").unwrap_or_default()); }
            p { label for="to" { "Au" } input #to name="to" type="date" value=(here.value("to").unwrap_or_default()); }
        }
    }
}

/// « Quand » of the events (`PeriodChoice`).
pub fn period_choice(here: &Address) -> Markup {
    let current = here.value("when").unwrap_or_else(|| "upcoming".to_owned());
    html! {
        fieldset.facet {
            legend { "Quand" }
            ul {
                @for (value, label) in [("upcoming", "À venir"), ("past", "Passés"), ("all", "Tous")] {
                    @let id = format!("when-{value}");
                    li {
                        input type="radio" name="when" id=(id) value=(value) checked[current == value];
                        label for=(id) { (label) }
                    }
                }
            }
        }
    }
}

/// The order of a list (`SortSelect`), part of the filters' form.
pub fn sort_select<T: Vocabulary>(here: &Address, options: &[T], default: T) -> Markup {
    let searching = here.value("q").is_some_and(|q| !q.is_empty());
    let current = here
        .value("sort")
        .unwrap_or_else(|| default.as_str().to_owned());
    html! {
        p.control {
            label for="sort" { "Trier" }
            select #sort name="sort" form="filtres-form" {
                @for o in options.iter().filter(|o| (o.as_str() != "relevance" || searching) && o.as_str() != "updated") {
                    option value=(o.as_str()) selected[current == o.as_str()] { (o.label()) }
                }
            }
        }
    }
}

/// Previous and next page (`Pager`).
pub fn pager(here: &Address, page: &PageInfo) -> Markup {
    html! {
        @if page.page_count > 1 {
            nav.pager aria-label="Pages de résultats" {
                @if page.page > 1 {
                    a href=(here.with("page", &(page.page - 1).to_string())) rel="prev" { "Page précédente" }
                }
                span { "Page " (page.page) " sur " (page.page_count) }
                @if page.page < page.page_count {
                    a href=(here.with("page", &(page.page + 1).to_string())) rel="next" { "Page suivante" }
                }
            }
        }
    }
}

/// The results column (`Results`): the count, the results or why there are none, the pages.
pub fn results(
    here: &Address,
    count: String,
    page: &PageInfo,
    empty: Option<Markup>,
    results: Markup,
) -> Markup {
    html! {
        section aria-label="Résultats" {
            p.count role="status" aria-live="polite" { (count) }
            @match empty {
                Some(message) => div.empty { (message) },
                None => (results),
            }
            (pager(here, page))
        }
    }
}

/// What a list can be reused as (`Reuse`): calendar, feed, table, widget.
pub struct Reuse {
    pub api: &'static str,
    pub calendar: bool,
    pub feed: bool,
    /// The widget's path under `/widgets/` and its title.
    pub widget: Option<(&'static str, &'static str)>,
}

pub fn reuse(reuse: &Reuse, filters_search: &str, origin: &str) -> Markup {
    let filters = address::filters(filters_search);
    let with_filters = |path: &str| href(path, &filters);
    let csv = href(
        &format!("/api/v1/{}", reuse.api),
        &with(&filters, "format", "csv"),
    );
    html! {
        details.reuse {
            summary { "Réutiliser cette sélection" }
            ul {
                @if reuse.calendar {
                    li { a href=(with_filters("/api/v1/events.ics")) rel="external" {
                        "S'abonner à ces événements dans un agenda (iCalendar)"
                    } }
                }
                @if reuse.feed {
                    li { a href=(with_filters(&format!("/api/v1/{}.atom", reuse.api))) rel="external" {
                        "Suivre ce fil d'actualité (Atom)"
                    } }
                }
                li { a href=(csv) rel="external" { "Télécharger le tableau (CSV)" } }
            }
            @if let Some((path, title)) = reuse.widget {
                p.reuse-code {
                    label for="code-integration" { "Intégrer cette sélection à votre site (code HTML)" }
                    textarea #code-integration readonly rows="5" {
                        (address::embed_code(origin, &with_filters(&format!("/widgets/{path}")), title))
                    }
                }
                p.reuse-copy {
                    button type="button" { "Copier le code" }
                    span role="status" aria-live="polite" {}
                }
            }
        }
    }
}

/// A search hit's snippet: escaped by the engine, with only `<mark>` added.
pub fn snippet(html: &str) -> Markup {
    PreEscaped(html.to_owned())
}
