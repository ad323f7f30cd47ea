use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::EnvFilter;

/// Logs to stderr, `info` by default; `RUST_LOG` overrides (e.g. `RUST_LOG=debug`). Each
/// request ends with a line (its span closing) giving its route, status and duration.
/// `PASSERELLE_LOG_FORMAT=json` writes one JSON object per line, for a log collector; each
/// request's lines carry its `request_id`, the one of the `X-Request-Id` header.
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_span_events(FmtSpan::CLOSE);
    if std::env::var("PASSERELLE_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json")) {
        builder.json().with_current_span(true).init();
    } else {
        builder.init();
    }
}
