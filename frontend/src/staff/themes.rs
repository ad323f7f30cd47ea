//! Themes.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::pages::StaffOnly;
use crate::api::ApiError;
use crate::components::*;
use crate::staff::api;
use crate::staff::session::use_session;

/// Themes: create, rename, delete (refused while in use, with the server's reason), restore.
#[component]
pub fn ThemesPage() -> impl IntoView {
    let session = use_session();
    let list = LocalResource::new(api::editorial_themes);
    let label = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let report = move |outcome: Result<passerelle_types::EditorialTheme, ApiError>, done: &str| {
        match outcome {
            Ok(theme) => {
                message.set(Some((true, format!("« {} » {done}.", theme.label))));
                list.refetch();
            }
            Err(error) => message.set(Some((false, error.message()))),
        }
    };
    let create = move |ev: SubmitEvent| {
        ev.prevent_default();
        let csrf = session.csrf();
        let text = label.get_untracked();
        spawn_local(async move {
            let outcome = api::create_theme(csrf, text).await;
            if outcome.is_ok() {
                label.set(String::new());
            }
            report(outcome, "créé");
        });
    };
    view! {
        <StaffOnly>
            <p><a href="/redaction">"← Espace rédaction"</a></p>
            <h1 tabindex="-1">"Thèmes"</h1>
            <div aria-live="polite">{move || message.get().map(|(ok, text)| view! {
                <p class=if ok { "success" } else { "error" }>{text}</p>
            })}</div>
            <form class="editor-form narrow" on:submit=create>
                <p class="field">
                    <label for="nouveau-theme">"Nouveau thème"</label>
                    <input id="nouveau-theme" type="text" bind:value=label />
                </p>
                <button type="submit" class="primary">"Créer le thème"</button>
            </form>
            <Transition fallback=|| view! { <Loading what="des thèmes" /> }>
                {move || list.get().map(|result| match result {
                    Ok(themes) => view! {
                        <ul class="themes">{themes.into_iter().map(|theme| {
                            let renamed = RwSignal::new(theme.label.clone());
                            let (slug, version) = (theme.slug.clone(), theme.version);
                            let input_id = format!("theme-{}", theme.slug);
                            let deleted = theme.deleted_at.is_some();
                            let save = {
                                let slug = slug.clone();
                                move |_| {
                                    let (csrf, slug, text) = (session.csrf(), slug.clone(), renamed.get_untracked());
                                    spawn_local(async move { report(api::rename_theme(csrf, slug, version, text).await, "enregistré") });
                                }
                            };
                            let toggle = move |_| {
                                let (csrf, slug) = (session.csrf(), slug.clone());
                                let action = if deleted { "restore" } else { "delete" };
                                spawn_local(async move {
                                    let done = if action == "delete" { "supprimé" } else { "restauré" };
                                    report(api::theme_action(csrf, slug, action, version).await, done);
                                });
                            };
                            view! {
                                <li class="theme-row">
                                    <label for=input_id.clone()>{format!("Libellé de « {} »", theme.slug)}</label>
                                    <input id=input_id type="text" bind:value=renamed disabled=deleted />
                                    {(!deleted).then(|| view! { <button type="button" on:click=save.clone()>"Renommer"</button> })}
                                    <button type="button" class=if deleted { "" } else { "danger" } on:click=toggle>
                                        {if deleted { "Restaurer" } else { "Supprimer" }}
                                    </button>
                                </li>
                            }
                        }).collect_view()}</ul>
                    }.into_any(),
                    Err(error) => view! { <Failure error retry=Callback::new(move |()| list.refetch()) /> }.into_any(),
                })}
            </Transition>
        </StaffOnly>
    }
}
