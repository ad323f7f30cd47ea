use leptos::prelude::*;

use crate::api::ApiError;

/// Announced to screen readers while a request runs.
#[component]
pub fn Loading(#[prop(into)] what: String) -> impl IntoView {
    view! { <p class="status" role="status">{format!("Chargement {what}…")}</p> }
}

/// An error in French, with a way to try again.
#[component]
pub fn Failure(error: ApiError, retry: Callback<()>) -> impl IntoView {
    view! {
        <div class="error" role="alert">
            <p>{error.message()}</p>
            <button type="button" on:click=move |_| retry.run(())>"Réessayer"</button>
        </div>
    }
}
