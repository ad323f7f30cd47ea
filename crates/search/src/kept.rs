//! An engine kept on disk between runs, so that a restart reads it back instead of indexing
//! the whole catalogue again.
//!
//! The folder holds builds: each full build writes a folder of its own (`<uuid>/text` for the
//! full-text index, `<uuid>/catalogue.jsonl` for the summaries), and `CURRENT` names the
//! one to resume from. The text index is updated and committed as changes come; the
//! catalogue file is a checkpoint, written now and then. Documents the index gained after
//! the checkpoint are dropped on resume, and the caller replays the changes since.

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use passerelle_types::{ItemSummary, Territory, Theme};
use serde::{Deserialize, Serialize};

const CURRENT: &str = "CURRENT";
const LOCK: &str = "lock";
pub(crate) const TEXT: &str = "text";
pub(crate) const CATALOGUE: &str = "catalogue.jsonl";
/// Written in every checkpoint: a checkpoint of another format, or of another version of
/// Passerelle (whose summaries or analysis may differ), is not resumed.
pub(crate) const FORMAT: &str = concat!("passerelle-", env!("CARGO_PKG_VERSION"), "/1");

/// A folder this process alone keeps an engine in.
pub struct IndexFolder {
    root: PathBuf,
    /// Held open for the folder's lifetime: its lock keeps a second instance out.
    _lock: File,
}

impl IndexFolder {
    /// Takes the folder, creating it if need be; `None` when another running instance
    /// holds it (each instance keeps its own index).
    pub fn take(root: &Path) -> io::Result<Option<IndexFolder>> {
        fs::create_dir_all(root)?;
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(root.join(LOCK))?;
        match lock.try_lock() {
            Ok(()) => Ok(Some(IndexFolder {
                root: root.to_owned(),
                _lock: lock,
            })),
            Err(fs::TryLockError::WouldBlock) => Ok(None),
            Err(fs::TryLockError::Error(error)) => Err(error),
        }
    }

    pub fn path(&self) -> &Path {
        &self.root
    }

    /// A new, empty build folder.
    pub(crate) fn new_build_folder(&self) -> io::Result<PathBuf> {
        let build = self.root.join(uuid::Uuid::new_v4().to_string());
        fs::create_dir_all(&build)?;
        Ok(build)
    }

    /// The build to resume from, if one was completed.
    pub fn current(&self) -> Option<PathBuf> {
        let name = fs::read_to_string(self.root.join(CURRENT)).ok()?;
        let build = self.root.join(name.trim());
        build.join(CATALOGUE).is_file().then_some(build)
    }

    /// Makes `build` the one to resume from (atomically) and removes the one before.
    pub(crate) fn make_current(&self, build: &Path) -> io::Result<()> {
        let previous = self.current();
        let name = build
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| io::Error::other("dossier de construction sans nom"))?;
        write_atomically(&self.root.join(CURRENT), |out| {
            out.write_all(name.as_bytes())
        })?;
        if let Some(previous) = previous.filter(|p| p != build) {
            fs::remove_dir_all(previous)?;
        }
        Ok(())
    }

    /// Removes builds other than the current one: builds a crash interrupted, or
    /// replaced ones. Only at start, when no build is under way.
    pub fn remove_stale(&self) -> io::Result<()> {
        let current = self.current();
        for entry in fs::read_dir(&self.root)? {
            let path = entry?.path();
            if path.is_dir() && Some(&path) != current.as_ref() {
                fs::remove_dir_all(&path)?;
            }
        }
        Ok(())
    }
}

/// Writes `path` whole or not at all: into a temporary file, flushed to disk, then renamed.
pub(crate) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
) -> io::Result<()> {
    let temporary = path.with_extension("tmp");
    let mut out = BufWriter::new(File::create(&temporary)?);
    write(&mut out)?;
    let file = out.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    fs::rename(&temporary, path)?;
    if let Some(parent) = path.parent() {
        File::open(parent)?.sync_all()?;
    }
    Ok(())
}

/// First line of a catalogue file.
#[derive(Serialize, Deserialize)]
pub(crate) struct Header<S> {
    pub format: String,
    /// The caller's own record of what the checkpoint reflects (which changes, which
    /// database).
    pub state: S,
    /// Documents the index holds at or above this number came after the checkpoint.
    pub next_doc: u64,
    pub items: usize,
    pub themes: Vec<Theme>,
    pub territories: Vec<Territory>,
}

/// One item per line after the header, with its document number in the text index.
#[derive(Serialize, Deserialize)]
pub(crate) struct Line {
    pub doc: u64,
    pub item: ItemSummary,
}

pub(crate) fn write_line<T: Serialize>(out: &mut impl Write, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}

/// Reads a catalogue file line by line, so that it is never whole in memory.
pub(crate) struct CatalogueReader {
    lines: io::Lines<BufReader<File>>,
}

impl CatalogueReader {
    pub fn open(build: &Path) -> io::Result<Self> {
        let file = File::open(build.join(CATALOGUE))?;
        Ok(CatalogueReader {
            lines: BufReader::with_capacity(1 << 16, file).lines(),
        })
    }

    pub fn next<T: for<'de> Deserialize<'de>>(&mut self) -> io::Result<T> {
        let line = self
            .lines
            .next()
            .ok_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "catalogue tronqué"))??;
        Ok(serde_json::from_str(&line)?)
    }
}
