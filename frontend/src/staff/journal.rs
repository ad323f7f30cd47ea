//! The whole audit log, for administrators: every change by anyone, filtered by person,
//! kind of item and period, page by page.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use passerelle_types::AuditEntry;

use super::history::{action_label, field_name};
use crate::components::*;
use crate::staff::api;

/// The kinds of entries, as the API names them and as the team reads them.
const KINDS: [(&str, &str); 7] = [
    ("publication", "Publications"),
    ("event", "Événements"),
    ("member", "Membres du réseau"),
    ("theme", "Thèmes"),
    ("account", "Comptes"),
    ("token", "Jetons d'API"),
    ("attachment", "Documents"),
];

/// The filters the log is read with, as they stand in the address.
const FILTERS: [&str; 4] = ["actor", "entity", "since", "until"];

/// `/redaction/journal`, inside an `AdminPage`.
#[component]
pub fn Journal() -> impl IntoView {
    let query = use_query_map();
    let navigate = use_navigate();
    let field = |name: &'static str| {
        RwSignal::new(query.with_untracked(|q| q.get(name).unwrap_or_default()))
    };
    let [actor, entity, since, until] = FILTERS.map(field);
    // The filters and page in the address, as the API takes them.
    let search = Memo::new(move |_| {
        let query = query.read();
        let chosen: Vec<(&str, String)> = FILTERS
            .iter()
            .chain(&["page"])
            .filter_map(|name| query.get(name).map(|value| (*name, value)))
            .filter(|(_, value)| !value.is_empty())
            .collect();
        serde_urlencoded::to_string(chosen).unwrap_or_default()
    });
    let entries = LocalResource::new(move || api::audit(search.get()));
    let team = LocalResource::new(api::team);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let chosen: Vec<(&str, String)> = FILTERS
            .iter()
            .zip([actor, entity, since, until])
            .map(|(name, value)| (*name, value.get_untracked()))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        let search = serde_urlencoded::to_string(chosen).unwrap_or_default();
        navigate(
            &format!("/redaction/journal?{search}"),
            NavigateOptions::default(),
        );
    };
    view! {
        <p class="lede">"Chaque changement de l'équipe : qui, quand, sur quoi, avec les champs modifiés."</p>
        <form class="filters-row" on:submit=submit>
            <p class="field">
                <label for="actor">"Personne"</label>
                <select id="actor" bind:value=actor>
                    <option value="">"Toute l'équipe"</option>
                    <option value="ligne de commande">"Ligne de commande"</option>
                    {move || team.get().and_then(Result::ok).map(|members| members.into_iter().map(|m| {
                        let email = m.account.email;
                        view! { <option value=email.clone() selected=actor.get_untracked() == email>{email.clone()}</option> }
                    }).collect_view())}
                </select>
            </p>
            <p class="field">
                <label for="entity">"Sur"</label>
                <select id="entity" bind:value=entity>
                    <option value="">"Tout"</option>
                    {KINDS.iter().map(|(value, label)| view! { <option value=*value>{*label}</option> }).collect_view()}
                </select>
            </p>
            <p class="field">
                <label for="since">"Du"</label>
                <input id="since" type="date" bind:value=since />
            </p>
            <p class="field">
                <label for="until">"Au"</label>
                <input id="until" type="date" bind:value=until />
            </p>
            <p class="field"><button type="submit" class="primary">"Filtrer"</button></p>
        </form>
        <Transition fallback=|| view! { <Loading what="du journal" /> }>
            {move || entries.get().map(|result| match result {
                Ok(list) if list.items.is_empty() => view! {
                    <p class="empty">"Aucun changement ne répond à ces critères."</p>
                }.into_any(),
                Ok(list) => view! {
                    <div class="table-scroll"><table class="editorial journal">
                        <caption class="count">{format!("{} changement(s)", list.page.total)}</caption>
                        <thead><tr>
                            <th scope="col">"Quand (UTC)"</th><th scope="col">"Qui"</th>
                            <th scope="col">"Quoi"</th><th scope="col">"Sur"</th><th scope="col">"Champs"</th>
                        </tr></thead>
                        <tbody>{list.items.into_iter().map(entry_row).collect_view()}</tbody>
                    </table></div>
                    <Pager page=list.page />
                }.into_any(),
                Err(error) => view! { <Failure error retry=Callback::new(move |()| entries.refetch()) /> }.into_any(),
            })}
        </Transition>
    }
}

fn entry_row(entry: AuditEntry) -> impl IntoView {
    let kind = KINDS
        .iter()
        .find(|(value, _)| *value == entry.entity)
        .map_or(entry.entity.clone(), |(_, label)| (*label).to_owned());
    // Items open in their editor; other entries name what they are about.
    let editor = match entry.entity.as_str() {
        "publication" => Some("publications"),
        "event" => Some("evenements"),
        "member" => Some("membres"),
        _ => None,
    };
    let target = match editor {
        Some(route) => view! {
            <a href=format!("/redaction/{route}/{}", entry.entity_id)>{kind}</a>
        }
        .into_any(),
        None => view! { {kind} }.into_any(),
    };
    let fields = entry
        .changes
        .as_object()
        .map(|changes| {
            let names: Vec<&str> = changes.keys().map(|key| field_name(key)).collect();
            names.join(", ")
        })
        .unwrap_or_default();
    view! {
        <tr>
            <td>{entry.occurred_at.format("%d/%m/%Y %H:%M").to_string()}</td>
            <td>{entry.actor}</td>
            <td>{action_label(&entry.action).to_owned()}{entry.version.map(|v| format!(" (version {v})"))}</td>
            <td>{target}</td>
            <td>{fields}</td>
        </tr>
    }
}
