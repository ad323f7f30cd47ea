//! How the editors' form draws each kind of field (`editorial.rs` describes them): its
//! label, its input, its error and accessible description; the reference lists and the
//! search of members it chooses from.

use leptos::prelude::*;
use leptos::task::spawn_local;
use passerelle_types::FieldError;
use std::collections::HashMap;
use std::future::Future;
use uuid::Uuid;

use super::pages::message_for;
use crate::api::ApiError;
use crate::staff::api;
use crate::staff::combobox::{local_search, Choice, Combobox, Found, LocalChoices};
use crate::staff::editorial::{EditorKind, Field, Reference};
use crate::staff::session::use_session;

/// One input of the form, with its label, its error and its accessible description.
pub(super) fn render_field<K: EditorKind>(
    field: Field<K::Input>,
    form: RwSignal<K::Input>,
    errors: RwSignal<Vec<FieldError>>,
    preview: RwSignal<Option<String>>,
    themes: Signal<Option<LocalChoices>>,
    territories: Signal<Option<LocalChoices>>,
) -> AnyView {
    let error_of =
        move |id: &'static str| Signal::derive(move || errors.with(|e| message_for(e, id)));
    let error_view = move |id: &'static str, error: Signal<Option<String>>| {
        move || {
            error
                .get()
                .map(|m| view! { <span class="field-error" id=format!("{id}-erreur")>{m}</span> })
        }
    };
    let invalid =
        move |error: Signal<Option<String>>| move || error.get().is_some().then_some("true");
    let described = move |id: &'static str, error: Signal<Option<String>>| {
        move || error.get().is_some().then(|| format!("{id}-erreur"))
    };
    // A field's paragraph: its label, its control, its error.
    let labelled = move |id: &'static str, label: &'static str, control: AnyView| {
        let error = error_of(id);
        view! {
            <p class="field">
                <label for=id>{label}</label>
                {control}
                {error_view(id, error)}
            </p>
        }
    };
    match field {
        Field::Line {
            id,
            label,
            input_type,
            get,
            set,
        } => {
            let error = error_of(id);
            let input = view! {
                <input id=id type=input_type
                    prop:value=move || form.with(get)
                    on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))
                    aria-invalid=invalid(error) aria-describedby=described(id, error) />
            };
            labelled(id, label, input.into_any()).into_any()
        }
        Field::Text {
            id,
            label,
            rows,
            markdown,
            get,
            set,
        } => {
            let error = error_of(id);
            let session = use_session();
            let show_preview = move |_| {
                let csrf = session.csrf();
                let body = form.with_untracked(get);
                spawn_local(async move {
                    if let Ok(html) = api::preview(csrf, body).await {
                        preview.set(Some(html));
                    }
                });
            };
            let textarea = view! {
                <textarea id=id rows=rows
                    prop:value=move || form.with(get)
                    on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))
                    aria-invalid=invalid(error) aria-describedby=described(id, error)></textarea>
            };
            view! {
                {labelled(id, label, textarea.into_any())}
                {markdown.then(|| view! {
                    <p><button type="button" on:click=show_preview>"Aperçu du texte"</button></p>
                    {move || preview.get().map(|html| view! {
                        <section class="preview" aria-label="Aperçu">
                            <h2>"Aperçu"</h2>
                            <div class="body" inner_html=html></div>
                        </section>
                    })}
                })}
            }
            .into_any()
        }
        Field::Choice {
            id,
            label,
            options,
            get,
            set,
        } => {
            let error = error_of(id);
            let select = view! {
                <select id=id
                    on:change=move |ev| form.update(|f| set(f, &event_target_value(&ev)))
                    aria-invalid=invalid(error) aria-describedby=described(id, error)>
                    <option value="" selected=move || form.with(|f| get(f).is_none())>"Choisir…"</option>
                    {options.into_iter().map(|(value, text)| view! {
                        <option value=value selected=move || form.with(|f| get(f) == Some(value))>{text}</option>
                    }).collect_view()}
                </select>
            };
            labelled(id, label, select.into_any()).into_any()
        }
        Field::Check {
            id,
            label,
            get,
            set,
        } => view! {
            <p class="field check">
                <input id=id type="checkbox"
                    prop:checked=move || form.with(get)
                    on:change=move |ev| form.update(|f| set(f, event_target_checked(&ev))) />
                <label for=id>{label}</label>
            </p>
        }
        .into_any(),
        Field::Links {
            id,
            label,
            get,
            get_mut,
        } => {
            let count = move || form.with(|f| get(f).len());
            let row = move |index: usize| {
                let url_id = format!("{id}-{index}-url");
                let label_id = format!("{id}-{index}-label");
                let url_error = Signal::derive(move || {
                    errors.with(|e| message_for(e, &format!("{id}[{index}].url")))
                });
                let label_error = Signal::derive(move || {
                    errors.with(|e| message_for(e, &format!("{id}[{index}].label")))
                });
                view! {
                    <li class="link-row">
                        <p class="field">
                            <label for=url_id.clone()>{format!("Adresse du lien {}", index + 1)}</label>
                            <input id=url_id type="url" placeholder="https://…"
                                prop:value=move || form.with(|f| get(f).get(index).map(|l| l.url.clone()).unwrap_or_default())
                                on:input=move |ev| form.update(|f| if let Some(l) = get_mut(f).get_mut(index) { l.url = event_target_value(&ev) })
                                aria-invalid=move || url_error.get().is_some().then_some("true") />
                            {move || url_error.get().map(|m| view! { <span class="field-error">{m}</span> })}
                        </p>
                        <p class="field">
                            <label for=label_id.clone()>{format!("Intitulé du lien {}", index + 1)}</label>
                            <input id=label_id type="text"
                                prop:value=move || form.with(|f| get(f).get(index).map(|l| l.label.clone()).unwrap_or_default())
                                on:input=move |ev| form.update(|f| if let Some(l) = get_mut(f).get_mut(index) { l.label = event_target_value(&ev) })
                                aria-invalid=move || label_error.get().is_some().then_some("true") />
                            {move || label_error.get().map(|m| view! { <span class="field-error">{m}</span> })}
                        </p>
                        <button type="button" class="danger" aria-label=format!("Retirer le lien {}", index + 1)
                            on:click=move |_| form.update(|f| { let links = get_mut(f); if index < links.len() { links.remove(index); } })>"Retirer"</button>
                    </li>
                }
            };
            view! {
                <fieldset class="facet">
                    <legend>{label}</legend>
                    <ul class="links">{move || (0..count()).map(row).collect_view()}</ul>
                    <button type="button" on:click=move |_| form.update(|f| get_mut(f).push(passerelle_types::Link { url: String::new(), label: String::new(), media_type: None }))>"Ajouter un lien"</button>
                </fieldset>
            }.into_any()
        }
        Field::Organizations {
            id,
            label,
            roles,
            get,
            set,
        } => {
            let roles = StoredValue::new(roles);
            let names = RwSignal::new(HashMap::<Uuid, Choice>::new());
            // The names of the members already linked, read once each.
            Effect::new(move |_| {
                let missing: Vec<Uuid> = form.with(|f| {
                    get(f)
                        .into_iter()
                        .map(|(member, _)| member)
                        .filter(|m| names.with_untracked(|n| !n.contains_key(m)))
                        .collect()
                });
                for member in missing {
                    spawn_local(async move {
                        if let Ok(view) = api::editorial_item::<passerelle_types::EditorialMember>(
                            "members",
                            member.to_string(),
                        )
                        .await
                        {
                            names.update(|n| {
                                n.insert(
                                    member,
                                    member_choice(
                                        member,
                                        view.content.name,
                                        view.content.kind.map(|k| k.as_str()),
                                    ),
                                );
                            });
                        }
                    });
                }
            });
            let rows = move || form.with(get);
            let change = move |f: &mut K::Input, edit: &dyn Fn(&mut Linked)| {
                let mut current: Vec<(Uuid, String)> =
                    get(f).into_iter().map(|(m, r)| (m, r.to_owned())).collect();
                edit(&mut current);
                set(f, current);
            };
            let row = move |(index, (member, role)): (usize, (Uuid, &'static str))| {
                let role_id = format!("{id}-{index}-role");
                let error = Signal::derive(move || {
                    errors.with(|e| message_for(e, &format!("{id}[{index}].member_id")))
                });
                let name = move || {
                    names
                        .with(|n| n.get(&member).map(Choice::full_label))
                        .unwrap_or_else(|| "…".to_owned())
                };
                view! {
                    <li class="link-row">
                        <p class="field">
                            <span class="organization-name">{name}</span>
                            {move || error.get().map(|m| view! { <span class="field-error">{m}</span> })}
                        </p>
                        <p class="field">
                            <label for=role_id.clone()>{move || format!("Rôle de {}", name())}</label>
                            <select id=role_id on:change=move |ev| {
                                let role = event_target_value(&ev);
                                form.update(|f| change(f, &|rows| if let Some(row) = rows.get_mut(index) { row.1 = role.clone(); }));
                            }>
                                {roles.get_value().into_iter().map(|(value, text)| view! {
                                    <option value=value selected=value == role>{text}</option>
                                }).collect_view()}
                            </select>
                        </p>
                        <button type="button" class="danger" aria-label=move || format!("Retirer {}", name())
                            on:click=move |_| form.update(|f| change(f, &|rows| if index < rows.len() { rows.remove(index); }))>"Retirer"</button>
                    </li>
                }
            };
            let pick = Callback::new(move |choice: Choice| {
                let Ok(member) = choice.value.parse::<Uuid>() else {
                    return;
                };
                names.update(|n| {
                    n.insert(member, choice.clone());
                });
                let first_role =
                    roles.with_value(|r| r.first().map(|(value, _)| (*value).to_owned()));
                if let Some(role) = first_role {
                    form.update(|f| change(f, &|rows| rows.push((member, role.clone()))));
                }
            });
            view! {
                <fieldset class="facet">
                    <legend>{label}</legend>
                    <ul class="links">{move || rows().into_iter().enumerate().map(row).collect_view()}</ul>
                    <Combobox id=format!("{id}-recherche") label="Ajouter une structure (nom)".to_owned()
                        chosen=Signal::derive(Vec::new) search=search_members
                        on_pick=pick on_remove=Callback::new(|_| ())
                        placeholder="Tapez le début du nom" />
                </fieldset>
            }.into_any()
        }
        Field::Many {
            id,
            label,
            source,
            get,
            get_mut,
        } => {
            let error = error_of(id);
            let choices = match source {
                Reference::Themes => themes,
                Reference::Territories => territories,
            };
            let chosen = Signal::derive(move || {
                let values = form.with(|f| get(f).clone());
                choices
                    .get()
                    .map(|list| list.chosen(&values))
                    .unwrap_or_default()
            });
            let pick = Callback::new(move |choice: Choice| {
                form.update(|f| {
                    let values = get_mut(f);
                    if !values.contains(&choice.value) {
                        values.push(choice.value);
                    }
                })
            });
            let remove = Callback::new(move |choice: Choice| {
                form.update(|f| get_mut(f).retain(|v| *v != choice.value))
            });
            let placeholder = match source {
                Reference::Themes => "Tapez un mot du thème",
                Reference::Territories => "Tapez le nom d'une commune, d'un département…",
            };
            view! {
                <div class="field">
                    <Combobox id=id.to_owned() label=label.to_owned() chosen search=local_search(choices)
                        on_pick=pick on_remove=remove placeholder
                        error_id=Signal::derive(move || error.get().map(|_| format!("{id}-erreur"))) />
                    {error_view(id, error)}
                </div>
            }.into_any()
        }
    }
}

/// Members linked to an item, each with its role, in order.
type Linked = Vec<(Uuid, String)>;

/// A reference list (themes, territories), loaded once for the form, as combobox choices;
/// `None` while it loads, empty if it failed.
pub(super) fn reference_choices<T, Fut>(
    load: fn() -> Fut,
    make: fn(Vec<T>) -> LocalChoices,
) -> Signal<Option<LocalChoices>>
where
    T: Clone + 'static,
    Fut: Future<Output = Result<Vec<T>, ApiError>> + 'static,
{
    let loaded = LocalResource::new(load);
    let choices = Memo::new(move |_| loaded.get().map(|r| r.map(make).unwrap_or_default()));
    choices.into()
}

/// A member as a choice, with its kind beside its name.
pub(super) fn member_choice(id: Uuid, name: String, kind: Option<&str>) -> Choice {
    Choice {
        value: id.to_string(),
        label: name,
        detail: kind.map(passerelle_types::label_of::<passerelle_types::MemberKind>),
    }
}

/// Members found by the words of their name, drafts included, the bin left out.
async fn search_members(text: String) -> Found {
    let query = passerelle_types::EditorialQuery {
        q: Some(text),
        sort: Some(passerelle_types::EditorialSort::Title),
        limit: Some(crate::staff::combobox::SHOWN as u32),
        ..Default::default()
    };
    let list = api::editorial_list("members", &query)
        .await
        .map_err(|e| e.message())?;
    let shown = list
        .items
        .into_iter()
        .map(|m| member_choice(m.id, m.title, Some(&m.kind)))
        .collect();
    Ok((shown, list.page.total as usize))
}
