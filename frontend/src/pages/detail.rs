//! Detail pages: the item, its related items and links; a real 404 when it does not exist.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use passerelle_types::{Attachment, Event, Link, Member, Publication, Territory, Theme};

use crate::api::{self, ApiError};
use crate::components::*;
use crate::format;
use crate::pages::NotFound;

fn slug() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("slug").unwrap_or_default())
}

fn failure(error: ApiError, retry: Callback<()>) -> AnyView {
    if error.is_not_found() {
        view! { <NotFound /> }.into_any()
    } else {
        view! { <Failure error retry /> }.into_any()
    }
}

fn facts(themes: Vec<Theme>, territories: Vec<Territory>) -> impl IntoView {
    let places = territories
        .into_iter()
        .map(|t| t.name)
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <dl class="facts">
            {(!places.is_empty()).then(|| view! { <dt>"Territoires"</dt><dd>{places}</dd> })}
            {(!themes.is_empty()).then(|| view! {
                <dt>"Thèmes"</dt>
                <dd>{themes.into_iter().map(|t| t.label).collect::<Vec<_>>().join(", ")}</dd>
            })}
        </dl>
    }
}

/// Related items as a list of links, each with the role it played.
fn related(title: &'static str, items: Vec<(String, String, &'static str)>) -> impl IntoView {
    (!items.is_empty()).then(|| {
        view! {
            <section>
                <h2>{title}</h2>
                <ul>{items.into_iter().map(|(href, name, role)| view! {
                    <li><a href=href>{name}</a>{format!(" — {role}")}</li>
                }).collect_view()}</ul>
            </section>
        }
    })
}

fn documents(attachments: Vec<Attachment>) -> impl IntoView {
    (!attachments.is_empty()).then(|| {
        view! {
            <section>
                <h2>"Documents à télécharger"</h2>
                <ul>{attachments.into_iter().map(|a| {
                    let size = format::file_size(a.size_bytes);
                    view! { <li><a href=a.url>{a.file_name}</a>{format!(" ({size})")}</li> }
                }).collect_view()}</ul>
            </section>
        }
    })
}

/// Keywords, each a search of the publications that have it.
fn keywords(keywords: Vec<String>) -> impl IntoView {
    (!keywords.is_empty()).then(|| view! {
        <section>
            <h2>"Mots-clés"</h2>
            <ul class="keywords">{keywords.into_iter().map(|keyword| {
                let query = passerelle_types::PublicationQuery { q: keyword.clone(), ..Default::default() };
                view! { <li><a href=format!("/publications?{}", query.to_query_string())>{keyword}</a></li> }
            }).collect_view()}</ul>
        </section>
    })
}

fn links(links: Vec<Link>) -> impl IntoView {
    (!links.is_empty()).then(|| view! {
        <section>
            <h2>"Documents et liens"</h2>
            <ul>{links.into_iter().map(|l| view! { <li><a href=l.url>{l.label}</a></li> }).collect_view()}</ul>
        </section>
    })
}

/// A detail reached inside the client has no server-written head: fetch its schema.org
/// description and put it there (marked, to go at the next navigation, like the server's).
fn describe_in_head(api_path: String) {
    let present = document()
        .query_selector("script[type=\"application/ld+json\"]")
        .ok()
        .flatten()
        .is_some();
    if present {
        return;
    }
    leptos::task::spawn_local(async move {
        let Some(json) = api::linked_data(api_path).await else {
            return;
        };
        let Ok(script) = document().create_element("script") else {
            return;
        };
        let _ = script.set_attribute("type", "application/ld+json");
        let _ = script.set_attribute("data-apercu", "");
        script.set_text_content(Some(&json));
        if let Some(head) = document().query_selector("head").ok().flatten() {
            let _ = head.append_child(&script);
        }
    });
}

#[component]
pub fn PublicationPage() -> impl IntoView {
    let slug = slug();
    let item = LocalResource::new(move || api::publication(slug.get()));
    view! {
        <Transition fallback=|| view! { <Loading what="de la publication" /> }>
            {move || item.get().map(|result| match result {
                Ok(p) => {
                    describe_in_head(format!("/api/v1/publications/{}", p.summary.id));
                    publication_article(p)
                }
                Err(error) => failure(error, Callback::new(move |_| item.refetch())),
            })}
        </Transition>
    }
}

#[component]
pub fn EventPage() -> impl IntoView {
    let slug = slug();
    let item = LocalResource::new(move || api::event(slug.get()));
    view! {
        <Transition fallback=|| view! { <Loading what="de l'événement" /> }>
            {move || item.get().map(|result| match result {
                Ok(e) => {
                    describe_in_head(format!("/api/v1/events/{}", e.summary.id));
                    let slug = e.summary.slug.clone();
                    event_article(e, view! { <Registrations slug /> })
                }
                Err(error) => failure(error, Callback::new(move |_| item.refetch())),
            })}
        </Transition>
    }
}

/// Whether and where to register: the places left, and the way to the form (another
/// bundle, loaded only by those who register) or to the organiser's site — a fragment the
/// server writes (`Accept: text/html`): any typed answer would cost the public bundle
/// kilobytes.
#[component]
fn Registrations(slug: String) -> impl IntoView {
    let url = format!("/api/v1/events/{}/registration", api::segment(&slug));
    let html = RwSignal::new(String::new());
    leptos::task::spawn_local(async move {
        if let Some(fragment) = api::text(&url, "text/html").await {
            html.set(fragment);
        }
    });
    view! { <div class="registration" inner_html=html></div> }
}

#[component]
pub fn MemberPage() -> impl IntoView {
    let slug = slug();
    let item = LocalResource::new(move || api::member(slug.get()));
    view! {
        <Transition fallback=|| view! { <Loading what="du membre" /> }>
            {move || item.get().map(|result| match result {
                Ok(m) => {
                    describe_in_head(format!("/api/v1/members/{}", m.summary.id));
                    member_article(m)
                }
                Err(error) => failure(error, Callback::new(move |_| item.refetch())),
            })}
        </Transition>
    }
}

/// A publication as its page shows it (also the team's preview of it).
pub(crate) fn publication_article(p: Publication) -> AnyView {
    let s = p.summary;
    let date = format::publication_date(s.publication_date, s.year);
    view! {
        <article>
            <p class="kind">{s.kind.label()}{date.map(|d| format!(" · {d}"))}</p>
            <h1 tabindex="-1">{s.title}</h1>
            <p class="lede">{s.summary}</p>
            {facts(s.themes, s.territories)}
            <div class="body" inner_html=p.body_html></div>
            {links(p.links)}
            {documents(p.attachments)}
            {keywords(p.keywords)}
            {related("Structures impliquées", p.organizations.into_iter()
                .map(|o| (format!("/reseau/{}", o.member.slug), o.member.name, o.role.label()))
                .collect())}
            {(!p.events.is_empty()).then(|| view! {
                <section>
                    <h2>"Événements liés"</h2>
                    <ul class="cards">{p.events.into_iter().map(|item| view! { <EventCard item /> }).collect_view()}</ul>
                </section>
            })}
        </article>
    }.into_any()
}

/// An event as its page shows it (also the team's preview of it).
pub(crate) fn event_article(e: Event, registration: impl IntoView + 'static) -> AnyView {
    let s = e.summary;
    let venue = s.venue.as_ref().map(format::venue);
    view! {
        <article>
            <p class="kind">{s.kind.label()}{(s.status != passerelle_types::EventStatus::Scheduled).then(|| format!(" · {}", s.status.label()))}</p>
            <h1 tabindex="-1">{s.title}</h1>
            <p class="when">
                {format::schedule(&s.schedule)}
                {s.schedule.start_time.is_some().then_some(" (heure de Paris)")}
            </p>
            {venue.filter(|v| !v.is_empty()).map(|v| view! { <p class="where">{format!("Lieu : {v}")}</p> })}
            {s.online_url.map(|url| view! { <p class="where"><a href=url>"Rejoindre la réunion en ligne"</a></p> })}
            {s.schedule.start_date.is_some().then(|| view! {
                <p><a href=format!("/api/v1/events/{}.ics", s.slug) rel="external">"Ajouter à mon agenda"</a></p>
            })}
            {registration}
            <p class="lede">{s.summary}</p>
            {facts(s.themes, s.territories)}
            <div class="body" inner_html=e.body_html></div>
            {links(e.links)}
            {related("Structures impliquées", e.organizations.into_iter()
                .map(|o| (format!("/reseau/{}", o.member.slug), o.member.name, o.role.label()))
                .collect())}
            {(!e.publications.is_empty()).then(|| view! {
                <section>
                    <h2>"Publications liées"</h2>
                    <ul class="cards">{e.publications.into_iter().map(|item| view! { <PublicationCard item /> }).collect_view()}</ul>
                </section>
            })}
        </article>
    }.into_any()
}

/// A member as its page shows it (also the team's preview of it).
pub(crate) fn member_article(m: Member) -> AnyView {
    let s = m.summary;
    view! {
        <article>
            <p class="kind">{s.kind.label()}</p>
            <h1 tabindex="-1">{s.name}</h1>
            {facts(s.themes, s.territories)}
            <div class="body" inner_html=m.description_html></div>
            {m.website.map(|w| view! { <p><a href=w.clone()>{format!("Site internet : {w}")}</a></p> })}
            {m.contact.map(|c| view! {
                <section>
                    <h2>"Contact"</h2>
                    {c.email.map(|e| view! { <p><a href=format!("mailto:{e}")>{e.clone()}</a></p> })}
                    {c.phone.map(|p| view! { <p>{p}</p> })}
                </section>
            })}
            {related("Publications", m.publications.into_iter()
                .map(|p| (format!("/publications/{}", p.publication.slug), p.publication.title, p.role.label()))
                .collect())}
            {related("Événements", m.events.into_iter()
                .map(|e| (format!("/evenements/{}", e.event.slug), e.event.title, e.role.label()))
                .collect())}
        </article>
    }.into_any()
}
