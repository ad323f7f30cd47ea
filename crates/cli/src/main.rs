//! `passerelle`: serves the platform and runs its administration commands.

mod cli;
mod staff;
mod telemetry;

use clap::Parser;

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    telemetry::init();
    cli::Cli::parse().run().await
}
