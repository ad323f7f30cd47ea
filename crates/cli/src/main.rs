//! `passerelle`: serves the platform and runs its administration commands.

mod cli;
mod import;
mod staff;
mod telemetry;

use clap::Parser;

fn main() -> anyhow::Result<()> {
    // Before the runtime starts any thread.
    passerelle_heap::set_up();
    actix_web::rt::System::new().block_on(async {
        telemetry::init();
        cli::Cli::parse().run().await
    })
}
