//! A real SMTP server on a loopback port for the mail tests: Python's aiosmtpd (PyPI,
//! pinned), installed once in a virtual environment under the build folder. It writes each
//! message it accepts, as received, into a folder the test reads and parses as MIME
//! (`smtp_server.py`, which the browser tests start too). It can be stopped and started
//! again on the same port, as an outage would.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::proxy::free_port;

const AIOSMTPD: &str = "1.4.6";

/// The server itself, shared with the browser tests.
const SERVER: &str = include_str!("smtp_server.py");

pub struct SmtpServer {
    child: Option<Child>,
    pub port: u16,
    inbox: tempfile::TempDir,
}

/// The Python of the virtual environment with aiosmtpd, made once per run; `None` without
/// Python (a warning), unless `PASSERELLE_REQUIRE_SMTP=1` (CI), where it is a failure.
fn python() -> Option<PathBuf> {
    static PYTHON: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    PYTHON.get_or_init(install).clone()
}

fn install() -> Option<PathBuf> {
    let target = std::env::var("CARGO_TARGET_DIR")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../target").to_owned());
    let venv = Path::new(&target).join(format!("aiosmtpd-{AIOSMTPD}"));
    let python = venv.join("bin/python");
    let required = std::env::var("PASSERELLE_REQUIRE_SMTP").ok().as_deref() == Some("1");
    if python.is_file() && venv.join("ready").is_file() {
        return Some(python);
    }
    let made = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .is_ok_and(|s| s.success())
        && Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(format!("aiosmtpd=={AIOSMTPD}"))
            .status()
            .is_ok_and(|s| s.success());
    if !made {
        assert!(
            !required,
            "aiosmtpd could not be installed while PASSERELLE_REQUIRE_SMTP=1"
        );
        eprintln!("\n!!! Python ou aiosmtpd absent : tests du courriel IGNORÉS.\n");
        return None;
    }
    std::fs::write(venv.join("ready"), AIOSMTPD).ok()?;
    Some(python)
}

impl SmtpServer {
    pub fn start() -> Option<SmtpServer> {
        let mut server = SmtpServer {
            child: None,
            port: free_port(),
            inbox: tempfile::tempdir().expect("temporary folder"),
        };
        server.resume()?;
        Some(server)
    }

    /// Starts again on the same port, after `stop`.
    pub fn resume(&mut self) -> Option<()> {
        let python = python()?;
        let mut child = Command::new(python)
            .args(["-c", SERVER, &self.port.to_string()])
            .arg(self.inbox.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("aiosmtpd starts");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("stdout");
        std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line)
            .expect("aiosmtpd says it is ready");
        assert_eq!(line.trim(), "ready", "aiosmtpd did not start");
        self.child = Some(child);
        Some(())
    }

    /// What the server needs to send its mail here.
    pub fn settings(&self) -> passerelle_mail::SmtpSettings {
        passerelle_mail::SmtpSettings {
            host: "127.0.0.1".to_owned(),
            port: self.port,
            security: passerelle_mail::SmtpSecurity::None,
            credentials: None,
        }
    }

    /// The server goes away: connections are refused until `resume`.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill").arg(child.id().to_string()).status();
            let _ = child.wait();
        }
    }

    /// Every message received so far, oldest first, as received.
    pub fn received(&self) -> Vec<Vec<u8>> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(self.inbox.path())
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "eml"))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
            .into_iter()
            .filter_map(|path| std::fs::read(path).ok())
            .collect()
    }

    /// Waits (10 s at most) until `count` messages have arrived, and returns them all.
    pub async fn wait_for(&self, count: usize) -> Vec<Vec<u8>> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let received = self.received();
            if received.len() >= count || Instant::now() > deadline {
                assert!(
                    received.len() >= count,
                    "{} message(s) received, {count} expected",
                    received.len()
                );
                return received;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}
