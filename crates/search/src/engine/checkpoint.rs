//! The engine kept on disk between runs: read back at start (`Engine::resume`), written
//! at checkpoints (`Engine::save`) into a new folder of the index's own.

use super::*;

impl Engine {
    /// Reads back the engine kept current in `folder`, with the state saved along with it;
    /// `None` when the folder holds none. The caller must then replay the changes made
    /// since the checkpoint: documents indexed after it are dropped, and items whose
    /// document was replaced or removed after it are left out, for the replay to restore.
    pub fn resume<S: for<'de> Deserialize<'de>>(
        folder: Arc<IndexFolder>,
    ) -> Result<Option<(Engine, S)>> {
        let Some(build) = folder.current() else {
            return Ok(None);
        };
        let mut catalogue = CatalogueReader::open(&build)?;
        let header: Header<S> = catalogue.next()?;
        if header.format != kept::FORMAT {
            return Err(SearchError::Kept(std::io::Error::other(format!(
                "format {} au lieu de {}",
                header.format,
                kept::FORMAT
            ))));
        }
        let text = TextIndex::open(&build.join(kept::TEXT))?;
        let mut indexed = FixedBitSet::with_capacity(header.next_doc as usize);
        let mut unknown = Vec::new();
        for doc_no in text.doc_numbers()? {
            if doc_no < header.next_doc {
                indexed.insert(doc_no as usize);
            } else {
                unknown.push(doc_no);
            }
        }
        let mut snapshot = Snapshot::empty(header.themes, header.territories, text);
        snapshot.reserve(header.items);
        let mut latest = 0;
        for _ in 0..header.items {
            let line: Line = catalogue.next()?;
            if !indexed.contains(line.doc as usize) {
                continue;
            }
            indexed.set(line.doc as usize, false);
            let item = line.item;
            latest = latest.max(item.updated_at().timestamp());
            let number = snapshot.append(item);
            snapshot.number_doc(number, Some(line.doc));
        }
        snapshot.next_doc = snapshot.next_doc.max(header.next_doc);
        // What the index holds beyond the catalogue came after the checkpoint.
        unknown.extend(indexed.ones().map(|doc_no| doc_no as u64));
        if !unknown.is_empty() {
            snapshot.text.update(&unknown, None)?;
        }
        snapshot.sort_orders();
        let engine = Engine {
            snapshot: RwLock::new(snapshot),
            last_modified: AtomicI64::new(latest),
            applied_change: AtomicI64::new(0),
            generation: AtomicU64::new(0),
            folder: Some(folder),
        };
        Ok(Some((engine, header.state)))
    }

    /// Writes a checkpoint of the catalogue with `state` beside its kept index, and makes
    /// it the one the next start resumes from. Nothing to do for an engine not kept.
    /// Changes wait meanwhile (searches do not).
    pub fn save<S: Serialize>(&self, state: &S) -> Result<()> {
        let Some(folder) = &self.folder else {
            return Ok(());
        };
        let snapshot = self.current();
        let Some(build) = snapshot.build_folder() else {
            return Ok(());
        };
        let live: Vec<usize> = snapshot.live.iter().flat_map(|l| l.ones()).collect();
        kept::write_atomically(&build.join(kept::CATALOGUE), |out| {
            kept::write_line(
                out,
                &Header {
                    format: kept::FORMAT.to_owned(),
                    state,
                    next_doc: snapshot.next_doc,
                    items: live.len(),
                    themes: snapshot
                        .themes
                        .iter()
                        .map(|(slug, label)| Theme {
                            slug: slug.clone(),
                            label: label.clone(),
                        })
                        .collect(),
                    territories: snapshot.territories.values().cloned().collect(),
                },
            )?;
            for number in live {
                let item = snapshot.summary_of(number);
                let doc = snapshot.doc_of_entry[number];
                kept::write_line(out, &Line { doc, item })?;
            }
            Ok(())
        })?;
        folder.make_current(&build)?;
        Ok(())
    }

    /// The folder the engine is kept in, where a rebuild goes too.
    pub fn folder(&self) -> Option<&Arc<IndexFolder>> {
        self.folder.as_ref()
    }
}
