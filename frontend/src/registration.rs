//! Registering for an event, and one's own registration, as a bundle of their own
//! (`src/bin/inscription.rs`): a visitor reading the site never downloads them. Served under
//! `/inscription/` — the form at `/inscription/evenement/{slug}`, the person's page at
//! `/inscription#secret` (the secret stays out of the server's logs).

use gloo_net::http::Request;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_params_map;
use leptos_router::path;
use passerelle_types::{
    Audience, FieldError, NewRegistration, Registration, RegistrationDetails, RegistrationStatus,
};
use serde::Deserialize;

use crate::api::{self, decode, segment, ApiError};
use crate::components::{
    field_error, optional_text, passes, refused, Failure, Loading, Submit, TextField,
};
use crate::layout::{Bundle, Layout};

#[component]
pub fn RegistrationApp() -> impl IntoView {
    view! {
        <Router>
            <Layout bundle=Bundle::Apart nav_end=|| () footer_end=|| ()>
                <Routes fallback=|| view! { <MyRegistration /> }>
                    <Route path=path!("/inscription/evenement/:slug") view=RegistrationForm />
                    <Route path=path!("/inscription") view=MyRegistration />
                </Routes>
            </Layout>
        </Router>
    }
}

/// What the server says once the form is accepted.
#[derive(Deserialize)]
struct Requested {
    message: String,
}

async fn send<T: serde::de::DeserializeOwned, B: serde::Serialize>(
    method: &str,
    url: &str,
    body: Option<&B>,
) -> Result<T, ApiError> {
    let request = match method {
        "DELETE" => Request::delete(url),
        "PATCH" => Request::patch(url),
        _ => Request::post(url),
    }
    .header("Accept", "application/json");
    let response = match body {
        Some(body) => {
            request
                .json(body)
                .map_err(|_| ApiError::Unreadable)?
                .send()
                .await
        }
        None => request.send().await,
    }
    .map_err(|_| ApiError::Network)?;
    decode(response).await
}

/// The person's details, as the form holds them, when registering and when changing them.
#[derive(Clone, Copy)]
struct Person {
    name: RwSignal<String>,
    organisation: RwSignal<String>,
    audience: RwSignal<Option<Audience>>,
    commune: RwSignal<String>,
    needs: RwSignal<String>,
}

impl Default for Person {
    fn default() -> Person {
        Person {
            name: RwSignal::new(String::new()),
            organisation: RwSignal::new(String::new()),
            audience: RwSignal::new(None),
            commune: RwSignal::new(String::new()),
            needs: RwSignal::new(String::new()),
        }
    }
}

impl Person {
    fn of(registration: &Registration) -> Person {
        let text = |v: &Option<String>| RwSignal::new(v.clone().unwrap_or_default());
        Person {
            name: RwSignal::new(registration.name.clone()),
            organisation: text(&registration.organisation),
            audience: RwSignal::new(Some(registration.audience)),
            commune: text(&registration.commune),
            needs: text(&registration.accessibility_needs),
        }
    }

    fn details(self, newsletter: bool) -> RegistrationDetails {
        RegistrationDetails {
            name: self.name.get_untracked(),
            organisation: optional_text(self.organisation.get_untracked()),
            audience: self.audience.get_untracked(),
            commune: optional_text(self.commune.get_untracked()),
            accessibility_needs: optional_text(self.needs.get_untracked()),
            newsletter,
        }
    }
}

/// Structure, public, commune and needs: the lines both forms share.
#[component]
fn PersonFields(person: Person, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let Person {
        organisation,
        audience,
        commune,
        needs,
        ..
    } = person;
    let audience_error = field_error(errors, "audience");
    view! {
        <TextField id="organisation" label="Structure (facultatif)" autocomplete="organization" value=organisation errors />
        <fieldset class="facet" aria-describedby=move || audience_error.get().map(|_| "audience-erreur")>
            <legend>"Vous êtes (obligatoire)"</legend>
            <ul>{Audience::ALL.iter().map(|choice| {
                let id = format!("audience-{}", choice.as_str());
                let choice = *choice;
                view! { <li>
                    <input type="radio" name="audience" id=id.clone()
                        prop:checked=move || audience.get() == Some(choice)
                        on:change=move |_| audience.set(Some(choice))
                        aria-invalid=move || audience_error.get().map(|_| "true") />
                    <label for=id>{choice.label()}</label>
                </li> }
            }).collect_view()}</ul>
            {move || audience_error.get().map(|m| view! { <span class="field-error" id="audience-erreur">{m}</span> })}
        </fieldset>
        <TextField id="commune" label="Votre commune (facultatif)" autocomplete="address-level2" value=commune errors />
        <p class="field">
            <label for="accessibility_needs">"Besoins liés à un handicap, aménagements à prévoir (facultatif)"</label>
            <textarea id="accessibility_needs" rows="3"
                prop:value=move || needs.get() on:input=move |ev| needs.set(event_target_value(&ev))></textarea>
        </p>
    }
}

/// `/inscription/evenement/:slug`: the form, with what the event's page says of its places.
#[component]
fn RegistrationForm() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    let event = LocalResource::new(move || api::event(slug.get()));
    let availability = LocalResource::new(move || api::registration_availability(slug.get()));
    let email = RwSignal::new(String::new());
    let person = Person::default();
    let name = person.name;
    let consent = RwSignal::new(false);
    let newsletter = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let details = person.details(newsletter.get_untracked());
        let input = NewRegistration {
            name: details.name,
            email: email.get_untracked().trim().to_owned(),
            organisation: details.organisation,
            audience: details.audience,
            commune: details.commune,
            accessibility_needs: details.accessibility_needs,
            consent: consent.get_untracked(),
            newsletter: details.newsletter,
        };
        failure.set(None);
        if !passes(errors, input.validate()) {
            return;
        }
        busy.set(true);
        let url = format!(
            "/api/v1/events/{}/registrations",
            segment(&slug.get_untracked())
        );
        spawn_local(async move {
            match send::<Requested, _>("POST", &url, Some(&input)).await {
                Ok(answer) => done.set(Some(answer.message)),
                Err(ApiError::Problem(problem)) if problem.status == 422 => {
                    refused(errors, problem.errors);
                }
                Err(error) => failure.set(Some(error.message())),
            }
            busy.set(false);
        });
    };
    let consent_error = field_error(errors, "consent");
    view! {
        <Transition fallback=|| view! { <Loading what="de l'événement" /> }>
            {move || event.get().map(|result| match result {
                Err(error) => view! { <Failure error retry=Callback::new(move |()| event.refetch()) /> }.into_any(),
                Ok(e) => view! {
                    <p><a href=format!("/evenements/{}", e.summary.slug) rel="external">"← Retour à l'événement"</a></p>
                    <h1 tabindex="-1">{format!("S'inscrire : {}", e.summary.title)}</h1>
                    <p class="when">{crate::format::schedule(&e.summary.schedule)}</p>
                    {move || availability.get().and_then(Result::ok).map(|a| view! { <p class="places" role="status">{a.message}</p> })}
                }.into_any(),
            })}
        </Transition>
        {move || match done.get() {
            Some(message) => view! {
                <div class="success" role="status"><p><strong>"Presque fini !"</strong>" "{message}</p></div>
            }.into_any(),
            None => view! {
                <form class="editor-form registration-form" on:submit=submit novalidate>
                    {move || failure.get().map(|m| view! { <div class="error" role="alert"><p>{m}</p></div> })}
                    <p class="hint">"Les champs marqués « obligatoire » sont à remplir."</p>
                    <TextField id="name" label="Prénom et nom (obligatoire)" autocomplete="name" value=name errors />
                    <TextField id="email" label="Adresse électronique (obligatoire)" input_type="email" autocomplete="email" value=email errors />
                    <PersonFields person errors />
                    <p class="hint" id="donnees">
                        "Ces informations servent uniquement à organiser l'événement et à vous écrire à son sujet ; "
                        "elles ne sont transmises à personne d'autre que l'équipe du centre, puis effacées quelques mois "
                        "après l'événement. Votre lien personnel, reçu par courriel, vous permet de voir, de modifier "
                        "ou d'annuler votre inscription. "
                        <a href="/donnees-personnelles" rel="external">"Vos données personnelles"</a>"."
                    </p>
                    <p class="field check">
                        <input id="consent" type="checkbox" prop:checked=move || consent.get()
                            on:change=move |ev| consent.set(event_target_checked(&ev))
                            aria-invalid=move || consent_error.get().map(|_| "true")
                            aria-describedby=move || if consent_error.get().is_some() { "donnees consent-erreur" } else { "donnees" } />
                        <label for="consent">"J'accepte que ces informations soient utilisées pour mon inscription (obligatoire)"</label>
                    </p>
                    {move || consent_error.get().map(|m| view! { <p class="field-error" id="consent-erreur">{m}</p> })}
                    <p class="field check">
                        <input id="newsletter" type="checkbox" prop:checked=move || newsletter.get()
                            on:change=move |ev| newsletter.set(event_target_checked(&ev)) />
                        <label for="newsletter">"Recevoir aussi les actualités du centre (facultatif)"</label>
                    </p>
                    <p><Submit busy label="M'inscrire" busy_label="Envoi…" /></p>
                </form>
            }.into_any(),
        }}
    }
}

/// What a registration's state means for its person.
fn status_text(registration: &Registration) -> String {
    match registration.status {
        RegistrationStatus::Pending => "Votre adresse n'est pas encore confirmée.".to_owned(),
        RegistrationStatus::Confirmed => {
            "Votre inscription est confirmée : une place vous attend.".to_owned()
        }
        RegistrationStatus::Waiting => format!(
            "L'événement est complet : vous êtes sur la liste d'attente, en position {}. Si une \
             place se libère, elle vous revient et un courriel vous le dira.",
            registration.position.unwrap_or(1)
        ),
        RegistrationStatus::Cancelled => "Votre inscription est annulée.".to_owned(),
    }
}

/// `/inscription#secret`: the person's own registration, confirmed on first opening.
#[component]
fn MyRegistration() -> impl IntoView {
    let from_address = || {
        window()
            .location()
            .hash()
            .unwrap_or_default()
            .trim_start_matches('#')
            .to_owned()
    };
    let secret = StoredValue::new(from_address());
    let url = move || format!("/api/v1/registrations/{}", segment(&secret.get_value()));
    let current = RwSignal::new(None::<Result<Registration, ApiError>>);
    let asking = RwSignal::new(false);
    let editing = RwSignal::new(false);
    let load = move || {
        spawn_local(async move {
            let read = api::get_json::<Registration>(&url()).await;
            // Opening the link is what confirms the address.
            let read = match read {
                Ok(r) if r.status == RegistrationStatus::Pending => {
                    send::<Registration, ()>("POST", &format!("{}/confirm", url()), None).await
                }
                other => other,
            };
            current.set(Some(read));
        });
    };
    load();
    // Another link opened in the same tab (a new one after a promotion) only changes the
    // part after `#`: no page load, so read it again.
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        secret.set_value(from_address());
        current.set(None);
        load();
    });
    on_cleanup(move || listener.remove());
    let cancel = move |_| {
        spawn_local(async move {
            current.set(Some(send::<Registration, ()>("DELETE", &url(), None).await));
            asking.set(false);
        });
    };
    view! {
        {move || match current.get() {
            None => view! { <Loading what="de votre inscription" /> }.into_any(),
            Some(Err(error)) => view! {
                <h1 tabindex="-1">"Votre inscription"</h1>
                <div class="error" role="alert"><p>{error.message()}</p></div>
            }.into_any(),
            Some(Ok(registration)) => {
                let cancelled = registration.status == RegistrationStatus::Cancelled;
                view! {
                    <h1 tabindex="-1">{format!("Votre inscription : {}", registration.event_title)}</h1>
                    <div class=if cancelled { "notice" } else { "success" } role="status">
                        <p>{status_text(&registration)}</p>
                    </div>
                    <dl class="facts">
                        <dt>"Nom"</dt><dd>{registration.name.clone()}</dd>
                        <dt>"Adresse"</dt><dd>{registration.email.clone()}</dd>
                        <dt>"Vous êtes"</dt><dd>{registration.audience.label()}</dd>
                        {registration.organisation.clone().map(|o| view! { <dt>"Structure"</dt><dd>{o}</dd> })}
                        {registration.commune.clone().map(|c| view! { <dt>"Commune"</dt><dd>{c}</dd> })}
                        {registration.accessibility_needs.clone().map(|n| view! { <dt>"Besoins signalés"</dt><dd>{n}</dd> })}
                    </dl>
                    <p><a href=format!("/evenements/{}", registration.event_slug) rel="external">"Voir l'événement"</a></p>
                    {(!cancelled).then(|| {
                        let registration = registration.clone();
                        view! {
                            <Show when=move || editing.get() fallback=move || view! {
                                <p><button type="button" on:click=move |_| editing.set(true)>"Modifier mes informations"</button></p>
                            }>
                                <EditDetails registration=registration.clone() url=Callback::new(move |()| url())
                                    done=Callback::new(move |changed: Option<Registration>| {
                                        if let Some(changed) = changed {
                                            current.set(Some(Ok(changed)));
                                        }
                                        editing.set(false);
                                    }) />
                            </Show>
                        }
                    })}
                    {(!cancelled).then(|| view! {
                        <Show when=move || asking.get() fallback=move || (!editing.get()).then(|| view! {
                            <p><button type="button" class="danger" on:click=move |_| asking.set(true)>"Annuler mon inscription"</button></p>
                        })>
                            <div class="error" role="alert">
                                <p>"Annuler votre inscription ? Votre place ira à quelqu'un d'autre."</p>
                                <p class="actions">
                                    <button type="button" class="danger" on:click=cancel>"Oui, annuler"</button>
                                    <button type="button" on:click=move |_| asking.set(false)>"Non, garder ma place"</button>
                                </p>
                            </div>
                        </Show>
                    })}
                }.into_any()
            }
        }}
    }
}

/// The person changes their details (not their address) through their link.
#[component]
fn EditDetails(
    registration: Registration,
    url: Callback<(), String>,
    /// With the registration as saved, or nothing when given up.
    done: Callback<Option<Registration>>,
) -> impl IntoView {
    let person = Person::of(&registration);
    let newsletter = RwSignal::new(registration.newsletter);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let details = person.details(newsletter.get_untracked());
        failure.set(None);
        if !passes(errors, details.validate()) {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match send::<Registration, _>("PATCH", &url.run(()), Some(&details)).await {
                Ok(saved) => done.run(Some(saved)),
                Err(ApiError::Problem(problem)) if problem.status == 422 => {
                    refused(errors, problem.errors);
                }
                Err(error) => failure.set(Some(error.message())),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="editor-form registration-form" on:submit=submit novalidate aria-labelledby="modifier">
            <h2 id="modifier">"Modifier mes informations"</h2>
            {move || failure.get().map(|m| view! { <div class="error" role="alert"><p>{m}</p></div> })}
            <p class="hint">"Votre adresse ne change pas ici : pour en utiliser une autre, annulez puis inscrivez-vous à nouveau."</p>
            <TextField id="name" label="Prénom et nom (obligatoire)" autocomplete="name" value=person.name errors />
            <PersonFields person errors />
            <p class="field check">
                <input id="newsletter" type="checkbox" prop:checked=move || newsletter.get()
                    on:change=move |ev| newsletter.set(event_target_checked(&ev)) />
                <label for="newsletter">"Recevoir aussi les actualités du centre (facultatif)"</label>
            </p>
            <p class="actions">
                <Submit busy label="Enregistrer" busy_label="Enregistrement…" />
                <button type="button" on:click=move |_| done.run(None)>"Annuler les changements"</button>
            </p>
        </form>
    }
}
