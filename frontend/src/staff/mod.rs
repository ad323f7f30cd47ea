//! The editors' screens, built as a bundle of their own (`src/bin/redaction.rs`) so that
//! public visitors never download them. Served under `/redaction/` and at `/connexion`.

mod api;
mod bulk;
mod combobox;
mod editorial;
mod form_field;
mod history;
mod import;
mod item_editor;
mod journal;
mod pages;
mod preview;
mod registrations;
mod session;
mod site;
mod team;
mod themes;
mod tokens;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

use crate::layout::{Bundle, Layout};
use editorial::{Events, Members, Publications};
use import::ImportForm;
use item_editor::item_editor;
use journal::Journal;
use pages::{AdminPage, Dashboard, SignInPage};
use session::Session;
use team::{InvitationPage, Team};
use themes::ThemesPage;
use tokens::TokensPage;

#[component]
pub fn StaffApp() -> impl IntoView {
    let session = Session::provide();
    let sign_out = move |_| {
        let csrf = session.csrf();
        leptos::task::spawn_local(async move {
            if api::sign_out(csrf).await.is_ok() {
                session.info.set(None);
                let _ = window().location().set_href("/");
            }
        });
    };
    view! {
        <Router>
            <Layout
                bundle=Bundle::Apart
                nav_end=move || session.signed_in().then(|| view! {
                    <li><A href="/redaction">"Rédaction"</A></li>
                    <li><button type="button" class="link" on:click=sign_out>"Se déconnecter"</button></li>
                })
                footer_end=|| ()
            >
                <Routes fallback=|| view! { <StaffNotFound /> }>
                    <Route path=path!("/connexion") view=SignInPage />
                    <Route path=path!("/redaction") view=Dashboard />
                    <Route path=path!("/redaction/jetons") view=TokensPage />
                    <Route path=path!("/redaction/themes") view=ThemesPage />
                    // Pages for administrators alone: their title, then their content.
                    <Route path=path!("/redaction/import") view=|| view! {
                        <AdminPage title="Importer l'annuaire du réseau"><ImportForm /></AdminPage>
                    } />
                    <Route path=path!("/redaction/equipe") view=|| view! {
                        <AdminPage title="Équipe"><Team /></AdminPage>
                    } />
                    <Route path=path!("/redaction/journal") view=|| view! {
                        <AdminPage title="Journal des changements"><Journal /></AdminPage>
                    } />
                    <Route path=path!("/redaction/pages") view=site::SitePagesPage />
                    <Route path=path!("/redaction/bilan") view=site::ReportPage />
                    <Route path=path!("/redaction/invitation") view=InvitationPage />
                    <Route path=path!("/redaction/:kind") view=Dashboard />
                    <Route path=path!("/redaction/publications/:id") view={item_editor::<Publications>} />
                    <Route path=path!("/redaction/evenements/:id") view={item_editor::<Events>} />
                    <Route path=path!("/redaction/membres/:id") view={item_editor::<Members>} />
                    <Route path=path!("/redaction/publications/:id/apercu") view={preview::preview_page::<Publications>} />
                    <Route path=path!("/redaction/evenements/:id/apercu") view={preview::preview_page::<Events>} />
                    <Route path=path!("/redaction/membres/:id/apercu") view={preview::preview_page::<Members>} />
                </Routes>
            </Layout>
        </Router>
    }
}

#[component]
fn StaffNotFound() -> impl IntoView {
    view! {
        <h1 tabindex="-1">"Page introuvable"</h1>
        <p>"Cette page de l'espace rédaction n'existe pas. "<a href="/redaction">"Revenir au tableau de bord"</a></p>
    }
}
