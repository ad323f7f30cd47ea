//! The frame around every page (skip link, header, footer, focus on navigation), shared by
//! the public bundle and the editors' bundle.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;

/// The client ships as two bundles with one router each: a link into the other bundle must
/// be a real page load (`rel="external"`), not a client-side navigation.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Bundle {
    Public,
    Staff,
}

const PUBLIC_SECTIONS: [(&str, &str); 4] = [
    ("/publications", "Publications"),
    ("/evenements", "Événements"),
    ("/reseau", "Réseau"),
    ("/recherche", "Recherche"),
];

/// Must sit inside the `<Router>`: it reads the location.
#[component]
pub fn Layout(
    bundle: Bundle,
    /// Items added at the end of the main navigation.
    #[prop(into)]
    nav_end: ViewFn,
    /// Paragraphs added at the end of the footer.
    #[prop(into)]
    footer_end: ViewFn,
    children: Children,
) -> impl IntoView {
    let external = (bundle == Bundle::Staff).then_some("external");
    let sections = PUBLIC_SECTIONS
        .into_iter()
        .map(|(href, label)| match bundle {
            Bundle::Public => view! { <li><A href=href>{label}</A></li> }.into_any(),
            Bundle::Staff => view! { <li><a href=href rel="external">{label}</a></li> }.into_any(),
        })
        .collect_view();
    view! {
        <a class="skip-link" href="#contenu" on:click=skip_to_content>"Aller au contenu"</a>
        <header class="site-header">
            <div class="wrap">
                <a class="brand" href="/" rel=external>"Passerelle"</a>
                <p class="tagline">"Centre de ressources politique de la ville"</p>
                <nav aria-label="Navigation principale">
                    <ul>{sections}{move || nav_end.run()}</ul>
                </nav>
            </div>
        </header>
        <main id="contenu" class="wrap" tabindex="-1">
            <FocusOnNavigation />
            {children()}
        </main>
        <footer>
            <div class="wrap">
                <p>
                    "Les données de Passerelle sont ouvertes : "
                    <a href="/api/docs/" rel="external">"documentation de l'API"</a> "."
                </p>
                {move || footer_end.run()}
            </div>
        </footer>
    }
}

/// The server sets a secret-free cookie beside the session's (which scripts cannot read):
/// without it, nobody is signed in and there is no session to ask about.
pub fn signed_in_hint() -> bool {
    document()
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()
        .and_then(|d| d.cookie().ok())
        .is_some_and(|cookies| {
            cookies
                .split(';')
                .any(|c| c.trim() == "passerelle_connecte=1")
        })
}

/// Pages show their heading once their data arrives: look for it at each frame, for
/// about two seconds at most.
fn focus_heading_when_rendered(attempt: u32) {
    request_animation_frame(move || {
        if document()
            .query_selector("main h1")
            .ok()
            .flatten()
            .is_some()
        {
            focus("main h1");
        } else if attempt < 120 {
            focus_heading_when_rendered(attempt + 1);
        }
    });
}

/// The router would treat `#contenu` as a navigation: move the focus ourselves.
fn skip_to_content(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    focus("main");
}

fn focus(selector: &str) {
    let element = document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// Moves focus to the new page's main heading when the path changes (not when only the
/// query changes, so typing in a search box keeps its focus).
#[component]
fn FocusOnNavigation() -> impl IntoView {
    let location = use_location();
    let first = StoredValue::new(true);
    Effect::new(move |_| {
        let _path = location.pathname.get();
        if first.get_value() {
            first.set_value(false);
            return;
        }
        // Wait for the page to render its heading.
        focus_heading_when_rendered(0);
    });
}
