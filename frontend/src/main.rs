//! The public site's bundle: it takes the place of the page the server wrote.

fn main() {
    console_error_panic_hook::set_once();
    passerelle_web::takeover::mount(passerelle_web::app::App);
}
