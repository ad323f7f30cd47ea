//! Personal API tokens.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use passerelle_types::FieldError;

use super::pages::{message_for, StaffOnly};
use crate::api::ApiError;
use crate::components::*;
use crate::staff::api;
use crate::staff::session::use_session;

/// Personal API tokens: created here (the secret shown once), listed, revoked.
#[component]
pub fn TokensPage() -> impl IntoView {
    let session = use_session();
    let list = LocalResource::new(api::tokens);
    let name = RwSignal::new(String::new());
    let days = RwSignal::new("90".to_owned());
    let created = RwSignal::new(None::<passerelle_types::CreatedApiToken>);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<String>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let request = passerelle_types::NewApiToken {
            name: name.get_untracked(),
            expires_in_days: days.get_untracked().trim().parse().ok(),
        };
        if !passes(errors, request.validity_days()) {
            return;
        }
        let csrf = session.csrf();
        spawn_local(async move {
            match api::create_token(csrf, request).await {
                Ok(token) => {
                    created.set(Some(token));
                    name.set(String::new());
                    list.refetch();
                }
                Err(ApiError::Problem(problem)) if problem.status == 422 => {
                    errors.set(problem.errors)
                }
                Err(error) => failure.set(Some(error.message())),
            }
        });
    };
    let revoke = move |id: String| {
        let csrf = session.csrf();
        spawn_local(async move {
            match api::revoke_token(csrf, id).await {
                Ok(()) => list.refetch(),
                Err(error) => failure.set(Some(error.message())),
            }
        });
    };
    let days_error = Signal::derive(move || errors.with(|e| message_for(e, "expires_in_days")));
    view! {
        <StaffOnly>
            <p><a href="/redaction">"← Espace rédaction"</a></p>
            <h1 tabindex="-1">"Jetons d'API"</h1>
            <p class="lede">"Un jeton permet à un script d'utiliser l'API en votre nom (en-tête Authorization: Bearer). Il ne peut pas créer d'autres jetons."</p>
            {move || failure.get().map(|m| view! { <div class="error" role="alert"><p>{m}</p></div> })}
            {move || created.get().map(|token| view! {
                <div class="success" role="status">
                    <p><strong>{format!("Jeton « {} » créé.", token.token.name)}</strong>" Copiez son secret maintenant : il ne sera plus jamais affiché."</p>
                    <p><code class="secret">{token.secret}</code></p>
                </div>
            })}
            <form class="editor-form narrow" on:submit=submit novalidate>
                <TextField id="name" label="Nom du jeton (à quoi il sert)" value=name errors />
                <p class="field">
                    <label for="expires_in_days">"Validité, en jours (1 à 365)"</label>
                    <input id="expires_in_days" type="number" min="1" max="365" bind:value=days
                        aria-invalid=move || days_error.get().is_some().then_some("true")
                        aria-describedby=move || days_error.get().is_some().then_some("expires_in_days-erreur") />
                    {move || days_error.get().map(|m| view! { <span class="field-error" id="expires_in_days-erreur">{m}</span> })}
                </p>
                <button type="submit" class="primary">"Créer le jeton"</button>
            </form>
            <h2>"Vos jetons"</h2>
            <Transition fallback=|| view! { <Loading what="des jetons" /> }>
                {move || list.get().map(|result| match result {
                    Ok(tokens) if tokens.is_empty() => view! { <p class="empty">"Aucun jeton."</p> }.into_any(),
                    Ok(tokens) => view! {
                        <div class="table-scroll"><table class="editorial">
                            <thead><tr><th scope="col">"Nom"</th><th scope="col">"Début du secret"</th><th scope="col">"Expire le"</th><th scope="col">"État"</th></tr></thead>
                            <tbody>{tokens.into_iter().map(|token| {
                                let id = token.id.to_string();
                                let active = token.revoked_at.is_none();
                                view! { <tr>
                                    <td>{token.name.clone()}</td>
                                    <td><code>{format!("{}…", token.prefix)}</code></td>
                                    <td>{token.expires_at.format("%d/%m/%Y").to_string()}</td>
                                    <td>{if active {
                                        view! { <button type="button" class="danger" aria-label=format!("Révoquer le jeton {}", token.name)
                                            on:click=move |_| revoke(id.clone())>"Révoquer"</button> }.into_any()
                                    } else {
                                        view! { "Révoqué" }.into_any()
                                    }}</td>
                                </tr> }
                            }).collect_view()}</tbody>
                        </table></div>
                    }.into_any(),
                    Err(error) => view! { <Failure error retry=Callback::new(move |()| list.refetch()) /> }.into_any(),
                })}
            </Transition>
        </StaffOnly>
    }
}
