//! The editors' screens: sign-in, the list of publications (drafts and bin included) and
//! the publication form, with the same validation messages as the API, a preview, and a
//! way out of edit conflicts.

use chrono::NaiveDate;
use leptos::callback::UnsyncCallback;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use passerelle_types::{
    EditorialPublication, EditorialStatus, FieldError, PublicationInput, PublicationKind,
};

use crate::api::{self, ApiError};
use crate::components::*;
use crate::session::use_session;

/// Shown instead of a staff page to someone signed out.
#[component]
fn StaffOnly(children: ChildrenFn) -> impl IntoView {
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

fn status_label(status: EditorialStatus, deleted: bool) -> &'static str {
    if deleted {
        "À la corbeille"
    } else {
        status.label()
    }
}

#[component]
pub fn Dashboard() -> impl IntoView {
    let bin = RwSignal::new(false);
    let list = LocalResource::new(move || api::editorial_publications(bin.get()));
    view! {
        <StaffOnly>
            <h1 tabindex="-1">"Espace rédaction"</h1>
            <p class="actions">
                <a class="button" href="/redaction/publications/nouvelle">"Nouvelle publication"</a>
            </p>
            <div class="toggle" role="group" aria-label="Publications affichées">
                <button type="button" aria-pressed=move || (!bin.get()).to_string() on:click=move |_| bin.set(false)>"Publications"</button>
                <button type="button" aria-pressed=move || bin.get().to_string() on:click=move |_| bin.set(true)>"Corbeille"</button>
            </div>
            <Transition fallback=|| view! { <Loading what="des publications" /> }>
                {move || list.get().map(|result| match result {
                    Ok(list) if list.items.is_empty() => view! {
                        <p class="empty">{if bin.get_untracked() { "La corbeille est vide." } else { "Aucune publication pour l'instant." }}</p>
                    }.into_any(),
                    Ok(list) => view! {
                        <table class="editorial">
                            <caption class="count">{format!("{} publication(s)", list.page.total)}</caption>
                            <thead><tr><th scope="col">"Titre"</th><th scope="col">"État"</th><th scope="col">"Modifiée le"</th></tr></thead>
                            <tbody>
                                {list.items.into_iter().map(|item| view! {
                                    <tr>
                                        <td><a href=format!("/redaction/publications/{}", item.id)>{item.title}</a></td>
                                        <td>{status_label(item.status, item.deleted_at.is_some())}</td>
                                        <td>{item.updated_at.format("%d/%m/%Y").to_string()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(error) => view! { <Failure error retry=Callback::new(move |()| list.refetch()) /> }.into_any(),
                })}
            </Transition>
        </StaffOnly>
    }
}

/// The message of a field, if any.
fn message_for(errors: &[FieldError], field: &str) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == field || e.field.starts_with(&format!("{field}[")))
        .map(|e| e.message.clone())
}

/// Names of the fields that differ between two versions of the content, in French.
fn changed_fields(mine: &PublicationInput, theirs: &PublicationInput) -> Vec<&'static str> {
    let mut fields = Vec::new();
    let mut check = |differs: bool, label: &'static str| {
        if differs {
            fields.push(label);
        }
    };
    check(mine.title != theirs.title, "titre");
    check(mine.slug != theirs.slug, "slug");
    check(mine.kind != theirs.kind, "type");
    check(mine.summary != theirs.summary, "résumé");
    check(mine.body != theirs.body, "texte");
    check(
        mine.publication_date != theirs.publication_date || mine.year != theirs.year,
        "date",
    );
    check(mine.themes != theirs.themes, "thèmes");
    check(mine.territories != theirs.territories, "territoires");
    check(
        mine.links != theirs.links
            || mine.organizations != theirs.organizations
            || mine.events != theirs.events,
        "liens",
    );
    fields
}

#[component]
pub fn PublicationEditor() -> impl IntoView {
    let params = use_params_map();
    let session = use_session();
    let navigate = use_navigate();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let is_new = Memo::new(move |_| id.get() == "nouvelle");

    let form = RwSignal::new(PublicationInput::default());
    let saved = RwSignal::new(None::<EditorialPublication>);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let notice = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let conflict = RwSignal::new(None::<EditorialPublication>);
    let preview = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let loaded = RwSignal::new(false);

    let themes = LocalResource::new(api::themes);
    let territories = LocalResource::new(api::territories);

    Effect::new(move |_| {
        let key = id.get();
        if key == "nouvelle" {
            form.set(PublicationInput::default());
            saved.set(None);
            loaded.set(true);
            return;
        }
        if saved.with_untracked(|s| s.as_ref().map(|s| s.id.to_string()) == Some(key.clone())) {
            return;
        }
        loaded.set(false);
        spawn_local(async move {
            match api::editorial_publication(key).await {
                Ok(item) => {
                    form.set(item.content.clone());
                    saved.set(Some(item));
                    failure.set(None);
                }
                Err(error) => failure.set(Some(error.message())),
            }
            loaded.set(true);
        });
    });

    let field_error =
        move |field: &'static str| Signal::derive(move || errors.with(|e| message_for(e, field)));

    let apply = move |item: EditorialPublication, message: String| {
        form.set(item.content.clone());
        saved.set(Some(item));
        errors.set(Vec::new());
        conflict.set(None);
        failure.set(None);
        notice.set(Some(message));
    };

    let save = {
        let navigate = navigate.clone();
        UnsyncCallback::new(move |()| {
            let input = form.get_untracked();
            if let Err(found) = input.validate() {
                errors.set(found);
                notice.set(None);
                focus_first_error();
                return;
            }
            busy.set(true);
            let csrf = session.csrf();
            let current = saved.get_untracked();
            let navigate = navigate.clone();
            spawn_local(async move {
                let result = match &current {
                    None => api::create_publication(csrf, input).await,
                    Some(item) => {
                        api::save_publication(csrf, item.id.to_string(), item.version, input).await
                    }
                };
                match result {
                    Ok(item) => {
                        let id = item.id;
                        apply(item, "Enregistré.".to_owned());
                        if current.is_none() {
                            navigate(
                                &format!("/redaction/publications/{id}"),
                                NavigateOptions {
                                    replace: true,
                                    ..Default::default()
                                },
                            );
                        }
                    }
                    Err(ApiError::Problem(problem)) if problem.status == 422 => {
                        errors.set(problem.errors);
                        notice.set(None);
                        focus_first_error();
                    }
                    Err(ApiError::Problem(problem)) if problem.status == 412 => {
                        if let Some(item) = current {
                            match api::editorial_publication(item.id.to_string()).await {
                                Ok(theirs) => conflict.set(Some(theirs)),
                                Err(error) => failure.set(Some(error.message())),
                            }
                        }
                    }
                    Err(error) => failure.set(Some(error.message())),
                }
                busy.set(false);
            });
        })
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        save.run(());
    };

    let act = move |action: &'static str, message: &'static str| {
        let Some(item) = saved.get_untracked() else {
            return;
        };
        busy.set(true);
        let csrf = session.csrf();
        spawn_local(async move {
            match api::publication_action(csrf, item.id.to_string(), action, item.version).await {
                Ok(item) => apply(item, message.to_owned()),
                Err(ApiError::Problem(problem)) if problem.status == 412 => {
                    failure.set(Some("Quelqu'un a modifié cette publication entre-temps : rechargez la page avant de recommencer.".to_owned()));
                }
                Err(error) => failure.set(Some(error.message())),
            }
            busy.set(false);
        });
    };

    let show_preview = move |_| {
        let csrf = session.csrf();
        let body = form.with_untracked(|f| f.body.clone());
        spawn_local(async move {
            match api::preview(csrf, body).await {
                Ok(html) => preview.set(Some(html)),
                Err(error) => failure.set(Some(error.message())),
            }
        });
    };

    let text_input = move |field: &'static str,
                           label: &'static str,
                           get: fn(&PublicationInput) -> String,
                           set: fn(&mut PublicationInput, String)| {
        let error = field_error(field);
        view! {
            <p class="field">
                <label for=field>{label}</label>
                <input id=field type="text"
                    prop:value=move || form.with(get)
                    on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))
                    aria-invalid=move || error.get().is_some().then_some("true")
                    aria-describedby=move || error.get().is_some().then(|| format!("{field}-erreur")) />
                {move || error.get().map(|m| view! { <span class="field-error" id=format!("{field}-erreur")>{m}</span> })}
            </p>
        }
    };

    let kind_error = field_error("kind");
    let summary_error = field_error("summary");
    let body_error = field_error("body");
    let date_error = field_error("publication_date");
    let themes_error = field_error("themes");
    let territories_error = field_error("territories");
    let slug_fixed = move || saved.with(|s| s.as_ref().is_some_and(|s| s.published_at.is_some()));

    view! {
        <StaffOnly>
            <p><a href="/redaction">"← Espace rédaction"</a></p>
            <h1 tabindex="-1">{move || if is_new.get() { "Nouvelle publication".to_owned() } else { form.with(|f| if f.title.is_empty() { "Publication".to_owned() } else { f.title.clone() }) }}</h1>
            {move || saved.get().map(|item| view! {
                <p class="status-line">
                    <span class="badge">{status_label(item.status, item.deleted_at.is_some())}</span>
                    {format!(" · version {}", item.version)}
                    {(item.status == EditorialStatus::Published && item.deleted_at.is_none()).then(|| view! {
                        " · " <a href=format!("/publications/{}", item.slug)>"Voir la page publique"</a>
                    })}
                </p>
            })}
            <div aria-live="polite" class="notice">{move || notice.get().map(|m| view! { <p class="success">{m}</p> })}</div>
            {move || failure.get().map(|m| view! { <div class="error" role="alert"><p>{m}</p></div> })}
            {move || conflict.get().map(|theirs| {
                let differences = form.with_untracked(|mine| changed_fields(mine, &theirs.content)).join(", ");
                let reload = theirs.clone();
                let overwrite = theirs.clone();
                view! {
                    <div class="error conflict" role="alert">
                        <p><strong>"Quelqu'un a modifié cette publication pendant que vous travailliez"</strong>
                           {format!(" (elle en est à la version {}).", theirs.version)}</p>
                        <p>{if differences.is_empty() { "Son contenu est identique au vôtre.".to_owned() } else { format!("Champs qui diffèrent de votre version : {differences}.") }}</p>
                        <button type="button" on:click=move |_| apply(reload.clone(), "Version actuelle rechargée ; vos changements ont été abandonnés.".to_owned())>"Recharger la version actuelle"</button>
                        " "
                        <button type="button" on:click=move |_| {
                            // Keep my content, take their version number: the next save overwrites on purpose.
                            saved.set(Some(overwrite.clone()));
                            conflict.set(None);
                            save.run(());
                        }>"Écraser avec ma version"</button>
                    </div>
                }
            })}
            <Show when=move || loaded.get() fallback=|| view! { <Loading what="de la publication" /> }>
                <form class="editor-form" on:submit=submit novalidate>
                    {text_input("title", "Titre (obligatoire)", |f| f.title.clone(), |f, v| f.title = v)}
                    <p class="field">
                        <label for="slug">"Slug (adresse de la page)"</label>
                        <input id="slug" type="text" placeholder="tiré du titre"
                            prop:value=move || form.with(|f| f.slug.clone().unwrap_or_default())
                            on:input=move |ev| form.update(|f| { let v = event_target_value(&ev); f.slug = (!v.trim().is_empty()).then(|| v.trim().to_owned()); })
                            disabled=slug_fixed
                            aria-describedby="slug-aide" />
                        <span class="hint" id="slug-aide">{move || if slug_fixed() { "Figé depuis la première publication : les liens existants restent valables." } else { "Laissez vide pour le tirer du titre." }}</span>
                        {move || field_error("slug").get().map(|m| view! { <span class="field-error">{m}</span> })}
                    </p>
                    <p class="field">
                        <label for="kind">"Type (obligatoire)"</label>
                        <select id="kind"
                            on:change=move |ev| form.update(|f| f.kind = event_target_value(&ev).parse().ok())
                            aria-invalid=move || kind_error.get().is_some().then_some("true")
                            aria-describedby=move || kind_error.get().is_some().then_some("kind-erreur")>
                            <option value="" selected=move || form.with(|f| f.kind.is_none())>"Choisir…"</option>
                            {PublicationKind::ALL.iter().map(|kind| {
                                let kind = *kind;
                                view! { <option value=kind.as_str() selected=move || form.with(|f| f.kind == Some(kind))>{kind.label()}</option> }
                            }).collect_view()}
                        </select>
                        {move || kind_error.get().map(|m| view! { <span class="field-error" id="kind-erreur">{m}</span> })}
                    </p>
                    <p class="field">
                        <label for="publication_date">"Date de publication"</label>
                        <input id="publication_date" type="date"
                            prop:value=move || form.with(|f| f.publication_date.map(|d| d.to_string()).unwrap_or_default())
                            on:change=move |ev| form.update(|f| f.publication_date = NaiveDate::parse_from_str(&event_target_value(&ev), "%Y-%m-%d").ok()) />
                        {move || date_error.get().map(|m| view! { <span class="field-error">{m}</span> })}
                    </p>
                    <p class="field">
                        <label for="summary">"Résumé"</label>
                        <textarea id="summary" rows="3"
                            prop:value=move || form.with(|f| f.summary.clone())
                            on:input=move |ev| form.update(|f| f.summary = event_target_value(&ev))></textarea>
                        {move || summary_error.get().map(|m| view! { <span class="field-error">{m}</span> })}
                    </p>
                    <p class="field">
                        <label for="body">"Texte (Markdown : ## titre, *italique*, **gras**, - liste, [lien](https://…))"</label>
                        <textarea id="body" rows="12"
                            prop:value=move || form.with(|f| f.body.clone())
                            on:input=move |ev| form.update(|f| f.body = event_target_value(&ev))></textarea>
                        {move || body_error.get().map(|m| view! { <span class="field-error">{m}</span> })}
                    </p>
                    <p><button type="button" on:click=show_preview>"Aperçu du texte"</button></p>
                    {move || preview.get().map(|html| view! {
                        <section class="preview" aria-label="Aperçu">
                            <h2>"Aperçu"</h2>
                            <div class="body" inner_html=html></div>
                        </section>
                    })}
                    <fieldset class="facet">
                        <legend>"Thèmes"</legend>
                        <Transition fallback=|| view! { <Loading what="des thèmes" /> }>
                            {move || themes.get().map(|r| r.map(|themes| view! {
                                <ul>{themes.into_iter().map(|theme| {
                                    let slug = theme.slug.clone();
                                    let toggled = slug.clone();
                                    let input_id = format!("theme-{slug}");
                                    view! { <li>
                                        <input type="checkbox" id=input_id.clone()
                                            prop:checked=move || form.with(|f| f.themes.contains(&slug))
                                            on:change=move |_| form.update(|f| toggle(&mut f.themes, &toggled)) />
                                        <label for=input_id>{theme.label}</label>
                                    </li> }
                                }).collect_view()}</ul>
                            }).ok())}
                        </Transition>
                        {move || themes_error.get().map(|m| view! { <span class="field-error">{m}</span> })}
                    </fieldset>
                    <fieldset class="facet">
                        <legend>"Territoires"</legend>
                        <Transition fallback=|| view! { <Loading what="des territoires" /> }>
                            {move || territories.get().map(|r| r.map(|territories| view! {
                                <ul>{territories.into_iter().map(|territory| {
                                    let id = territory.id.clone();
                                    let toggled = id.clone();
                                    let input_id = format!("territoire-{id}");
                                    view! { <li>
                                        <input type="checkbox" id=input_id.clone()
                                            prop:checked=move || form.with(|f| f.territories.contains(&id))
                                            on:change=move |_| form.update(|f| toggle(&mut f.territories, &toggled)) />
                                        <label for=input_id>{territory.name}</label>
                                    </li> }
                                }).collect_view()}</ul>
                            }).ok())}
                        </Transition>
                        {move || territories_error.get().map(|m| view! { <span class="field-error">{m}</span> })}
                    </fieldset>
                    <p class="actions">
                        <button type="submit" class="primary" disabled=move || busy.get()>"Enregistrer"</button>
                        {move || saved.get().map(|item| {
                            let deleted = item.deleted_at.is_some();
                            let published = item.status == EditorialStatus::Published;
                            view! {
                                {(!deleted && !published).then(|| view! { <button type="button" disabled=move || busy.get() on:click=move |_| act("publish", "Publié : visible de tous dès maintenant.")>"Publier"</button> })}
                                {(!deleted && published).then(|| view! { <button type="button" disabled=move || busy.get() on:click=move |_| act("unpublish", "Dépublié : redevenu un brouillon.")>"Dépublier"</button> })}
                                {(!deleted).then(|| view! { <button type="button" class="danger" disabled=move || busy.get() on:click=move |_| act("delete", "Mis à la corbeille.")>"Mettre à la corbeille"</button> })}
                                {deleted.then(|| view! { <button type="button" disabled=move || busy.get() on:click=move |_| act("restore", "Restauré.")>"Restaurer"</button> })}
                            }
                        })}
                    </p>
                </form>
            </Show>
        </StaffOnly>
    }
}

fn toggle(values: &mut Vec<String>, value: &str) {
    if let Some(position) = values.iter().position(|v| v == value) {
        values.remove(position);
    } else {
        values.push(value.to_owned());
    }
}

/// After a refused save, the first field in error takes the focus.
fn focus_first_error() {
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
