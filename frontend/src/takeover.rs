//! Taking the place of the page the server wrote (`crates/pages`): the client draws its own
//! view in a hidden root, from the answers written in the page, and swaps it for the
//! server's in one step once no request is on its way — no blank, no « Chargement… », no
//! jump. Someone who had started typing in the server's search box carries on in the
//! client's, where they were.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api;

/// How long the client waits for its own requests before showing its view anyway.
const PATIENCE: u32 = 200;

/// Mounts `app`: in place of the server's page when there is one, else in the body.
pub fn mount<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: IntoView,
{
    let document = document();
    let (Some(server), Some(body)) = (document.get_element_by_id("serveur"), document.body())
    else {
        leptos::mount::mount_to_body(app);
        return;
    };
    let Ok(root) = document.create_element("div") else {
        return;
    };
    root.set_class_name("racine");
    let _ = root.set_attribute("hidden", "");
    let _ = body.append_child(&root);
    let Ok(root) = root.dyn_into::<web_sys::HtmlElement>() else {
        return;
    };
    // Once the server's page is painted: the client's first render is a long task, which
    // must not hold that paint back.
    request_animation_frame(move || {
        set_timeout(
            move || {
                leptos::mount::mount_to(root.clone(), app).forget();
                when_settled(0, move || swap(server, root));
            },
            Duration::ZERO,
        );
    });
}

/// After the tasks the first render started (answers read from the page finish within
/// them), then every 10 ms while requests are on their way.
fn when_settled(attempt: u32, then: impl FnOnce() + 'static) {
    set_timeout(
        move || {
            if api::in_flight() == 0 || attempt >= PATIENCE {
                then();
            } else {
                when_settled(attempt + 1, then);
            }
        },
        Duration::from_millis(if attempt == 0 { 0 } else { 10 }),
    );
}

fn swap(server: web_sys::Element, root: web_sys::HtmlElement) {
    let document = document();
    // What the person was doing in the server's page: the field they were in, its text.
    let focused = document
        .active_element()
        .filter(|active| server.contains(Some(active)))
        .map(|active| {
            let value = active
                .dyn_ref::<web_sys::HtmlInputElement>()
                .map(|input| input.value());
            (active.id(), value)
        });
    server.remove();
    root.remove_attribute("hidden").ok();
    let Some((id, value)) = focused.filter(|(id, _)| !id.is_empty()) else {
        return;
    };
    let Some(element) = document.get_element_by_id(&id) else {
        return;
    };
    if let (Some(value), Some(input)) = (value, element.dyn_ref::<web_sys::HtmlInputElement>()) {
        if input.value() != value {
            input.set_value(&value);
            // The client's own handler reads it as typed (search as you type).
            if let Ok(event) = web_sys::Event::new("input") {
                let _ = input.dispatch_event(&event);
            }
        }
    }
    if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
        let _ = element.focus();
    }
}
