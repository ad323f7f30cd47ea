//! « Prévisualiser »: an item as the public will see it once published — the public page's
//! own article, read by the server as the public reading would — under a banner that says
//! what it is (a draft, the published page, an item in the bin).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use passerelle_types::{EditorialStatus, EditorialView};

use crate::components::*;
use crate::staff::api;
use crate::staff::editorial::EditorKind;
use crate::staff::pages::StaffOnly;

/// `/redaction/{K::ROUTE}/:id/apercu`.
pub fn preview_page<K: EditorKind>() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let item = LocalResource::new(move || api::public_preview::<K::Public>(K::API, id.get()));
    let state = LocalResource::new(move || api::editorial_item::<K::View>(K::API, id.get()));
    // What the item is now, and what the page below is to the public.
    let banner = move || {
        state.get().and_then(Result::ok).map(|view| {
            let state = view.state();
            if state.deleted_at.is_some() {
                ("À la corbeille", "le public ne voit pas cet élément.")
            } else if state.status == EditorialStatus::Draft {
                ("Brouillon", "le public ne voit pas encore cette page ; la voici telle qu'il la verra une fois publiée.")
            } else {
                ("Publié", "voici la page que le public voit.")
            }
        })
    };
    view! {
        <StaffOnly>
            <div class="draft-banner">
                <p>{move || banner().map(|(what, text)| view! { <strong>{what}</strong>" — "{text} })}</p>
                <p><a href=move || format!("/redaction/{}/{}", K::ROUTE, id.get())>"← Revenir au formulaire"</a></p>
            </div>
            <Transition fallback=|| view! { <Loading what="de l'aperçu" /> }>
                {move || item.get().map(|result| match result {
                    Ok(public) => K::article(public),
                    Err(error) => view! { <Failure error retry=Callback::new(move |()| item.refetch()) /> }.into_any(),
                })}
            </Transition>
        </StaffOnly>
    }
}
