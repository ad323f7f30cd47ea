//! The editors' bundle, served under `/redaction/` and at `/connexion`.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(passerelle_web::staff::StaffApp);
}
