//! The public site: its routes. Every route's state lives in its URL.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::{FiltersOpen, RestoreFocus};
use crate::layout::{signed_in_hint, Bundle, Layout};
use crate::pages::*;

#[component]
pub fn App() -> impl IntoView {
    provide_context(RestoreFocus(RwSignal::new(None)));
    provide_context(FiltersOpen(RwSignal::new(false)));
    // The editors' screens are another bundle, loaded only by those who go there.
    let signed_in = signed_in_hint();
    view! {
        <Router>
            <Layout
                bundle=Bundle::Public
                nav_end=move || signed_in.then(|| view! {
                    <li><a href="/redaction" rel="external">"Rédaction"</a></li>
                })
                footer_end=move || (!signed_in).then(|| view! {
                    <p><a href="/connexion" rel="external">"Espace rédaction"</a></p>
                })
            >
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/publications") view=Publications />
                    <Route path=path!("/publications/:slug") view=PublicationPage />
                    <Route path=path!("/evenements") view=Events />
                    <Route path=path!("/evenements/:slug") view=EventPage />
                    <Route path=path!("/reseau") view=Members />
                    <Route path=path!("/reseau/:slug") view=MemberPage />
                    <Route path=path!("/recherche") view=Search />
                </Routes>
            </Layout>
        </Router>
    }
}
