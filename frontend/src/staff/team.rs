//! The team, for administrators: who has an account, with which role, when they last
//! signed in and how many tokens they hold; adding a colleague (who chooses a password
//! through a one-time link), changing a role, disabling someone who left. And the page
//! the link opens, where the colleague chooses that password.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use passerelle_types::{
    check_password, AccountChange, FieldError, Invitation, NewAccount, Role, TeamMember,
};

use crate::api::ApiError;
use crate::components::*;
use crate::staff::api;
use crate::staff::session::use_session;

/// A moment in the browser's own time zone, as the team reads it.
fn date_time(at: chrono::DateTime<chrono::Utc>) -> String {
    let moment = web_sys::js_sys::Date::new(&(at.timestamp_millis() as f64).into());
    // Minutes to add to local time to reach UTC, for that very date (summer time included).
    let behind = moment.get_timezone_offset() as i64;
    (at.naive_utc() - chrono::Duration::minutes(behind))
        .format("%d/%m/%Y à %H:%M")
        .to_string()
}

/// `/redaction/equipe`, inside an `AdminPage`.
#[component]
pub fn Team() -> impl IntoView {
    let session = use_session();
    let list = LocalResource::new(api::team);
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Editor.as_str().to_owned());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let invitation = RwSignal::new(None::<Invitation>);
    let busy = RwSignal::new(false);

    // Every action ends the same way: the list again, and what happened said once.
    let finish = move |outcome: Result<String, ApiError>| {
        match outcome {
            Ok(message) => {
                failure.set(None);
                done.set(Some(message));
            }
            Err(error) => {
                done.set(None);
                failure.set(Some(error.message()));
            }
        }
        list.refetch();
    };
    let invite = move |id: String| {
        let csrf = session.csrf();
        spawn_local(async move {
            let outcome = api::invite(csrf, id).await.map(|link| {
                let message = format!("Nouveau lien créé pour {}.", link.account.email);
                invitation.set(Some(link));
                message
            });
            finish(outcome);
        });
    };
    let change = move |member: TeamMember, change: AccountChange| {
        let csrf = session.csrf();
        let id = member.account.id.to_string();
        spawn_local(async move {
            let message = match (change.role, change.disabled) {
                (Some(role), _) => format!(
                    "{} est maintenant {}.",
                    member.account.email,
                    role.label().to_lowercase()
                ),
                (_, Some(true)) => format!(
                    "{} est désactivé : ses sessions sont fermées et ses jetons révoqués.",
                    member.account.email
                ),
                _ => format!("{} est réactivé.", member.account.email),
            };
            finish(api::update_account(csrf, id, change).await.map(|_| message));
        });
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let request = NewAccount {
            email: email.get_untracked().trim().to_owned(),
            password: None,
            role: role.get_untracked().parse().unwrap_or(Role::Editor),
        };
        if !passes(errors, request.validate()) {
            return;
        }
        busy.set(true);
        let csrf = session.csrf();
        spawn_local(async move {
            let outcome = match api::create_account(csrf.clone(), request).await {
                Ok(account) => {
                    email.set(String::new());
                    api::invite(csrf, account.id.to_string()).await.map(|link| {
                        let message = format!("{} est ajouté à l'équipe.", link.account.email);
                        invitation.set(Some(link));
                        message
                    })
                }
                Err(ApiError::Problem(problem)) if problem.status == 422 => {
                    refused(errors, problem.errors);
                    busy.set(false);
                    return;
                }
                Err(error) => Err(error),
            };
            busy.set(false);
            finish(outcome);
        });
    };
    view! {
        <p class="lede">"Ajoutez un membre de l'équipe : un lien valable 48 heures, envoyé par courriel (et affiché ici pour le lui transmettre au besoin), lui permet de choisir son mot de passe. Désactiver un compte ferme ses sessions et révoque ses jetons."</p>
        <div aria-live="polite">
            {move || done.get().map(|m| view! { <div class="success" role="status"><p>{m}</p></div> })}
        </div>
        {move || failure.get().map(|m| view! { <div class="error" role="alert"><p>{m}</p></div> })}
        {move || invitation.get().map(|link| view! { <InvitationLink link /> })}
        <h2>"Ajouter un membre de l'équipe"</h2>
        <form class="editor-form narrow" on:submit=submit novalidate>
            <TextField id="email" label="Adresse électronique" input_type="email" autocomplete="off" value=email errors />
            <p class="field">
                <label for="role">"Rôle"</label>
                <select id="role" bind:value=role>
                    {Role::ALL.iter().map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view()}
                </select>
            </p>
            <Submit busy label="Ajouter et créer son lien" busy_label="Ajout…" />
        </form>
        <h2>"Membres de l'équipe"</h2>
        <Transition fallback=|| view! { <Loading what="de l'équipe" /> }>
            {move || list.get().map(|result| match result {
                Ok(team) => view! {
                    <div class="table-scroll"><table class="editorial team stack">
                        <caption class="count">{format!("{} compte(s)", team.len())}</caption>
                        <thead><tr>
                            <th scope="col">"Adresse"</th><th scope="col">"Rôle"</th>
                            <th scope="col">"Dernière connexion"</th><th scope="col">"Jetons actifs"</th>
                            <th scope="col">"État"</th><th scope="col">"Actions"</th>
                        </tr></thead>
                        <tbody>{team.into_iter().map(|member| view! {
                            <MemberRow member change invite />
                        }).collect_view()}</tbody>
                    </table></div>
                }.into_any(),
                Err(error) => view! { <Failure error retry=Callback::new(move |()| list.refetch()) /> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn MemberRow(
    member: TeamMember,
    change: impl Fn(TeamMember, AccountChange) + Copy + Send + Sync + 'static,
    invite: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let account = member.account.clone();
    let email = account.email.clone();
    let id = account.id.to_string();
    let disabled = account.disabled_at.is_some();
    let state = if disabled {
        "Désactivé".to_owned()
    } else if let Some(until) = member.invitation_expires_at {
        format!("Invitation en attente (jusqu'au {})", date_time(until))
    } else if !member.has_password {
        "Sans mot de passe : créez-lui un lien".to_owned()
    } else {
        "Actif".to_owned()
    };
    let on_role = {
        let member = member.clone();
        move |ev: leptos::ev::Event| {
            let role = event_target_value(&ev).parse::<Role>().ok();
            change(
                member.clone(),
                AccountChange {
                    role,
                    disabled: None,
                },
            );
        }
    };
    let toggle = {
        let member = member.clone();
        move |_| {
            let disabled = Some(!disabled);
            change(
                member.clone(),
                AccountChange {
                    role: None,
                    disabled,
                },
            );
        }
    };
    view! {
        <tr>
            <th scope="row">{email.clone()}</th>
            <td data-label="Rôle">
                <select aria-label=format!("Rôle de {email}") on:change=on_role disabled=disabled>
                    {Role::ALL.iter().map(|r| view! {
                        <option value=r.as_str() selected=*r == account.role>{r.label()}</option>
                    }).collect_view()}
                </select>
            </td>
            <td data-label="Dernière connexion">{account.last_sign_in_at.map(date_time).unwrap_or_else(|| "Jamais".to_owned())}</td>
            <td data-label="Jetons actifs">{member.active_tokens}</td>
            <td data-label="État">{state}</td>
            <td class="row-actions">
                {(!disabled).then(|| {
                    let id = id.clone();
                    view! {
                        <button type="button" aria-label=format!("Nouveau lien pour {email}")
                            on:click=move |_| invite(id.clone())>"Nouveau lien"</button>
                    }
                })}
                <button type="button" class=if disabled { "" } else { "danger" }
                    aria-label=format!("{} {email}", if disabled { "Réactiver" } else { "Désactiver" })
                    on:click=toggle>{if disabled { "Réactiver" } else { "Désactiver" }}</button>
            </td>
        </tr>
    }
}

/// The link just made, to pass on: shown once, ready to copy.
#[component]
fn InvitationLink(link: Invitation) -> impl IntoView {
    let copied = RwSignal::new(false);
    let url = link.url.clone();
    let copy = move |_| {
        let clipboard = window().navigator().clipboard();
        let _ = clipboard.write_text(&url);
        copied.set(true);
    };
    view! {
        <div class="success invitation">
            <p><strong>{format!("Lien pour {}", link.account.email)}</strong>
                {format!(" — envoyé par courriel ; à lui transmettre aussi au besoin. Valable une fois, jusqu'au {}. Il ne sera plus affiché.", date_time(link.expires_at))}</p>
            <p class="field">
                <label for="lien-invitation">"Lien d'invitation"</label>
                <input id="lien-invitation" type="text" readonly value=link.url.clone()
                    on:focus=|ev| {
                        use wasm_bindgen::JsCast;
                        if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                            input.select();
                        }
                    } />
            </p>
            <button type="button" on:click=copy>{move || if copied.get() { "Lien copié" } else { "Copier le lien" }}</button>
        </div>
    }
}

/// `/redaction/invitation#psi_…`: the colleague chooses a password and is signed in.
#[component]
pub fn InvitationPage() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    // The secret travels after `#`: it never reaches a server log as part of an address.
    let secret = window()
        .location()
        .hash()
        .unwrap_or_default()
        .trim_start_matches('#')
        .to_owned();
    let info = {
        let secret = secret.clone();
        LocalResource::new(move || api::invitation(secret.clone()))
    };
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let chosen = password.get_untracked();
        let mut found = Vec::new();
        if let Err(message) = check_password(&chosen) {
            found.push(FieldError::new("password", message));
        } else if chosen != confirmation.get_untracked() {
            found.push(FieldError::new(
                "confirmation",
                "Les deux saisies diffèrent.",
            ));
        }
        if !passes(errors, if found.is_empty() { Ok(()) } else { Err(found) }) {
            return;
        }
        busy.set(true);
        let (secret, navigate) = (secret.clone(), navigate.clone());
        spawn_local(async move {
            match api::accept_invitation(secret, chosen).await {
                Ok(signed_in) => session.opened(signed_in, navigate),
                Err(ApiError::Problem(problem)) if problem.status == 422 => {
                    refused(errors, problem.errors);
                }
                Err(error) => failure.set(Some(error.message())),
            }
            busy.set(false);
        });
    };
    view! {
        <h1 tabindex="-1">"Choisir votre mot de passe"</h1>
        <Transition fallback=|| view! { <Loading what="de l'invitation" /> }>
            {move || {
                let submit = submit.clone();
                info.get().map(|result| match result {
                Ok(info) => view! {
                    <p class="lede">{format!("Compte {} — lien valable jusqu'au {}.", info.email, date_time(info.expires_at))}</p>
                    {move || failure.get().map(|m| view! { <div class="error" role="alert"><p>{m}</p></div> })}
                    <form class="editor-form narrow" on:submit=submit novalidate>
                        <input type="email" autocomplete="username" value=info.email.clone() hidden readonly />
                        <TextField id="password" label="Mot de passe (12 caractères au moins)" input_type="password"
                            autocomplete="new-password" value=password errors />
                        <TextField id="confirmation" label="Le même mot de passe, à nouveau" input_type="password"
                            autocomplete="new-password" value=confirmation errors />
                        <Submit busy label="Enregistrer et entrer" busy_label="Enregistrement…" />
                    </form>
                }.into_any(),
                Err(error) if error.is_not_found() => view! {
                    <div class="error" role="alert"><p>{error.message()}</p></div>
                }.into_any(),
                Err(error) => view! { <Failure error retry=Callback::new(move |()| info.refetch()) /> }.into_any(),
            })}}
        </Transition>
    }
}
