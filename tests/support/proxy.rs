//! Debian's nginx as a reverse proxy in front of a test server, on loopback ports, started
//! and stopped by the test. It forwards as deployments are told to (README): the client's
//! address appended to `X-Forwarded-For`, `Host` passed on, and whatever else the client
//! wrote (`Forwarded`, `X-Forwarded-Host`) left untouched — what an attacker would use.
//!
//! nginx connects to the server from 127.0.0.2, the test's client from 127.0.0.1: the
//! proxy's address and the client's differ, as they do in production.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const NGINX: &str = "/usr/sbin/nginx";
/// The address nginx reaches the server from: the one to trust.
pub const PROXY_ADDRESS: &str = "127.0.0.2";

pub struct NginxProxy {
    child: Child,
    _dir: tempfile::TempDir,
    pub address: String,
}

impl NginxProxy {
    /// nginx in front of `upstream_port`, or `None` (with a warning) when it is not
    /// installed and `PASSERELLE_REQUIRE_PROXY` is not `1` (it is in CI).
    pub fn start(upstream_port: u16) -> Option<NginxProxy> {
        if !std::path::Path::new(NGINX).is_file() {
            assert!(
                std::env::var("PASSERELLE_REQUIRE_PROXY").ok().as_deref() != Some("1"),
                "nginx ({NGINX}) is missing while PASSERELLE_REQUIRE_PROXY=1"
            );
            eprintln!("\n!!! nginx absent ({NGINX}) : test derrière un mandataire IGNORÉ.\n");
            return None;
        }
        let dir = tempfile::tempdir().expect("temporary folder");
        let port = free_port();
        let path = |name: &str| -> PathBuf { dir.path().join(name) };
        let config = format!(
            "daemon off;\n\
             master_process off;\n\
             pid {pid};\n\
             error_log {log} warn;\n\
             events {{ worker_connections 256; }}\n\
             http {{\n\
               access_log off;\n\
               client_body_temp_path {tmp}/body;\n\
               proxy_temp_path {tmp}/proxy;\n\
               fastcgi_temp_path {tmp}/fastcgi;\n\
               uwsgi_temp_path {tmp}/uwsgi;\n\
               scgi_temp_path {tmp}/scgi;\n\
               server {{\n\
                 listen 127.0.0.1:{port};\n\
                 location / {{\n\
                   proxy_pass http://127.0.0.1:{upstream_port};\n\
                   proxy_bind {PROXY_ADDRESS};\n\
                   proxy_set_header Host $host;\n\
                   proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n\
                   proxy_set_header X-Forwarded-Proto $scheme;\n\
                 }}\n\
               }}\n\
             }}\n",
            pid = path("nginx.pid").display(),
            log = path("error.log").display(),
            tmp = dir.path().display(),
        );
        std::fs::write(path("nginx.conf"), config).expect("nginx configuration");
        let child = Command::new(NGINX)
            .arg("-p")
            .arg(dir.path())
            .arg("-c")
            .arg(path("nginx.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nginx starts");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "nginx did not listen: {}",
                std::fs::read_to_string(path("error.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Some(NginxProxy {
            child,
            _dir: dir,
            address: format!("http://127.0.0.1:{port}"),
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }
}

impl Drop for NginxProxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}
