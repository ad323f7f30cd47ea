//! The public site's bundle: it takes the place of the page the server wrote.

/// Without `console_error_panic_hook` (the editors' bundle keeps it): its messages cost the
/// bundle every visitor loads a kilobyte.
fn main() {
    passerelle_web::takeover::mount(passerelle_web::app::App);
}
