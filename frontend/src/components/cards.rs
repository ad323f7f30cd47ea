use leptos::prelude::*;
use passerelle_types::{EventSummary, MemberSummary, PublicationSummary, Theme};

use crate::format;

fn themes(themes: Vec<Theme>) -> impl IntoView {
    view! {
        <ul class="tags" aria-label="Thèmes">
            {themes.into_iter().map(|t| view! { <li>{t.label}</li> }).collect_view()}
        </ul>
    }
}

fn places(names: impl Iterator<Item = String>) -> String {
    names.collect::<Vec<_>>().join(", ")
}

#[component]
pub fn PublicationCard(item: PublicationSummary) -> impl IntoView {
    let meta = [
        format::publication_date(item.publication_date, item.year).unwrap_or_default(),
        places(item.territories.iter().map(|t| t.name.clone())),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(" · ");
    view! {
        <li class="card">
            <p class="kind">{item.kind.label()}</p>
            <h2><a href=format!("/publications/{}", item.slug)>{item.title}</a></h2>
            {(!meta.is_empty()).then(|| view! { <p class="meta">{meta}</p> })}
            <p>{item.summary}</p>
            {themes(item.themes)}
        </li>
    }
}

#[component]
pub fn EventCard(item: EventSummary) -> impl IntoView {
    let place = item.venue.as_ref().and_then(|v| {
        v.commune
            .as_ref()
            .map(|c| c.name.clone())
            .or(v.name.clone())
    });
    let meta = [Some(format::schedule(&item.schedule)), place]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <li class="card">
            <p class="kind">{item.kind.label()}</p>
            <h2><a href=format!("/evenements/{}", item.slug)>{item.title}</a></h2>
            <p class="meta">{meta}</p>
            <p>{item.summary}</p>
            {themes(item.themes)}
        </li>
    }
}

#[component]
pub fn MemberCard(item: MemberSummary) -> impl IntoView {
    let meta = places(item.territories.iter().map(|t| t.name.clone()));
    view! {
        <li class="card">
            <p class="kind">{item.kind.label()}</p>
            <h2><a href=format!("/reseau/{}", item.slug)>{item.name}</a></h2>
            {(!meta.is_empty()).then(|| view! { <p class="meta">{meta}</p> })}
            {themes(item.themes)}
        </li>
    }
}
