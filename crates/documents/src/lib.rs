//! Documents attached to publications: what a file really is (read from its bytes, never
//! from its name), a safe name to serve it under, and where its bytes are kept.
//!
//! Storage is a trait so that an S3-compatible object store can replace the local folder
//! without touching the routes; keys are generated ids, never names given by users.

use std::io;
use std::path::{Path, PathBuf};

/// A kind of document the platform accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentType {
    pub media_type: &'static str,
    pub extension: &'static str,
    /// French name, for messages.
    pub label: &'static str,
    /// Shown in the browser (PDF, images) rather than downloaded.
    pub inline: bool,
    /// Already compressed inside (images, PDF streams, the zip of Office and
    /// OpenDocument files): compressing it again costs CPU for nothing.
    pub compressed: bool,
}

const ACCEPTED: &[DocumentType] = &[
    DocumentType {
        media_type: "application/pdf",
        extension: "pdf",
        label: "un PDF",
        inline: true,
        compressed: true,
    },
    DocumentType {
        media_type: "image/png",
        extension: "png",
        label: "une image PNG",
        inline: true,
        compressed: true,
    },
    DocumentType {
        media_type: "image/jpeg",
        extension: "jpg",
        label: "une image JPEG",
        inline: true,
        compressed: true,
    },
    DocumentType {
        media_type: "image/gif",
        extension: "gif",
        label: "une image GIF",
        inline: true,
        compressed: true,
    },
    DocumentType {
        media_type: "image/webp",
        extension: "webp",
        label: "une image WebP",
        inline: true,
        compressed: true,
    },
    DocumentType {
        media_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        extension: "docx",
        label: "un document Word",
        inline: false,
        compressed: true,
    },
    DocumentType {
        media_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        extension: "xlsx",
        label: "un classeur Excel",
        inline: false,
        compressed: true,
    },
    DocumentType {
        media_type: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        extension: "pptx",
        label: "une présentation PowerPoint",
        inline: false,
        compressed: true,
    },
    DocumentType {
        media_type: "application/vnd.oasis.opendocument.text",
        extension: "odt",
        label: "un texte OpenDocument",
        inline: false,
        compressed: true,
    },
    DocumentType {
        media_type: "application/vnd.oasis.opendocument.spreadsheet",
        extension: "ods",
        label: "un classeur OpenDocument",
        inline: false,
        compressed: true,
    },
    DocumentType {
        media_type: "application/vnd.oasis.opendocument.presentation",
        extension: "odp",
        label: "une présentation OpenDocument",
        inline: false,
        compressed: true,
    },
    DocumentType {
        media_type: "application/msword",
        extension: "doc",
        label: "un document Word",
        inline: false,
        compressed: false,
    },
    DocumentType {
        media_type: "application/vnd.ms-excel",
        extension: "xls",
        label: "un classeur Excel",
        inline: false,
        compressed: false,
    },
    DocumentType {
        media_type: "application/vnd.ms-powerpoint",
        extension: "ppt",
        label: "une présentation PowerPoint",
        inline: false,
        compressed: false,
    },
];

/// Extensions that name a type, so that a name can be caught lying about its content.
fn type_named_by(extension: &str) -> Option<&'static DocumentType> {
    let extension = extension.to_ascii_lowercase();
    let extension = if extension == "jpeg" {
        "jpg".to_owned()
    } else {
        extension
    };
    ACCEPTED.iter().find(|t| t.extension == extension)
}

/// The type of a media type string, if accepted.
pub fn accepted_type(media_type: &str) -> Option<&'static DocumentType> {
    ACCEPTED.iter().find(|t| t.media_type == media_type)
}

/// Accepted types, for messages and documentation.
pub fn accepted_extensions() -> String {
    ACCEPTED
        .iter()
        .map(|t| t.extension)
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DocumentError {
    #[error("Type de fichier non accepté : seuls les PDF, images et documents bureautiques ({}) le sont.", accepted_extensions())]
    NotAccepted,
    #[error("Le fichier « {name} » n'est pas {claimed} : son contenu est {actual}.")]
    Disguised {
        name: String,
        claimed: &'static str,
        actual: &'static str,
    },
    #[error("Le fichier est vide.")]
    Empty,
}

/// What a file is, from its bytes; its name is only checked for not claiming another type.
pub fn identify(bytes: &[u8], name: &str) -> Result<&'static DocumentType, DocumentError> {
    if bytes.is_empty() {
        return Err(DocumentError::Empty);
    }
    let detected = infer::get(bytes)
        .and_then(|t| accepted_type(t.mime_type()))
        .ok_or(DocumentError::NotAccepted)?;
    let claimed = Path::new(base_name(name))
        .extension()
        .and_then(|e| e.to_str())
        .and_then(type_named_by);
    match claimed {
        Some(claimed) if claimed.media_type != detected.media_type => {
            Err(DocumentError::Disguised {
                name: clean_file_name(name, detected),
                claimed: claimed.label,
                actual: detected.label,
            })
        }
        _ => Ok(detected),
    }
}

/// The last component of a path sent by any operating system.
fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or_default()
}

/// A name safe to store and to put in a header: no folder, no control or shell-special
/// character, no leading dot, at most 100 characters, ending with the real extension.
pub fn clean_file_name(name: &str, kind: &DocumentType) -> String {
    let base = base_name(name);
    let stem = match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => base,
    };
    let mut clean = String::with_capacity(stem.len());
    for c in stem.chars() {
        let keep = c.is_alphanumeric() || matches!(c, '-' | '_' | ' ' | '(' | ')' | ',');
        if keep {
            clean.push(c);
        } else if !clean.ends_with('-') {
            clean.push('-');
        }
    }
    let clean: String = clean
        .trim_matches(|c: char| c == '-' || c == ' ' || c == '.')
        .chars()
        .take(100)
        .collect();
    let stem = if clean.is_empty() {
        "document"
    } else {
        clean.as_str()
    };
    format!("{stem}.{}", kind.extension)
}

/// Where document bytes live.
pub trait DocumentStorage: Send + Sync {
    fn put(&self, key: &str, bytes: &[u8]) -> io::Result<()>;
    fn read(&self, key: &str) -> io::Result<Vec<u8>>;
    /// The document as a file to stream from, without reading it whole.
    fn open(&self, key: &str) -> io::Result<std::fs::File>;
    /// Removing what is already gone succeeds.
    fn delete(&self, key: &str) -> io::Result<()>;
}

/// Documents as files in a folder (by default `documents/` in the data folder).
#[derive(Debug, Clone)]
pub struct LocalStorage {
    root: PathBuf,
}

impl LocalStorage {
    pub fn new(root: impl Into<PathBuf>) -> io::Result<Self> {
        let root = root.into();
        std::fs::create_dir_all(&root)?;
        Ok(LocalStorage { root })
    }

    /// Keys are generated ids; anything else is refused rather than joined to a path.
    fn path(&self, key: &str) -> io::Result<PathBuf> {
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "clé de document invalide",
            ));
        }
        Ok(self.root.join(key))
    }
}

impl DocumentStorage for LocalStorage {
    fn put(&self, key: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.path(key)?;
        // Written beside, then renamed: a crash never leaves half a document under its key.
        let partial = self.root.join(format!(".{key}.partiel"));
        std::fs::write(&partial, bytes)?;
        std::fs::rename(&partial, path)
    }

    fn read(&self, key: &str) -> io::Result<Vec<u8>> {
        std::fs::read(self.path(key)?)
    }

    fn open(&self, key: &str) -> io::Result<std::fs::File> {
        std::fs::File::open(self.path(key)?)
    }

    fn delete(&self, key: &str) -> io::Result<()> {
        match std::fs::remove_file(self.path(key)?) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";
    const PNG: &[u8] = &[
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R',
    ];
    const EXE: &[u8] = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00";

    #[test]
    fn the_content_decides_not_the_name() {
        assert_eq!(
            identify(PDF, "Guide 2019.pdf").map(|t| t.extension),
            Ok("pdf")
        );
        assert_eq!(identify(PNG, "affiche").map(|t| t.extension), Ok("png"));
        assert_eq!(
            identify(EXE, "rapport.pdf"),
            Err(DocumentError::NotAccepted)
        );
        assert_eq!(
            identify(b"<html><script>", "page.pdf"),
            Err(DocumentError::NotAccepted)
        );
        assert_eq!(identify(b"", "vide.pdf"), Err(DocumentError::Empty));
        let disguised = identify(PNG, "rapport.pdf");
        assert!(
            matches!(
                disguised,
                Err(DocumentError::Disguised {
                    claimed: "un PDF",
                    ..
                })
            ),
            "{disguised:?}"
        );
    }

    #[test]
    fn names_are_cleaned() {
        let pdf = &ACCEPTED[0];
        assert_eq!(clean_file_name("../../etc/passwd", pdf), "passwd.pdf");
        assert_eq!(
            clean_file_name("C:\\Users\\anne\\Compte rendu (2019).PDF", pdf),
            "Compte rendu (2019).pdf"
        );
        assert_eq!(clean_file_name(".htaccess", pdf), "htaccess.pdf");
        assert_eq!(
            clean_file_name("a\u{0}b\r\nc;rm -rf.pdf", pdf),
            "a-b-c-rm -rf.pdf"
        );
        assert_eq!(clean_file_name("", pdf), "document.pdf");
        assert_eq!(
            clean_file_name("Égalité femmes-hommes.pdf", pdf),
            "Égalité femmes-hommes.pdf"
        );
    }

    #[test]
    fn local_storage_keeps_removes_and_refuses_odd_keys() {
        let dir = tempfile::tempdir().expect("dossier");
        let storage = LocalStorage::new(dir.path().join("documents")).expect("stockage");
        storage.put("abc-123", PDF).expect("écrit");
        assert_eq!(storage.read("abc-123").expect("lu"), PDF);
        storage.delete("abc-123").expect("supprimé");
        assert!(storage.read("abc-123").is_err());
        storage
            .delete("abc-123")
            .expect("déjà supprimé : pas une erreur");
        assert!(storage.put("../evil", PDF).is_err());
    }
}
