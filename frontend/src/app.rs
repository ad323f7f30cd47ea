//! Layout and routes. Every route's state lives in its URL.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::hooks::use_location;
use leptos_router::path;
use wasm_bindgen::JsCast;

use crate::components::{FiltersOpen, RestoreFocus};
use crate::editorial;
use crate::pages::*;
use crate::session::Session;

#[component]
pub fn App() -> impl IntoView {
    provide_context(RestoreFocus(RwSignal::new(None)));
    provide_context(FiltersOpen(RwSignal::new(false)));
    let session = Session::provide();
    let sign_out = move |_| {
        let csrf = session.csrf();
        leptos::task::spawn_local(async move {
            if crate::api::sign_out(csrf).await.is_ok() {
                session.info.set(None);
                let _ = window().location().set_href("/");
            }
        });
    };
    view! {
        <Router>
            <a class="skip-link" href="#contenu" on:click=skip_to_content>"Aller au contenu"</a>
            <header class="site-header">
                <div class="wrap">
                    <a class="brand" href="/">"Passerelle"</a>
                    <p class="tagline">"Centre de ressources politique de la ville"</p>
                    <nav aria-label="Navigation principale">
                        <ul>
                            <li><A href="/publications">"Publications"</A></li>
                            <li><A href="/evenements">"Événements"</A></li>
                            <li><A href="/reseau">"Réseau"</A></li>
                            <li><A href="/recherche">"Recherche"</A></li>
                            {move || session.signed_in().then(|| view! {
                                <li><A href="/redaction">"Rédaction"</A></li>
                                <li><button type="button" class="link" on:click=sign_out>"Se déconnecter"</button></li>
                            })}
                        </ul>
                    </nav>
                </div>
            </header>
            <main id="contenu" class="wrap" tabindex="-1">
                <FocusOnNavigation />
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/publications") view=Publications />
                    <Route path=path!("/publications/:slug") view=PublicationPage />
                    <Route path=path!("/evenements") view=Events />
                    <Route path=path!("/evenements/:slug") view=EventPage />
                    <Route path=path!("/reseau") view=Members />
                    <Route path=path!("/reseau/:slug") view=MemberPage />
                    <Route path=path!("/recherche") view=Search />
                    <Route path=path!("/connexion") view=SignInPage />
                    <Route path=path!("/redaction") view=Dashboard />
                    <Route path=path!("/redaction/jetons") view=TokensPage />
                    <Route path=path!("/redaction/themes") view=ThemesPage />
                    <Route path=path!("/redaction/:kind") view=Dashboard />
                    <Route path=path!("/redaction/publications/:id") view={item_editor::<editorial::Publications>} />
                    <Route path=path!("/redaction/evenements/:id") view={item_editor::<editorial::Events>} />
                    <Route path=path!("/redaction/membres/:id") view={item_editor::<editorial::Members>} />
                </Routes>
            </main>
            <footer>
                <div class="wrap">
                    <p>
                        "Les données de Passerelle sont ouvertes : "
                        <a href="/api/docs/">"documentation de l'API"</a> "."
                    </p>
                    {move || (!session.signed_in()).then(|| view! {
                        <p><a href="/connexion">"Espace rédaction"</a></p>
                    })}
                </div>
            </footer>
        </Router>
    }
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
