//! An event's registrations, in its editor: how it takes them (off, this site's form, a
//! link elsewhere; places, waiting list, reminder), then who registered — searched,
//! filtered, someone added by hand, a state changed, a presence marked, exported for a
//! spreadsheet, written to all at once.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use passerelle_types::{
    Audience, FieldError, NewRegistration, Registration, RegistrationChange, RegistrationMode,
    RegistrationQuery, RegistrationSettings, RegistrationStatus, TeamMessage, Vocabulary,
};
use web_sys::js_sys::Date;

use crate::components::*;
use crate::staff::api;
use crate::staff::session::use_session;

fn number(text: &str) -> Option<u32> {
    text.trim().parse().ok().filter(|n| *n > 0)
}

/// Minutes the browser's time zone is behind UTC at `at` (summer time included).
fn behind_utc(at: DateTime<Utc>) -> Duration {
    let moment = Date::new(&(at.timestamp_millis() as f64).into());
    Duration::minutes(moment.get_timezone_offset() as i64)
}

/// A moment as a `datetime-local` field shows it, in the browser's time zone.
fn local_field(at: Option<DateTime<Utc>>) -> String {
    at.map(|at| {
        (at.naive_utc() - behind_utc(at))
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    })
    .unwrap_or_default()
}

/// What a `datetime-local` field holds, back to a moment; empty: none.
fn from_local_field(text: &str) -> Option<DateTime<Utc>> {
    let local = NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M").ok()?;
    let guess = local.and_utc();
    Some((local + behind_utc(guess)).and_utc())
}

#[component]
pub fn RegistrationsPanel(event: String) -> impl IntoView {
    let event = StoredValue::new(event);
    let session = use_session();
    let settings = RwSignal::new(None::<RegistrationSettings>);
    let message = RwSignal::new(None::<(bool, String)>);
    spawn_local(async move {
        match api::registration_settings(event.get_value()).await {
            Ok(loaded) => settings.set(Some(loaded)),
            Err(error) => message.set(Some((false, error.message()))),
        }
    });
    let edit = move |change: &dyn Fn(&mut RegistrationSettings)| {
        settings.update(|s| {
            if let Some(s) = s {
                change(s);
            }
        })
    };
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(current) = settings.get_untracked() else {
            return;
        };
        let csrf = session.csrf();
        spawn_local(async move {
            match api::save_registration_settings(csrf, event.get_value(), current).await {
                Ok(saved) => {
                    settings.set(Some(saved));
                    message.set(Some((
                        true,
                        "Réglages des inscriptions enregistrés.".to_owned(),
                    )));
                }
                Err(error) => message.set(Some((false, error.message()))),
            }
        });
    };
    let mode = move || settings.with(|s| s.as_ref().and_then(|s| s.mode));
    view! {
        <section class="registrations" aria-labelledby="inscriptions-titre">
            <h2 id="inscriptions-titre">"Inscriptions"</h2>
            <div aria-live="polite">{move || message.get().map(|(ok, text)| view! {
                <p class=if ok { "success" } else { "error" }>{text}</p>
            })}</div>
            <Show when=move || settings.with(Option::is_some) fallback=|| view! { <Loading what="des réglages" /> }>
                <form class="editor-form" on:submit=save>
                    <p class="field">
                        <label for="inscription-mode">"Inscriptions"</label>
                        <select id="inscription-mode" on:change=move |ev| {
                            let value = event_target_value(&ev);
                            edit(&|s| s.mode = value.parse().ok());
                        }>
                            <option value="" selected=move || mode().is_none()>"Pas d'inscription"</option>
                            {RegistrationMode::ALL.iter().map(|m| {
                                let m = *m;
                                view! { <option value=m.as_str() selected=move || mode() == Some(m)>{m.label()}</option> }
                            }).collect_view()}
                        </select>
                    </p>
                    <Show when=move || mode() == Some(RegistrationMode::External)>
                        <p class="field">
                            <label for="inscription-lien">"Adresse des inscriptions"</label>
                            <input id="inscription-lien" type="url" placeholder="https://…"
                                prop:value=move || settings.with(|s| s.as_ref().and_then(|s| s.external_url.clone()).unwrap_or_default())
                                on:input=move |ev| { let v = event_target_value(&ev); edit(&|s| s.external_url = (!v.trim().is_empty()).then(|| v.trim().to_owned())); } />
                        </p>
                    </Show>
                    <Show when=move || mode() == Some(RegistrationMode::Passerelle)>
                        <p class="field">
                            <label for="inscription-places">"Nombre de places (vide : sans limite)"</label>
                            <input id="inscription-places" type="number" min="1" inputmode="numeric"
                                prop:value=move || settings.with(|s| s.as_ref().and_then(|s| s.capacity).map(|c| c.to_string()).unwrap_or_default())
                                on:input=move |ev| { let v = event_target_value(&ev); edit(&|s| s.capacity = number(&v)); } />
                        </p>
                        <p class="field check">
                            <input id="inscription-attente" type="checkbox"
                                prop:checked=move || settings.with(|s| s.as_ref().is_some_and(|s| s.waiting_list))
                                on:change=move |ev| { let v = event_target_checked(&ev); edit(&|s| s.waiting_list = v); } />
                            <label for="inscription-attente">"Liste d'attente une fois les places prises"</label>
                        </p>
                        <p class="field">
                            <label for="inscription-ouverture">"Ouverture des inscriptions (vide : dès maintenant)"</label>
                            <input id="inscription-ouverture" type="datetime-local"
                                prop:value=move || settings.with(|s| local_field(s.as_ref().and_then(|s| s.opens_at)))
                                on:change=move |ev| { let v = event_target_value(&ev); edit(&|s| s.opens_at = from_local_field(&v)); } />
                        </p>
                        <p class="field">
                            <label for="inscription-cloture">"Clôture des inscriptions (vide : au début de l'événement)"</label>
                            <input id="inscription-cloture" type="datetime-local"
                                prop:value=move || settings.with(|s| local_field(s.as_ref().and_then(|s| s.closes_at)))
                                on:change=move |ev| { let v = event_target_value(&ev); edit(&|s| s.closes_at = from_local_field(&v)); } />
                        </p>
                        <p class="field">
                            <label for="inscription-rappel">"Rappel, en heures avant le début (vide : pas de rappel)"</label>
                            <input id="inscription-rappel" type="number" min="1" max="720" inputmode="numeric"
                                prop:value=move || settings.with(|s| s.as_ref().and_then(|s| s.reminder_hours).map(|h| h.to_string()).unwrap_or_default())
                                on:input=move |ev| { let v = event_target_value(&ev); edit(&|s| s.reminder_hours = number(&v)); } />
                        </p>
                    </Show>
                    <p><button type="submit">"Enregistrer les réglages des inscriptions"</button></p>
                </form>
            </Show>
            <Show when=move || mode() == Some(RegistrationMode::Passerelle)>
                <Registrants event=event.get_value() />
            </Show>
        </section>
    }
}

/// Who registered, with the search and filters of the list.
/// A filter among the values of a vocabulary, « Tous » first.
fn filter<T: Vocabulary + 'static>(
    id: &'static str,
    label: &'static str,
    values: &'static [T],
    choose: impl Fn(Option<T>) + 'static,
) -> impl IntoView {
    view! {
        <p class="field">
            <label for=id>{label}</label>
            <select id=id on:change=move |ev| choose(event_target_value(&ev).parse().ok())>
                <option value="">"Tous"</option>
                {values.iter().map(|v| view! { <option value=v.as_str()>{v.label()}</option> }).collect_view()}
            </select>
        </p>
    }
}

#[component]
fn Registrants(event: String) -> impl IntoView {
    let event = StoredValue::new(event);
    let session = use_session();
    let query = RwSignal::new(RegistrationQuery::default());
    let search = move || serde_urlencoded::to_string(query.get()).unwrap_or_default();
    let list = LocalResource::new(move || api::registrations(event.get_value(), search()));
    let failure = RwSignal::new(None::<String>);
    let open = RwSignal::new(None::<Tool>);
    let change = move |entry: &Registration, change: RegistrationChange| {
        let csrf = session.csrf();
        let id = entry.id.to_string();
        spawn_local(async move {
            match api::change_registration(csrf, event.get_value(), id, change).await {
                Ok(_) => {
                    failure.set(None);
                    list.refetch();
                }
                Err(error) => failure.set(Some(error.message())),
            }
        });
    };
    let export = move || {
        format!(
            "/api/v1/editorial/events/{}/registrations.csv?{}",
            event.get_value(),
            search()
        )
    };
    view! {
        <h3>"Inscrits"</h3>
        <div class="filters-row">
            <p class="field">
                <label for="inscrits-q">"Rechercher (nom, adresse, structure)"</label>
                <input id="inscrits-q" type="search" on:input=move |ev| {
                    let v = event_target_value(&ev);
                    query.update(|q| q.q = (!v.trim().is_empty()).then(|| v.trim().to_owned()));
                } />
            </p>
            {filter("inscrits-etat", "État", RegistrationStatus::ALL, move |status| query.update(|q| q.status = status))}
            {filter("inscrits-public", "Public", Audience::ALL, move |audience| query.update(|q| q.audience = audience))}
        </div>
        <p class="actions">
            <a class="button" href=export download="" rel="external">"Exporter (CSV)"</a>
            <button type="button" aria-expanded=move || (open.get() == Some(Tool::Add)).to_string()
                on:click=move |_| open.update(|o| *o = if *o == Some(Tool::Add) { None } else { Some(Tool::Add) })>
                "Inscrire quelqu'un"
            </button>
            <button type="button" aria-expanded=move || (open.get() == Some(Tool::Message)).to_string()
                on:click=move |_| open.update(|o| *o = if *o == Some(Tool::Message) { None } else { Some(Tool::Message) })>
                "Écrire aux inscrits"
            </button>
        </p>
        {move || match open.get() {
            Some(Tool::Add) => view! { <AddRegistration event=event.get_value() done=Callback::new(move |()| { open.set(None); list.refetch(); }) /> }.into_any(),
            Some(Tool::Message) => view! { <MessageAll event=event.get_value() /> }.into_any(),
            None => ().into_any(),
        }}
        {move || failure.get().map(|m| view! { <div class="error" role="alert"><p>{m}</p></div> })}
        <Transition fallback=|| view! { <Loading what="des inscrits" /> }>
            {move || list.get().map(|result| match result {
                Err(error) => view! { <Failure error retry=Callback::new(move |()| list.refetch()) /> }.into_any(),
                Ok(list) => {
                    let c = &list.counts;
                    let summary = format!(
                        "{} confirmé(s){}, {} en liste d'attente, {} à confirmer, {} annulé(s), {} présent(s).",
                        c.confirmed,
                        list.capacity.map(|n| format!(" sur {n} places")).unwrap_or_default(),
                        c.waiting, c.pending, c.cancelled, c.attended
                    );
                    view! {
                        <p class="count" role="status">{summary}</p>
                        {if list.items.is_empty() {
                            view! { <p class="empty">"Aucune inscription ne correspond."</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-scroll"><table class="editorial stack">
                                    <caption class="count">{format!("{} inscription(s) affichée(s)", list.items.len())}</caption>
                                    <thead><tr>
                                        <th scope="col">"Nom"</th><th scope="col">"Adresse"</th><th scope="col">"Vous êtes"</th>
                                        <th scope="col">"Besoins"</th><th scope="col">"État"</th><th scope="col">"Présent"</th>
                                    </tr></thead>
                                    <tbody>{list.items.into_iter().map(|entry| {
                                        let name = entry.name.clone();
                                        let for_status = entry.clone();
                                        let for_presence = entry.clone();
                                        let state = match entry.position {
                                            Some(p) => format!("{} ({p})", entry.status.label()),
                                            None => entry.status.label().to_owned(),
                                        };
                                        view! { <tr>
                                            <th scope="row">{entry.name.clone()}{entry.organisation.clone().map(|o| format!(" — {o}"))}</th>
                                            <td data-label="Adresse">{entry.email.clone()}</td>
                                            <td data-label="Vous êtes">{entry.audience.label()}</td>
                                            <td data-label="Besoins">{entry.accessibility_needs.clone().unwrap_or_default()}</td>
                                            <td data-label="État">
                                                <select aria-label=format!("État de l'inscription de {name}") on:change=move |ev| {
                                                    let status = event_target_value(&ev).parse().ok();
                                                    change(&for_status, RegistrationChange { status, attended: None });
                                                }>
                                                    <option value="" selected=true>{state}</option>
                                                    {[RegistrationStatus::Confirmed, RegistrationStatus::Waiting, RegistrationStatus::Cancelled].into_iter()
                                                        .filter(|s| *s != entry.status)
                                                        .map(|s| view! { <option value=s.as_str()>{format!("→ {}", s.label())}</option> }).collect_view()}
                                                </select>
                                            </td>
                                            <td data-label="Présent">
                                                <input type="checkbox" aria-label=format!("{} était présent·e", entry.name)
                                                    prop:checked=entry.attended
                                                    on:change=move |ev| change(&for_presence, RegistrationChange { status: None, attended: Some(event_target_checked(&ev)) }) />
                                            </td>
                                        </tr> }
                                    }).collect_view()}</tbody>
                                </table></div>
                            }.into_any()
                        }}
                    }.into_any()
                }
            })}
        </Transition>
    }
}

/// The forms the list opens below its buttons, one at a time.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tool {
    Add,
    Message,
}

/// Someone registered by the team (a phone call, a paper form), with their agreement.
#[component]
fn AddRegistration(event: String, done: Callback<()>) -> impl IntoView {
    let event = StoredValue::new(event);
    let session = use_session();
    let (name, email, organisation, commune, needs) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let audience = RwSignal::new(None::<Audience>);
    let consent = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<String>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let person = NewRegistration {
            name: name.get_untracked(),
            email: email.get_untracked().trim().to_owned(),
            organisation: optional_text(organisation.get_untracked()),
            audience: audience.get_untracked(),
            commune: optional_text(commune.get_untracked()),
            accessibility_needs: optional_text(needs.get_untracked()),
            consent: consent.get_untracked(),
            newsletter: false,
        };
        if !passes(errors, person.validate()) {
            return;
        }
        let csrf = session.csrf();
        spawn_local(async move {
            match api::add_registration(csrf, event.get_value(), person).await {
                Ok(_) => done.run(()),
                Err(crate::api::ApiError::Problem(p)) if p.status == 422 => {
                    refused(errors, p.errors);
                }
                Err(error) => failure.set(Some(error.message())),
            }
        });
    };
    let audience_error = field_error(errors, "audience");
    let consent_error = field_error(errors, "consent");
    view! {
        <form class="editor-form" on:submit=submit novalidate aria-labelledby="ajout-titre">
            <h4 id="ajout-titre">"Inscrire quelqu'un"</h4>
            <p class="hint">"La personne reçoit par courriel la confirmation et son lien personnel, comme si elle s'était inscrite."</p>
            {move || failure.get().map(|m| view! { <div class="error" role="alert"><p>{m}</p></div> })}
            <TextField id="ajout-nom" field="name" label="Prénom et nom" value=name errors />
            <TextField id="ajout-adresse" field="email" label="Adresse électronique" input_type="email" value=email errors />
            <TextField id="ajout-structure" field="organisation" label="Structure (facultatif)" value=organisation errors />
            <p class="field">
                <label for="ajout-public">"Public de la personne"</label>
                <select id="ajout-public" aria-invalid=move || audience_error.get().map(|_| "true")
                    aria-describedby=move || audience_error.get().map(|_| "ajout-public-erreur")
                    on:change=move |ev| audience.set(event_target_value(&ev).parse().ok())>
                    <option value="">"Choisir…"</option>
                    {Audience::ALL.iter().map(|a| view! { <option value=a.as_str()>{a.label()}</option> }).collect_view()}
                </select>
                {move || audience_error.get().map(|m| view! { <span class="field-error" id="ajout-public-erreur">{m}</span> })}
            </p>
            <TextField id="ajout-commune" field="commune" label="Commune (facultatif)" value=commune errors />
            <TextField id="ajout-besoins" field="accessibility_needs" label="Besoins liés à un handicap (facultatif)" value=needs errors />
            <p class="field check">
                <input id="ajout-accord" type="checkbox" prop:checked=move || consent.get()
                    on:change=move |ev| consent.set(event_target_checked(&ev))
                    aria-invalid=move || consent_error.get().map(|_| "true")
                    aria-describedby=move || consent_error.get().map(|_| "ajout-accord-erreur") />
                <label for="ajout-accord">"La personne a accepté que ces informations servent à son inscription"</label>
            </p>
            {move || consent_error.get().map(|m| view! { <p class="field-error" id="ajout-accord-erreur">{m}</p> })}
            <p><button type="submit" class="primary">"Inscrire"</button></p>
        </form>
    }
}

/// One message to everyone registered, confirmed or waiting.
#[component]
fn MessageAll(event: String) -> impl IntoView {
    let event = StoredValue::new(event);
    let session = use_session();
    let subject = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let outcome = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let message = TeamMessage {
            subject: subject.get_untracked(),
            body: body.get_untracked(),
        };
        if !passes(errors, message.validate()) {
            return;
        }
        busy.set(true);
        let csrf = session.csrf();
        spawn_local(async move {
            match api::message_registrants(csrf, event.get_value(), message).await {
                Ok(receipt) => {
                    subject.set(String::new());
                    body.set(String::new());
                    outcome.set(Some((
                        true,
                        format!("Message envoyé à {} personne(s).", receipt.recipients),
                    )));
                }
                Err(error) => outcome.set(Some((false, error.message()))),
            }
            busy.set(false);
        });
    };
    let body_error = field_error(errors, "body");
    view! {
        <form class="editor-form" on:submit=submit novalidate aria-labelledby="message-titre">
            <h4 id="message-titre">"Écrire aux inscrits"</h4>
            <p class="hint">"Chaque personne inscrite, confirmée ou en liste d'attente, reçoit ce message avec son lien personnel."</p>
            <div aria-live="polite">{move || outcome.get().map(|(ok, text)| view! {
                <p class=if ok { "success" } else { "error" }>{text}</p>
            })}</div>
            <TextField id="message-objet" field="subject" label="Objet" value=subject errors />
            <p class="field">
                <label for="message-texte">"Message (une ligne vide sépare les paragraphes)"</label>
                <textarea id="message-texte" rows="6" prop:value=move || body.get()
                    on:input=move |ev| body.set(event_target_value(&ev))
                    aria-invalid=move || body_error.get().map(|_| "true")
                    aria-describedby=move || body_error.get().map(|_| "message-texte-erreur")></textarea>
                {move || body_error.get().map(|m| view! { <span class="field-error" id="message-texte-erreur">{m}</span> })}
            </p>
            <p><Submit busy label="Envoyer" busy_label="Envoi…" /></p>
        </form>
    }
}
