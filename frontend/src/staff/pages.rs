//! The editors' screens shared by all: the guard of staff pages, sign-in, the dashboard
//! (the lists of items, drafts and bin included), and the helpers forms share. The item
//! form is in `item_editor.rs`, tokens in `tokens.rs`, themes in `themes.rs`.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use passerelle_types::{EditorialStatus, EditorialSummary, FieldError};

use crate::components::*;
use crate::staff::api;
use crate::staff::bulk::BulkActions;
use crate::staff::editorial::{EditorKind, Events, Members, Publications};
use crate::staff::session::use_session;

/// Shown instead of a staff page to someone signed out.
#[component]
pub fn StaffOnly(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    move || {
        if !session.checked.get() {
            view! { <Loading what="de la session" /> }.into_any()
        } else if session.signed_in() {
            children().into_any()
        } else {
            view! {
                <h1 tabindex="-1">"Espace rédaction"</h1>
                <p>"Cette page est réservée à l'équipe. "<a href="/connexion">"Se connecter"</a></p>
            }
            .into_any()
        }
    }
}

/// A page for administrators only: its way back, its title, and its content for them alone.
#[component]
pub fn AdminPage(title: &'static str, children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let children = StoredValue::new(children);
    view! {
        <StaffOnly>
            <p><a href="/redaction">"← Espace rédaction"</a></p>
            <h1 tabindex="-1">{title}</h1>
            <Show when=move || session.is_admin() fallback=|| view! {
                <p>"Cette page est réservée aux administrateurs."</p>
            }>
                {children.read_value()()}
            </Show>
        </StaffOnly>
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        let (address, secret) = (email.get_untracked(), password.get_untracked());
        spawn_local(async move {
            match api::sign_in(address, secret).await {
                Ok(info) => {
                    session.info.set(Some(info));
                    session.checked.set(true);
                    navigate("/redaction", NavigateOptions::default());
                }
                Err(failure) => error.set(Some(failure.message())),
            }
            busy.set(false);
        });
    };
    view! {
        <h1 tabindex="-1">"Connexion à l'espace rédaction"</h1>
        <form class="editor-form narrow" on:submit=submit>
            {move || error.get().map(|message| view! { <div class="error" role="alert"><p>{message}</p></div> })}
            <p class="field">
                <label for="email">"Adresse électronique"</label>
                <input id="email" type="email" autocomplete="username" required bind:value=email />
            </p>
            <p class="field">
                <label for="password">"Mot de passe"</label>
                <input id="password" type="password" autocomplete="current-password" required bind:value=password />
            </p>
            <button type="submit" disabled=move || busy.get()>
                {move || if busy.get() { "Connexion…" } else { "Se connecter" }}
            </button>
        </form>
    }
}

pub(super) fn status_label(status: EditorialStatus, deleted: bool) -> &'static str {
    if deleted {
        "À la corbeille"
    } else {
        status.label()
    }
}

/// The kinds of items, as (client path segment, API segment, tab label, « new » label).
const KINDS: [(&str, &str, &str, &str); 3] = [
    (
        Publications::ROUTE,
        Publications::API,
        "Publications",
        "Nouvelle publication",
    ),
    (Events::ROUTE, Events::API, "Événements", "Nouvel événement"),
    (
        Members::ROUTE,
        Members::API,
        "Membres du réseau",
        "Nouveau membre",
    ),
];

/// Items per page of the dashboard.
const DASHBOARD_PAGE: u32 = 50;

/// `/redaction/:kind`, publications by default; `?corbeille` shows the bin, `?page=N` the
/// Nth page.
#[component]
pub fn Dashboard() -> impl IntoView {
    let params = use_params_map();
    let query = leptos_router::hooks::use_query_map();
    let kind = Memo::new(move |_| {
        let wanted = params.read().get("kind").unwrap_or_default();
        KINDS
            .iter()
            .copied()
            .find(|k| k.0 == wanted)
            .unwrap_or(KINDS[0])
    });
    let bin = Memo::new(move |_| query.read().get("corbeille").is_some());
    let page = Memo::new(move |_| {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1)
    });
    let list = LocalResource::new(move || {
        api::editorial_list(kind.get().1, bin.get(), page.get(), DASHBOARD_PAGE)
    });
    let session = use_session();
    let admin = move || session.is_admin();
    // A selection belongs to the page it was made on.
    let selected = RwSignal::new(Vec::<EditorialSummary>::new());
    Effect::new(move |_| {
        kind.track();
        bin.track();
        page.track();
        selected.set(Vec::new());
    });
    let is_selected = move |id: uuid::Uuid| selected.with(|s| s.iter().any(|item| item.id == id));
    view! {
        <StaffOnly>
            <h1 tabindex="-1">"Espace rédaction"</h1>
            <nav aria-label="Contenus" class="toggle">
                {KINDS.iter().map(|(route, _, label, _)| {
                    let route = *route;
                    view! {
                        <a class="button" href=format!("/redaction/{route}")
                            aria-current=move || (kind.get().0 == route && !bin.get()).then_some("page")>{*label}</a>
                    }
                }).collect_view()}
                <a class="button" href=move || format!("/redaction/{}?corbeille", kind.get().0)
                    aria-current=move || bin.get().then_some("page")>"Corbeille"</a>
                <a class="button" href="/redaction/themes">"Thèmes"</a>
                <a class="button" href="/redaction/jetons">"Jetons d'API"</a>
                // A file to download, not a page of the client: the router leaves it alone.
                <Show when=admin>
                    <a class="button" href="/redaction/equipe">"Équipe"</a>
                    <a class="button" href="/redaction/journal">"Journal"</a>
                    <a class="button" href="/redaction/import">"Importer l'annuaire"</a>
                    <a class="button" href="/api/v1/archive" download="" rel="external">"Sauvegarde complète (.tar)"</a>
                </Show>
            </nav>
            <p class="actions">
                <a class="button" href=move || format!("/redaction/{}/nouveau", kind.get().0)>{move || kind.get().3}</a>
            </p>
            <BulkActions selected plural=Signal::derive(move || kind.get().1) bin
                done=Callback::new(move |()| list.refetch()) />
            <Transition fallback=|| view! { <Loading what="des contenus" /> }>
                {move || list.get().map(|result| match result {
                    Ok(list) if list.items.is_empty() => view! {
                        <p class="empty">{if bin.get_untracked() { "La corbeille est vide." } else { "Rien pour l'instant." }}</p>
                    }.into_any(),
                    Ok(list) => {
                        let route = kind.get_untracked().0;
                        let on_page = StoredValue::new(list.items.clone());
                        let all_selected = move || on_page.with_value(|items| items.iter().all(|item| is_selected(item.id)));
                        let select_all = move |_| {
                            let everything = !all_selected();
                            selected.set(if everything { on_page.get_value() } else { Vec::new() });
                        };
                        view! {
                            <div class="table-scroll"><table class="editorial">
                                <caption class="count">{format!("{} élément(s)", list.page.total)}</caption>
                                <thead><tr>
                                    <th scope="col"><input type="checkbox" aria-label="Tout sélectionner sur cette page"
                                        prop:checked=all_selected on:change=select_all /></th>
                                    <th scope="col">"Titre"</th><th scope="col">"État"</th><th scope="col">"Modifié le"</th>
                                </tr></thead>
                                <tbody>
                                    {list.items.into_iter().map(|item| view! {
                                        <tr>
                                            <td>{
                                                let chosen = item.clone();
                                                view! {
                                                    <input type="checkbox" aria-label=format!("Sélectionner « {} »", item.title)
                                                        prop:checked=move || is_selected(chosen.id)
                                                        on:change=move |_| selected.update(|s| {
                                                            match s.iter().position(|x| x.id == chosen.id) {
                                                                Some(at) => { s.remove(at); }
                                                                None => s.push(chosen.clone()),
                                                            }
                                                        }) />
                                                }
                                            }</td>
                                            <td><a href=format!("/redaction/{route}/{}", item.id)>{item.title}</a></td>
                                            <td>{status_label(item.status, item.deleted_at.is_some())}</td>
                                            <td>{item.updated_at.format("%d/%m/%Y").to_string()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                            <Pager page=list.page />
                        }.into_any()
                    }
                    Err(error) => view! { <Failure error retry=Callback::new(move |()| list.refetch()) /> }.into_any(),
                })}
            </Transition>
        </StaffOnly>
    }
}

/// The message of a field, if any.
pub(super) fn message_for(errors: &[FieldError], field: &str) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == field || e.field.starts_with(&format!("{field}[")))
        .map(|e| e.message.clone())
}

pub(super) fn toggle(values: &mut Vec<String>, value: &str) {
    if let Some(position) = values.iter().position(|v| v == value) {
        values.remove(position);
    } else {
        values.push(value.to_owned());
    }
}

/// After a refused save, the first field in error takes the focus.
pub(super) fn focus_first_error() {
    request_animation_frame(|| {
        use wasm_bindgen::JsCast;
        if let Some(element) = document()
            .query_selector("[aria-invalid=\"true\"]")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    });
}
