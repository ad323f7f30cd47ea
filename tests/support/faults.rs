//! Faults the platform must survive, made real: a PostgreSQL server of the test's own that
//! can be stopped and started again, and a small disk that fills up.
//!
//! Both need what a developer's machine may lack (PostgreSQL's server programs, the right
//! to mount a file system). Missing, the test is skipped with a loud warning, unless
//! `PASSERELLE_REQUIRE_FAULT_TESTS=1` (as in CI), where it fails.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

fn fault_tests_required() -> bool {
    std::env::var("PASSERELLE_REQUIRE_FAULT_TESTS").is_ok_and(|v| v == "1" || v == "true")
}

/// Skips (with a warning) or fails, as the environment asks.
fn unavailable<T>(what: &str, why: &str) -> Option<T> {
    if fault_tests_required() {
        panic!("{what} est requis (PASSERELLE_REQUIRE_FAULT_TESTS=1) mais indisponible : {why}");
    }
    eprintln!("\n!!! {what} indisponible ({why}) : test de panne IGNORÉ.\n");
    None
}

fn run(command: &mut Command) -> Result<Output, String> {
    let output = command.output().map_err(|e| format!("{command:?} : {e}"))?;
    if output.status.success() {
        Ok(output)
    } else {
        Err(format!(
            "{command:?} : {}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

/// PostgreSQL's server programs: on the PATH, or in Debian's versioned folder.
fn postgres_bin_dir() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .find(|dir| dir.join("pg_ctl").is_file() && dir.join("initdb").is_file())
    });
    on_path.or_else(|| {
        let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|entry| entry.ok().map(|e| e.path().join("bin")))
            .filter(|bin| bin.join("pg_ctl").is_file())
            .collect();
        versions.sort();
        versions.pop()
    })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

/// A PostgreSQL server of its own in a temporary folder, on a free port: a test may stop it
/// without disturbing any other test.
pub struct PostgresServer {
    bin: PathBuf,
    data: PathBuf,
    port: u16,
    /// PostgreSQL refuses to run as root: then its programs run as `postgres`.
    as_postgres: bool,
    _folder: tempfile::TempDir,
}

impl PostgresServer {
    /// Creates and starts the server, or `None` (with a warning) when this machine cannot.
    pub fn start_new() -> Option<PostgresServer> {
        let Some(bin) = postgres_bin_dir() else {
            return unavailable("PostgreSQL (initdb, pg_ctl)", "programmes introuvables");
        };
        let folder = tempfile::tempdir().expect("temporary folder");
        let data = folder.path().join("data");
        let as_postgres = running_as_root();
        let server = PostgresServer {
            bin,
            data,
            port: free_port(),
            as_postgres,
            _folder: folder,
        };
        if as_postgres {
            if let Err(why) = run(Command::new("chown").args([
                "-R",
                "postgres:",
                &server._folder.path().to_string_lossy(),
            ])) {
                return unavailable("Un serveur PostgreSQL de test", &why);
            }
        }
        let mut init = server.command("initdb");
        init.args([
            "--auth=trust",
            "--username=postgres",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
            "-D",
        ])
        .arg(&server.data);
        if let Err(why) = run(&mut init) {
            return unavailable("Un serveur PostgreSQL de test", &why);
        }
        server.start();
        Some(server)
    }

    fn command(&self, program: &str) -> Command {
        let program = self.bin.join(program);
        if self.as_postgres {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(program);
            command
        } else {
            Command::new(program)
        }
    }

    /// The URL of its `postgres` database.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Starts the server and waits until it accepts connections.
    pub fn start(&self) {
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -k {} -c fsync=off",
            self.port,
            self.data.display()
        );
        run(self
            .command("pg_ctl")
            .args(["start", "--wait", "--timeout=30", "--silent", "-o"])
            .arg(options)
            .arg("-l")
            .arg(self.data.join("server.log"))
            .arg("-D")
            .arg(&self.data))
        .unwrap_or_else(|why| panic!("PostgreSQL de test ne démarre pas : {why}"));
    }

    /// Stops the server as an operator would (`fast`: sessions are cut, nothing is lost).
    pub fn stop(&self) {
        run(self
            .command("pg_ctl")
            .args(["stop", "--wait", "--silent", "-m", "fast", "-D"])
            .arg(&self.data))
        .unwrap_or_else(|why| panic!("PostgreSQL de test ne s'arrête pas : {why}"));
    }
}

impl Drop for PostgresServer {
    fn drop(&mut self) {
        let _ = self
            .command("pg_ctl")
            .args(["stop", "--silent", "-m", "immediate", "-D"])
            .arg(&self.data)
            .output();
    }
}

/// A tmpfs of a few megabytes, unmounted when dropped: a disk that fills up for real.
pub struct SmallDisk {
    path: PathBuf,
    _folder: tempfile::TempDir,
}

impl SmallDisk {
    /// Mounts a disk of `megabytes`, or `None` (with a warning) when this machine will not.
    pub fn mount(megabytes: u32) -> Option<SmallDisk> {
        let folder = tempfile::tempdir().expect("temporary folder");
        let path = folder.path().join("disque");
        std::fs::create_dir(&path).expect("mount point");
        let mounted = run(Command::new("mount")
            .args(["-t", "tmpfs", "-o"])
            .arg(format!("size={megabytes}m"))
            .arg("tmpfs")
            .arg(&path));
        if let Err(why) = mounted {
            return unavailable("Un petit disque (mount -t tmpfs, réservé à root)", &why);
        }
        Some(SmallDisk {
            path,
            _folder: folder,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes a file until the disk refuses more; returns the file, to be removed when
    /// space should come back.
    pub fn fill(&self) -> PathBuf {
        use std::io::Write;
        let filler = self.path.join("remplissage");
        let mut file = std::fs::File::create(&filler).expect("filler file");
        let chunk = vec![0u8; 64 * 1024];
        loop {
            match file.write(&chunk) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::StorageFull => break,
                Err(e) => panic!("remplissage du disque : {e}"),
            }
        }
        // Whatever fits in less than a chunk.
        while file.write(&[0u8; 512]).is_ok_and(|n| n > 0) {}
        let _ = file.flush();
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        // Lazy: a connection still open in a detached server thread must not keep it busy.
        let _ = Command::new("umount").arg("-l").arg(&self.path).output();
    }
}

/// How long a fault may take to show in an answer.
pub const FAULT_ANSWER_WITHIN: Duration = Duration::from_secs(1);
