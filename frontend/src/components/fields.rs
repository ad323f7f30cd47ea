//! A form's text line, shared by the forms of every bundle: its label, its error beside
//! it, named for assistive technologies.

use leptos::prelude::*;
use passerelle_types::FieldError;

/// The message of `field` among a form's errors, as it changes.
pub fn field_error(
    errors: RwSignal<Vec<FieldError>>,
    field: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors.with(|e| {
            e.iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone())
        })
    })
}

/// A labelled text line; `field` (by default the line's `id`) names its errors.
#[component]
pub fn TextField(
    id: &'static str,
    label: &'static str,
    #[prop(optional)] field: Option<&'static str>,
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    value: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let error = field_error(errors, field.unwrap_or(id));
    view! {
        <p class="field">
            <label for=id>{label}</label>
            <input id=id type=input_type.unwrap_or("text") autocomplete=autocomplete
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || error.get().map(|_| "true")
                aria-describedby=move || error.get().map(|_| format!("{id}-erreur")) />
            {move || error.get().map(|m| view! { <span class="field-error" id=format!("{id}-erreur")>{m}</span> })}
        </p>
    }
}

/// What a text line holds, trimmed; nothing when empty.
pub fn optional_text(text: String) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// A form's own check before it is sent: its errors shown, the first field in error
/// focused. True when the check passed (the errors are then cleared).
pub fn passes<T>(errors: RwSignal<Vec<FieldError>>, check: Result<T, Vec<FieldError>>) -> bool {
    match check {
        Ok(_) => {
            errors.set(Vec::new());
            true
        }
        Err(found) => {
            refused(errors, found);
            false
        }
    }
}

/// The errors the server found in a form (its 422), shown as the form's own would be.
pub fn refused(errors: RwSignal<Vec<FieldError>>, found: Vec<FieldError>) {
    errors.set(found);
    crate::layout::focus_first_error();
}

/// A form's main button: `label`, or `busy_label` and disabled while its request runs.
#[component]
pub fn Submit(
    busy: RwSignal<bool>,
    label: &'static str,
    busy_label: &'static str,
) -> impl IntoView {
    view! {
        <button type="submit" class="primary" disabled=move || busy.get()>
            {move || if busy.get() { busy_label } else { label }}
        </button>
    }
}
