//! The editors' screens shared by all: the guard of staff pages, sign-in, the dashboard
//! (the lists of items, drafts and bin included), and the helpers forms share. The item
//! form is in `item_editor.rs`, tokens in `tokens.rs`, themes in `themes.rs`.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_navigate, use_params_map};
use passerelle_types::{
    EditorialQuery, EditorialSort, EditorialStatus, EditorialSummary, FieldError, ItemType,
};

use crate::components::*;
use crate::staff::api;
use crate::staff::bulk::BulkActions;
use crate::staff::combobox::{local_search, Choice, Combobox, LocalChoices};
use crate::staff::editorial::{EditorKind, Events, Members, Publications};
use crate::staff::session::use_session;
use crate::url;

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
                Ok(info) => session.opened(info, navigate),
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

/// A kind of item as the dashboard lists it.
#[derive(Clone, Copy, PartialEq)]
struct Listed {
    /// Path segment of the client and of the API.
    route: &'static str,
    api: &'static str,
    label: &'static str,
    new_label: &'static str,
    item: ItemType,
}

const KINDS: [Listed; 3] = [
    Listed {
        route: Publications::ROUTE,
        api: Publications::API,
        label: "Publications",
        new_label: "Nouvelle publication",
        item: ItemType::Publication,
    },
    Listed {
        route: Events::ROUTE,
        api: Events::API,
        label: "Événements",
        new_label: "Nouvel événement",
        item: ItemType::Event,
    },
    Listed {
        route: Members::ROUTE,
        api: Members::API,
        label: "Membres du réseau",
        new_label: "Nouveau membre",
        item: ItemType::Member,
    },
];

/// Items per page of the dashboard.
const DASHBOARD_PAGE: u32 = 50;

/// A filter of the dashboard chosen from a closed list; the empty value means « all ».
#[component]
fn FilterSelect(
    id: &'static str,
    label: &'static str,
    /// The parameter of the address (and of the API) it sets.
    param: &'static str,
    all: &'static str,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let location = use_location();
    let set = set_param(param);
    let current = move || url::value(&location.search.get(), param).unwrap_or_default();
    view! {
        <p class="control">
            <label for=id>{label}</label>
            <select id=id on:change=move |ev| set(event_target_value(&ev))>
                <option value="" selected=move || current().is_empty()>{all}</option>
                {move || options.get().into_iter().map(|(value, text)| {
                    let selected = value.clone();
                    view! { <option value=value selected=move || current() == selected>{text}</option> }
                }).collect_view()}
            </select>
        </p>
    }
}

/// `/redaction/:kind`, publications by default. The address holds the list's query, with
/// the API's own names (`q`, `status`, `deleted`, `kind`, `theme`, `territory`, `sort`,
/// `page`), so that a filtered list can be reloaded and shared within the team.
#[component]
pub fn Dashboard() -> impl IntoView {
    let params = use_params_map();
    let location = use_location();
    let kind = Memo::new(move |_| {
        let wanted = params.read().get("kind").unwrap_or_default();
        KINDS
            .iter()
            .copied()
            .find(|k| k.route == wanted)
            .unwrap_or(KINDS[0])
    });
    let query = Memo::new(move |_| {
        let search = location.search.get();
        let mut query: EditorialQuery =
            serde_urlencoded::from_str(search.trim_start_matches('?')).unwrap_or_default();
        query.limit = Some(DASHBOARD_PAGE);
        query
    });
    let bin = Memo::new(move |_| query.with(|q| q.deleted == Some(true)));
    let list = LocalResource::new(move || {
        let (plural, query) = (kind.get().api, query.get());
        async move { api::editorial_list(plural, &query).await }
    });
    let themes = LocalResource::new(api::themes);
    let territories = LocalResource::new(api::territories);
    let territory_choices = Memo::new(move |_| {
        territories
            .get()
            .map(|r| r.map(LocalChoices::territories).unwrap_or_default())
    });
    let set_territory = set_param("territory");
    let chosen_territory = Signal::derive(move || {
        let wanted = query.with(|q| q.territory.clone());
        match (wanted, territory_choices.get()) {
            (Some(id), Some(list)) => list.chosen(&[id]),
            _ => Vec::new(),
        }
    });
    let session = use_session();
    let admin = move || session.is_admin();
    // A selection belongs to the page it was made on.
    let selected = RwSignal::new(Vec::<EditorialSummary>::new());
    Effect::new(move |_| {
        kind.track();
        query.track();
        selected.set(Vec::new());
    });
    let is_selected = move |id: uuid::Uuid| selected.with(|s| s.iter().any(|item| item.id == id));
    let kind_label = move |slug: &str| {
        kind.get_untracked()
            .item
            .kinds()
            .into_iter()
            .find(|(value, _)| *value == slug)
            .map_or_else(|| slug.to_owned(), |(_, label)| label.to_owned())
    };
    let pick_territory = {
        let set = set_territory.clone();
        Callback::new(move |choice: Choice| set(choice.value))
    };
    let clear_territory = Callback::new(move |_: Choice| set_territory(String::new()));
    view! {
        <StaffOnly>
            <h1 tabindex="-1">"Espace rédaction"</h1>
            <nav aria-label="Contenus" class="toggle">
                {KINDS.iter().map(|listed| {
                    let route = listed.route;
                    view! {
                        <a class="button" href=format!("/redaction/{route}")
                            aria-current=move || (kind.get().route == route && !bin.get()).then_some("page")>{listed.label}</a>
                    }
                }).collect_view()}
                <a class="button" href=move || format!("/redaction/{}?deleted=true", kind.get().route)
                    aria-current=move || bin.get().then_some("page")>"Corbeille"</a>
                <a class="button" href="/redaction/themes">"Thèmes"</a>
                <a class="button" href="/redaction/jetons">"Jetons d'API"</a>
                <Show when=admin>
                    <a class="button" href="/redaction/equipe">"Équipe"</a>
                    <a class="button" href="/redaction/journal">"Journal"</a>
                    <a class="button" href="/redaction/bilan">"Bilan d'activité"</a>
                    <a class="button" href="/redaction/pages">"Pages du site"</a>
                    <a class="button" href="/redaction/import">"Importer l'annuaire"</a>
                    // A file to download, not a page of the client: the router leaves it alone.
                    <a class="button" href="/api/v1/archive" download="" rel="external">"Sauvegarde complète (.tar)"</a>
                </Show>
            </nav>
            <p class="actions">
                <a class="button" href=move || format!("/redaction/{}/nouveau", kind.get().route)>{move || kind.get().new_label}</a>
            </p>
            <section class="staff-filters" aria-label="Rechercher et filtrer">
                <SearchBox label="Rechercher dans les titres" placeholder="Un ou plusieurs mots du titre" />
                <div class="controls">
                    <FilterSelect id="filtre-etat" label="État" param="status" all="Tous les états"
                        options=Signal::derive(|| EditorialStatus::ALL.iter().map(|s| (s.as_str().to_owned(), s.label().to_owned())).collect()) />
                    <FilterSelect id="filtre-type" label="Type" param="kind" all="Tous les types"
                        options=Signal::derive(move || kind.get().item.kinds().into_iter().map(|(v, l)| (v.to_owned(), l.to_owned())).collect()) />
                    <FilterSelect id="filtre-theme" label="Thème" param="theme" all="Tous les thèmes"
                        options=Signal::derive(move || themes.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|t| (t.slug, t.label)).collect()) />
                    <FilterSelect id="filtre-tri" label="Trier" param="sort" all="Derniers modifiés d'abord"
                        options=Signal::derive(|| EditorialSort::ALL.iter().skip(1).map(|s| (s.as_str().to_owned(), s.label().to_owned())).collect()) />
                </div>
                <Combobox id="filtre-territoire".to_owned() label="Territoire (avec ce qu'il contient)".to_owned()
                    chosen=chosen_territory search=local_search(territory_choices.into())
                    on_pick=pick_territory on_remove=clear_territory
                    placeholder="Tapez le nom d'une commune, d'un département…" />
            </section>
            <BulkActions selected plural=Signal::derive(move || kind.get().api) bin
                done=Callback::new(move |()| list.refetch()) />
            <Transition fallback=|| view! { <Loading what="des contenus" /> }>
                {move || list.get().map(|result| match result {
                    Ok(list) if list.items.is_empty() => view! {
                        <p class="empty" role="status">{
                            if query.with_untracked(|q| q.q.is_some() || q.status.is_some() || q.kind.is_some() || q.theme.is_some() || q.territory.is_some()) {
                                "Aucun élément ne correspond à ces critères."
                            } else if bin.get_untracked() {
                                "La corbeille est vide."
                            } else {
                                "Rien pour l'instant."
                            }
                        }</p>
                    }.into_any(),
                    Ok(list) => {
                        let route = kind.get_untracked().route;
                        let on_page = StoredValue::new(list.items.clone());
                        let all_selected = move || on_page.with_value(|items| items.iter().all(|item| is_selected(item.id)));
                        let select_all = move |_| {
                            let everything = !all_selected();
                            selected.set(if everything { on_page.get_value() } else { Vec::new() });
                        };
                        view! {
                            <div class="table-scroll"><table class="editorial stack">
                                <caption class="count" role="status">{format!("{} élément(s)", list.page.total)}</caption>
                                <thead><tr>
                                    <th scope="col"><input type="checkbox" aria-label="Tout sélectionner sur cette page"
                                        prop:checked=all_selected on:change=select_all /></th>
                                    <th scope="col">"Titre"</th><th scope="col">"Type"</th><th scope="col">"État"</th><th scope="col">"Modifié le"</th>
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
                                            <td data-label="Type">{kind_label(&item.kind)}</td>
                                            <td data-label="État">{status_label(item.status, item.deleted_at.is_some())}</td>
                                            <td data-label="Modifié le">{item.updated_at.format("%d/%m/%Y").to_string()}</td>
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
