use tracing_subscriber::EnvFilter;

/// Logs to stderr, `info` by default; `RUST_LOG` overrides (e.g. `RUST_LOG=debug`).
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
