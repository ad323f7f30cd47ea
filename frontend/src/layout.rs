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
    /// A bundle of its own (the editors' space, registering for an event): the public
    /// site's pages are full page loads away.
    Apart,
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
    let external = (bundle == Bundle::Apart).then_some("external");
    let sections = PUBLIC_SECTIONS
        .into_iter()
        .map(|(href, label)| match bundle {
            Bundle::Public => view! { <li><A href=href>{label}</A></li> }.into_any(),
            Bundle::Apart => view! { <li><a href=href rel="external">{label}</a></li> }.into_any(),
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
                <nav aria-label="Pages du site">
                    <ul class="legal">
                        <li><a href="/mentions-legales" rel="external">"Mentions légales"</a></li>
                        <li><a href="/donnees-personnelles" rel="external">"Données personnelles"</a></li>
                        <li><a href="/accessibilite" rel="external">{accessibility_link()}</a></li>
                        <li><a href="/plan-du-site" rel="external">"Plan du site"</a></li>
                    </ul>
                </nav>
                {move || footer_end.run()}
            </div>
        </footer>
    }
}

/// « Accessibilité : partiellement conforme » — the status the server wrote in the page's
/// head (`crates/http/src/site_pages.rs`), as every page's footer must say it.
fn accessibility_link() -> String {
    let status = document()
        .query_selector("meta[name=passerelle-conformite]")
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"));
    match status {
        Some(status) => format!("Accessibilité : {status}"),
        None => "Accessibilité".to_owned(),
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
/// about two seconds at most; then name the page after it (RGAA 8.6: a relevant title in
/// the tab and the history) and, after a navigation, move the focus to it.
fn when_heading_rendered(attempt: u32, move_focus: bool) {
    request_animation_frame(move || {
        let heading = document().query_selector("main h1").ok().flatten();
        match heading {
            Some(heading) => {
                let text = heading.text_content().unwrap_or_default();
                document().set_title(&format!("{} — Passerelle", text.trim()));
                // Unless the person has already moved on (typed, clicked into a field)
                // while the page was loading.
                let untouched = document()
                    .active_element()
                    .is_none_or(|e| e.tag_name() == "BODY" || e.id() == "contenu");
                if move_focus && untouched {
                    focus("main h1");
                }
            }
            None if attempt < 120 => when_heading_rendered(attempt + 1, move_focus),
            None => {}
        }
    });
}

/// The router would treat `#contenu` as a navigation: move the focus ourselves.
fn skip_to_content(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    focus("main");
}

/// After a refused form, the first field in error takes the focus, once it is drawn.
pub(crate) fn focus_first_error() {
    request_animation_frame(|| focus("[aria-invalid=\"true\"]"));
}

pub(crate) fn focus(selector: &str) {
    let element = document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// Names each page after its heading, and moves focus to the new page's heading when the
/// path changes (not when only the query changes, so typing in a search box keeps its
/// focus). The server's share preview tags describe the page first loaded only: they go
/// at the first navigation.
#[component]
fn FocusOnNavigation() -> impl IntoView {
    let location = use_location();
    let first = StoredValue::new(true);
    Effect::new(move |_| {
        let _path = location.pathname.get();
        let initial = first.get_value();
        if !initial {
            while let Some(tag) = document().query_selector("[data-apercu]").ok().flatten() {
                tag.remove();
            }
        }
        first.set_value(false);
        when_heading_rendered(0, !initial);
    });
}
