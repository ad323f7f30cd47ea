//! `passerelle serve` as a process of its own, for what only a real process shows: several
//! instances on one database, a server killed without warning.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// Where servers on `database_url` keep their search index.
pub fn kept_index_dir(database_url: &str) -> std::path::PathBuf {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    database_url.hash(&mut hasher);
    std::env::temp_dir().join(format!("passerelle-index-{:016x}", hasher.finish()))
}

/// A server process, stopped when dropped.
pub struct ServerProcess {
    child: Child,
    pub address: String,
}

impl ServerProcess {
    /// Starts `binary serve` on a free port against `database_url` (never seeding it), with
    /// `extra` arguments, and waits until it listens.
    pub fn start(binary: &Path, database_url: &str, extra: &[&str]) -> ServerProcess {
        let mut child = Command::new(binary)
            .args(["serve", "--bind", "127.0.0.1:0", "--no-seed"])
            .args(["--spa-dir", "/nonexistent"])
            .args(extra)
            .env("DATABASE_URL", database_url)
            .env("PASSERELLE_DATA_DIR", std::env::temp_dir())
            // Each database its own kept index, found again when a test restarts a server.
            .env("PASSERELLE_INDEX_DIR", kept_index_dir(database_url))
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("passerelle starts");
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = BufReader::new(stderr).lines();
        let port = loop {
            let line = lines
                .next()
                .expect("the server says where it listens")
                .expect("readable log");
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                break digits.parse::<u16>().expect("a port");
            }
        };
        // Keep draining the log so the process never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        ServerProcess {
            child,
            address: format!("http://127.0.0.1:{port}"),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// GETs `path` and decodes its JSON, whatever the status.
    pub async fn json<T: serde::de::DeserializeOwned>(
        &self,
        client: &reqwest::Client,
        path: &str,
    ) -> T {
        let response = client.get(self.url(path)).send().await;
        let response = response.unwrap_or_else(|e| panic!("GET {path}: {e}"));
        response
            .json()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    /// How many items the cross-type search finds for `query` (already URL-encoded).
    pub async fn search_total(&self, client: &reqwest::Client, query: &str) -> u64 {
        let path = format!("/api/v1/search?q={query}");
        let results: passerelle_types::SearchResults = self.json(client, &path).await;
        results.page.total
    }

    /// SIGKILL: no shutdown, no flush, as in a power cut or the OOM killer.
    pub fn kill_now(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ServerProcess {
    /// SIGTERM, as a supervisor would: the server shuts down gracefully. SIGKILL only if
    /// that is not possible.
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(Some(_))) {
            return;
        }
        let stopped = Command::new("kill")
            .arg(self.child.id().to_string())
            .status()
            .is_ok_and(|status| status.success());
        if !stopped {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}
