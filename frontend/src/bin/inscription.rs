//! The registration bundle, served under `/inscription/`.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(passerelle_web::registration::RegistrationApp);
}
