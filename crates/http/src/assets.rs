//! The client's hashed files (`name-<hash>.js`, `_bg.wasm`, `.css`): their name changes with
//! their content, so a browser keeps them for a year without asking again. Each is sent
//! compressed with brotli at its best quality, compressed once per build rather than per
//! request: at the first start after a build, in the background (plain or compressed on
//! the fly meanwhile), and written beside the file (`.br`) for the next starts.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use actix_web::http::header::{self, ContentEncoding};
use actix_web::web::Bytes;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::middleware::compression::Coding;

const FOR_A_YEAR: &str = "public, max-age=31536000, immutable";

struct Asset {
    file: PathBuf,
    content_type: &'static str,
    plain: Bytes,
    brotli: OnceLock<Bytes>,
}

/// Hashed files, by the address they are served at.
#[derive(Default)]
pub struct Assets(HashMap<String, Arc<Asset>>);

/// Trunk's names: a hash of 15 or 16 hexadecimal digits before the extension.
fn content_type(name: &str) -> Option<&'static str> {
    let (stem, content_type) = if let Some(stem) = name.strip_suffix("_bg.wasm") {
        (stem, "application/wasm")
    } else if let Some(stem) = name.strip_suffix(".js") {
        (stem, "text/javascript; charset=utf-8")
    } else if let Some(stem) = name.strip_suffix(".css") {
        (stem, "text/css; charset=utf-8")
    } else {
        return None;
    };
    let hash = stem.rsplit_once('-')?.1;
    ((15..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit()))
        .then_some(content_type)
}

impl Assets {
    /// The hashed files of `dir`, served under `mount` (`/`, `/redaction/`).
    pub fn read(dir: &Path, mount: &str) -> Assets {
        let mut files = HashMap::new();
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Assets(files);
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(content_type) = content_type(&name) else {
                continue;
            };
            let Ok(plain) = std::fs::read(entry.path()) else {
                continue;
            };
            let asset = Asset {
                file: entry.path(),
                content_type,
                plain: Bytes::from(plain),
                brotli: OnceLock::new(),
            };
            // Compressed by an earlier start: the name holds the content's hash.
            if let Ok(compressed) = std::fs::read(compressed_path(&asset.file)) {
                let _ = asset.brotli.set(Bytes::from(compressed));
            }
            files.insert(format!("{mount}{name}"), Arc::new(asset));
        }
        Assets(files)
    }

    pub fn extend(&mut self, other: Assets) {
        self.0.extend(other.0);
    }

    /// Compresses, in a thread of its own, the files not compressed yet.
    pub fn compress_in_background(&self) {
        let waiting: Vec<Arc<Asset>> = self
            .0
            .values()
            .filter(|a| a.brotli.get().is_none())
            .cloned()
            .collect();
        if waiting.is_empty() {
            return;
        }
        let spawned = std::thread::Builder::new()
            .name("brotli-client".to_owned())
            .spawn(move || {
                for asset in waiting {
                    match compress(&asset.plain) {
                        Ok(compressed) => {
                            keep_beside(&asset.file, &compressed);
                            let _ = asset.brotli.set(Bytes::from(compressed));
                        }
                        Err(error) => tracing::warn!(%error, file = %asset.file.display(), "compression impossible"),
                    }
                }
            });
        if let Err(error) = spawned {
            tracing::warn!(%error, "compression du client non lancée");
        }
    }

    /// A route per file, answered before the folder's other files.
    pub fn configure(&self, cfg: &mut web::ServiceConfig) {
        for (path, asset) in &self.0 {
            let asset = asset.clone();
            cfg.route(
                path,
                crate::public_pages::reading().to(move |req: HttpRequest| {
                    let asset = asset.clone();
                    async move { serve(&req, &asset) }
                }),
            );
        }
    }
}

fn compressed_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".br");
    PathBuf::from(name)
}

fn compress(plain: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = brotli::CompressorWriter::new(Vec::new(), 64 * 1024, 11, 22);
    encoder.write_all(plain)?;
    Ok(encoder.into_inner())
}

/// Written under a temporary name then renamed, so that a start never reads half a file;
/// a folder that cannot be written only costs the next start its compression.
fn keep_beside(file: &Path, compressed: &[u8]) {
    let target = compressed_path(file);
    let mut temporary = target.clone().into_os_string();
    temporary.push(".tmp");
    let written =
        std::fs::write(&temporary, compressed).and_then(|()| std::fs::rename(&temporary, &target));
    if let Err(error) = written {
        tracing::debug!(%error, file = %target.display(), "copie compressée non conservée");
    }
}

fn serve(req: &HttpRequest, asset: &Asset) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    response
        .content_type(asset.content_type)
        .insert_header((header::CACHE_CONTROL, FOR_A_YEAR))
        .insert_header((header::VARY, "Accept-Encoding"));
    match (Coding::negotiate(req), asset.brotli.get()) {
        (Some(Coding::Brotli), Some(compressed)) => response
            .insert_header(ContentEncoding::Brotli)
            .body(compressed.clone()),
        _ => response.body(asset.plain.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_trunk_s_hashed_names_are_kept_for_a_year() {
        assert!(content_type("passerelle-web-5ec9163dc2007958_bg.wasm").is_some());
        assert!(content_type("redaction-c9dcf550a3653e6.js").is_some());
        assert!(content_type("style-3e2e362d46388daf.css").is_some());
        assert!(content_type("style.css").is_none());
        assert!(content_type("index.html").is_none());
        assert!(content_type("app-notahash0000000.js").is_none());
    }
}
