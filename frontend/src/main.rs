//! Passerelle's browser client (Leptos, client-side rendered, built by Trunk).

mod api;
mod app;
mod components;
mod editorial;
mod format;
mod pages;
mod session;
mod url;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
