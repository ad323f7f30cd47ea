//! The form of one item of any kind: the same validation messages as the API, a preview,
//! the documents of a publication, and a way out of edit conflicts. Each field is drawn
//! by `form_field.rs`.

use leptos::callback::UnsyncCallback;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use passerelle_types::{
    EditorialInput, EditorialState, EditorialStatus, EditorialView, FieldError,
};

use crate::api::ApiError;
use crate::components::*;
use crate::staff::api;
use crate::staff::combobox::LocalChoices;
use crate::staff::editorial::{changed_fields, EditorKind};
use crate::staff::form_field::{reference_choices, render_field};
use crate::staff::session::use_session;

use super::pages::{message_for, status_label, StaffOnly};

/// The form of one item of kind `K`: `/redaction/{K::ROUTE}/:id`, `nouveau` for a new one.
pub fn item_editor<K: EditorKind>() -> impl IntoView {
    let params = use_params_map();
    let session = use_session();
    let navigate = use_navigate();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let is_new = Memo::new(move |_| id.get() == "nouveau");

    let form = RwSignal::new(K::Input::default());
    let saved = RwSignal::new(None::<K::View>);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let notice = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let conflict = RwSignal::new(None::<K::View>);
    let preview = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let loaded = RwSignal::new(false);
    let state = Memo::new(move |_| saved.with(|s| s.as_ref().map(EditorialView::state)));

    Effect::new(move |_| {
        let key = id.get();
        if key == "nouveau" {
            form.set(K::Input::default());
            saved.set(None);
            loaded.set(true);
            return;
        }
        if state.with_untracked(|s| s.as_ref().map(|s| s.id.to_string()) == Some(key.clone())) {
            return;
        }
        loaded.set(false);
        spawn_local(async move {
            match api::editorial_item::<K::View>(K::API, key).await {
                Ok(item) => {
                    form.set(item.content().clone());
                    saved.set(Some(item));
                    failure.set(None);
                }
                Err(error) => failure.set(Some(error.message())),
            }
            loaded.set(true);
        });
    });

    let apply = move |item: K::View, message: String| {
        form.set(item.content().clone());
        saved.set(Some(item));
        errors.set(Vec::new());
        conflict.set(None);
        failure.set(None);
        notice.set(Some(message));
    };

    let save = UnsyncCallback::new(move |()| {
        let input = form.get_untracked();
        if !passes(errors, input.validate()) {
            notice.set(None);
            return;
        }
        busy.set(true);
        // A message from an earlier save must not read as the outcome of this one.
        notice.set(None);
        let csrf = session.csrf();
        let current: Option<EditorialState> = state.get_untracked();
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = match &current {
                None => api::create_item::<_, K::View>(csrf, K::API, input).await,
                Some(item) => {
                    api::save_item::<_, K::View>(
                        csrf,
                        K::API,
                        item.id.to_string(),
                        item.version,
                        input,
                    )
                    .await
                }
            };
            match result {
                Ok(item) => {
                    let id = item.id();
                    apply(item, "Enregistré.".to_owned());
                    if current.is_none() {
                        navigate(
                            &format!("/redaction/{}/{id}", K::ROUTE),
                            NavigateOptions {
                                replace: true,
                                ..Default::default()
                            },
                        );
                    }
                }
                Err(ApiError::Problem(problem)) if problem.status == 422 => {
                    refused(errors, problem.errors);
                    notice.set(None);
                }
                Err(ApiError::Problem(problem)) if problem.status == 412 => {
                    if let Some(item) = current {
                        match api::editorial_item::<K::View>(K::API, item.id.to_string()).await {
                            Ok(theirs) => conflict.set(Some(theirs)),
                            Err(error) => failure.set(Some(error.message())),
                        }
                    }
                }
                Err(error) => failure.set(Some(error.message())),
            }
            busy.set(false);
        });
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        save.run(());
    };

    let act = move |action: &'static str, message: &'static str| {
        let Some(item) = state.get_untracked() else {
            return;
        };
        busy.set(true);
        notice.set(None);
        let csrf = session.csrf();
        spawn_local(async move {
            match api::item_action::<K::View>(
                csrf,
                K::API,
                item.id.to_string(),
                action,
                item.version,
            )
            .await
            {
                Ok(item) => apply(item, message.to_owned()),
                Err(ApiError::Problem(problem)) if problem.status == 412 => {
                    failure.set(Some(format!(
                    "Quelqu'un a modifié {} entre-temps : rechargez la page avant de recommencer.",
                    K::THE
                )))
                }
                Err(error) => failure.set(Some(error.message())),
            }
            busy.set(false);
        });
    };

    let unsaved =
        move || saved.with(|s| s.as_ref().is_some_and(|s| form.with(|f| f != s.content())));
    let slug_fixed = move || state.with(|s| s.as_ref().is_some_and(|s| s.published_at.is_some()));
    let slug_error = Signal::derive(move || errors.with(|e| message_for(e, "slug")));
    let themes = reference_choices(api::themes, LocalChoices::themes);
    let territories = reference_choices(api::territories, LocalChoices::territories);

    view! {
        <StaffOnly>
            <p><a href=format!("/redaction/{}", K::ROUTE)>"← Espace rédaction"</a></p>
            <h1 tabindex="-1">{move || if is_new.get() { K::NEW_TITLE.to_owned() } else { form.with(|f| { let t = f.title().to_owned(); if t.is_empty() { "Sans titre".to_owned() } else { t } }) }}</h1>
            {move || state.get().map(|item| view! {
                <p class="status-line">
                    <span class="badge">{status_label(item.status, item.deleted_at.is_some())}</span>
                    {format!(" · version {}", item.version)}
                    {(item.status == EditorialStatus::Published && item.deleted_at.is_none()).then(|| view! {
                        " · " <a href=format!("{}/{}", K::PUBLIC, item.slug) rel="external">"Voir la page publique"</a>
                    })}
                    " · " <a href=format!("/redaction/{}/{}/apercu", K::ROUTE, item.id)>"Prévisualiser"</a>
                    {move || unsaved().then_some(" (la dernière version enregistrée : enregistrez d'abord vos changements)")}
                </p>
            })}
            <div aria-live="polite" class="notice">{move || notice.get().map(|m| view! { <p class="success">{m}</p> })}</div>
            {move || failure.get().map(|m| view! { <div class="error" role="alert"><p>{m}</p></div> })}
            {move || conflict.get().map(|theirs| {
                let differences = form.with_untracked(|mine| changed_fields(mine, theirs.content(), &K::fields())).join(", ");
                let version = theirs.version();
                let reload = theirs.clone();
                let overwrite = theirs.clone();
                view! {
                    <div class="error conflict" role="alert">
                        <p><strong>{format!("Quelqu'un a modifié {} pendant que vous travailliez", K::THE)}</strong>
                           {format!(" (version {version}).")}</p>
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
            <Show when=move || loaded.get() fallback=|| view! { <Loading what="du contenu" /> }>
                <form class="editor-form" on:submit=submit novalidate>
                    {K::fields().into_iter().map(|field| render_field::<K>(field, form, errors, preview, themes, territories)).collect_view()}
                    <p class="field">
                        <label for="slug">"Slug (adresse de la page)"</label>
                        <input id="slug" type="text" placeholder="tiré du titre"
                            prop:value=move || form.with(|f| f.slug().unwrap_or_default().to_owned())
                            on:input=move |ev| form.update(|f| { let v = event_target_value(&ev); f.set_slug((!v.trim().is_empty()).then(|| v.trim().to_owned())); })
                            disabled=slug_fixed
                            aria-invalid=move || slug_error.get().is_some().then_some("true")
                            aria-describedby="slug-aide" />
                        <span class="hint" id="slug-aide">{move || if slug_fixed() { "Figé depuis la première publication : les liens existants restent valables." } else { "Laissez vide pour le tirer du titre." }}</span>
                        {move || slug_error.get().map(|m| view! { <span class="field-error">{m}</span> })}
                    </p>
                    <p class="actions">
                        <button type="submit" class="primary" disabled=move || busy.get()>"Enregistrer"</button>
                        {move || state.get().map(|item| {
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
            {move || (K::ATTACHMENTS && loaded.get()).then(|| state.get().map(|item| view! {
                <Attachments publication=item.id.to_string() />
            })).flatten()}
            {move || (K::REGISTRATIONS && loaded.get()).then(|| state.get().map(|item| view! {
                <super::registrations::RegistrationsPanel event=item.id.to_string() />
            })).flatten()}
            // Keyed on the version: each save, restoration or transition shows its step.
            {move || loaded.get().then(|| saved.get().map(|item| {
                super::history::history_panel::<K>(item, apply)
            })).flatten()}
        </StaffOnly>
    }
}

/// The documents of a saved publication: list, upload with progress, removal.
#[component]
fn Attachments(publication: String) -> impl IntoView {
    let session = use_session();
    let key = StoredValue::new(publication);
    let list = LocalResource::new(move || api::attachments(key.get_value()));
    let progress = RwSignal::new(None::<f64>);
    let message = RwSignal::new(None::<(bool, String)>);
    let choose = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        input.set_value("");
        progress.set(Some(0.0));
        message.set(None);
        api::upload_attachment(
            &session.csrf(),
            &key.get_value(),
            file,
            move |done| progress.set(Some(done)),
            move |outcome| {
                progress.set(None);
                match outcome {
                    Ok(attachment) => {
                        message.set(Some((
                            true,
                            format!("« {} » déposé.", attachment.file_name),
                        )));
                        list.refetch();
                    }
                    Err(error) => message.set(Some((false, error.message()))),
                }
            },
        );
    };
    let remove = move |id: String, name: String| {
        let csrf = session.csrf();
        spawn_local(async move {
            match api::remove_attachment(csrf, key.get_value(), id).await {
                Ok(()) => {
                    message.set(Some((true, format!("« {name} » retiré."))));
                    list.refetch();
                }
                Err(error) => message.set(Some((false, error.message()))),
            }
        });
    };
    view! {
        <section class="attachments" aria-labelledby="documents-titre">
            <h2 id="documents-titre">"Documents"</h2>
            <Transition fallback=|| view! { <Loading what="des documents" /> }>
                {move || list.get().map(|result| match result {
                    Ok(items) if items.is_empty() => view! { <p class="empty">"Aucun document."</p> }.into_any(),
                    Ok(items) => view! {
                        <ul>{items.into_iter().map(|a| {
                            let (id, name) = (a.id.to_string(), a.file_name.clone());
                            view! { <li>
                                {a.file_name.clone()} {format!(" ({})", crate::format::file_size(a.size_bytes))} " "
                                <button type="button" class="danger"
                                    aria-label=format!("Retirer {}", a.file_name)
                                    on:click=move |_| remove(id.clone(), name.clone())>"Retirer"</button>
                            </li> }
                        }).collect_view()}</ul>
                    }.into_any(),
                    Err(error) => view! { <Failure error retry=Callback::new(move |()| list.refetch()) /> }.into_any(),
                })}
            </Transition>
            <p class="field">
                <label for="document">"Déposer un document (PDF, image, Word, Excel, PowerPoint, OpenDocument)"</label>
                <input id="document" type="file" on:change=choose disabled=move || progress.get().is_some() />
            </p>
            {move || progress.get().map(|done| view! {
                <p><label for="envoi">"Envoi en cours "</label>
                <progress id="envoi" max="100" value=(done * 100.0).round()>{format!("{:.0} %", done * 100.0)}</progress></p>
            })}
            <div aria-live="polite">{move || message.get().map(|(ok, text)| view! {
                <p class=if ok { "success" } else { "error" }>{text}</p>
            })}</div>
        </section>
    }
}
