//! The full-text index (tantivy) and the translation of what people type into a query.
//!
//! The index only matches and scores text; it knows items by a number (`doc_no`) that the
//! engine maps back to its in-memory catalogue for filters, facets and display.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::directory::{Advice, MmapDirectory};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::snippet::SnippetGenerator;

use tantivy::tokenizer::TextAnalyzer;
use tantivy::{
    DocId, Index, IndexReader, IndexSettings, IndexWriter, ReloadPolicy, Score, Searcher,
    SegmentReader, TantivyDocument, Term,
};

use crate::analysis::{self, FOLDED, STEMMED};

mod query;

pub use query::{Clause, TextQuery};

/// Words of at least this many letters tolerate one typo.
const FUZZY_MIN_CHARS: usize = 5;
/// The word being typed matches as a prefix from this many letters on.
const PREFIX_MIN_CHARS: usize = 2;

#[derive(Clone, Copy)]
struct Fields {
    doc_no: Field,
    title: Field,
    summary: Field,
    body: Field,
    raw_title: Field,
    raw_text: Field,
}

/// The text of one item, as indexed.
pub struct TextDoc<'a> {
    pub doc_no: u64,
    pub title: &'a str,
    pub summary: &'a str,
    pub body: &'a str,
}

/// Where an index keeps its files.
enum Files {
    /// Removed with the index.
    Temporary(tempfile::TempDir),
    /// Kept for the next start.
    Kept(PathBuf),
}

pub struct TextIndex {
    /// The index lives in files (memory-mapped) rather than on the heap: the system can
    /// page it out, and the process stays smaller.
    files: Files,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// How summaries are cut into words, to mark matches in them.
    summary_analyzer: TextAnalyzer,
    /// The bulk build's writer until it finishes; then opened again on the first update,
    /// with the smallest memory budget tantivy allows.
    writer: Mutex<Option<IndexWriter<TantivyDocument>>>,
}

/// Memory budget of the writer kept for updates (tantivy's minimum for one thread).
const UPDATE_WRITER_BYTES: usize = 15_000_000;
/// Memory budget of a bulk build; freed when the build ends. The build's peak is this
/// budget on top of the engine: with 64 MB, building 130,000 items peaked at 217 MB, with
/// 40 MB at 193 MB in seven segments, and with 32 MB at 248 MB, its eight segments then
/// merged during the build.
const BUILD_WRITER_BYTES: usize = 40_000_000;
/// One indexing thread: each thread's allocations stay, once freed, in a heap arena of its
/// own that the allocator does not give back, and the build is well within its time anyway.
const BUILD_THREADS: usize = 1;

fn text_options(analyzer: &str, positions: bool) -> TextOptions {
    let record = if positions {
        IndexRecordOption::WithFreqsAndPositions
    } else {
        IndexRecordOption::Basic
    };
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(record),
    )
}

/// The index files in `dir`, mapped in memory. Searches read them here and there, a few
/// pages of a posting list at a time: the system is asked not to read ahead, which would
/// map around each page read dozens of pages nobody asked for (and count them in the
/// process's resident memory).
fn mapped(dir: &Path) -> tantivy::Result<MmapDirectory> {
    Ok(MmapDirectory::open_with_madvice(dir, Advice::Random)?)
}

/// Asks the system to drop its cached copy of the files in `dir`, once written and synced.
/// Files just written stay cached in large blocks (up to megabytes on ext4 since Linux
/// 6.16), and a search that maps one page of such a block maps all of it: after a build,
/// random searches counted 13 MB more of the index in the server's resident memory, this
/// server's and the next one's, than once its pages were read again one at a time.
/// Nothing else changes: a page is read again from the disk the first time it is needed.
fn forget_cached(dir: &Path) {
    #[cfg(target_os = "linux")]
    {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            // Only a hint: a file that cannot be opened stays cached, and is used as it is.
            if let Ok(file) = std::fs::File::open(entry.path()) {
                let _ = rustix::fs::fadvise(&file, 0, None, rustix::fs::Advice::DontNeed);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = dir;
}

impl TextIndex {
    /// Indexes every document at once.
    #[cfg(test)]
    pub fn build<'a>(docs: impl IntoIterator<Item = TextDoc<'a>>) -> tantivy::Result<Self> {
        let index = TextIndex::create(None)?;
        for doc in docs {
            index.add(&doc)?;
        }
        index.finish_build()?;
        Ok(index)
    }

    /// An empty index open for a bulk build: [`TextIndex::add`] the documents one by one
    /// (their text can be dropped right after), then [`TextIndex::finish_build`]. Its files
    /// go to `dir` (which must not hold an index yet) or, without one, to a temporary folder.
    pub fn create(dir: Option<&Path>) -> tantivy::Result<Self> {
        let mut builder = Schema::builder();
        builder.add_u64_field("doc_no", NumericOptions::default().set_fast().set_indexed());
        builder.add_text_field("title", text_options(STEMMED, true));
        builder.add_text_field("summary", text_options(STEMMED, true));
        builder.add_text_field("body", text_options(STEMMED, true));
        builder.add_text_field("raw_title", text_options(FOLDED, false));
        builder.add_text_field("raw_text", text_options(FOLDED, false));
        let files = match dir {
            Some(dir) => {
                std::fs::create_dir_all(dir)?;
                Files::Kept(dir.to_owned())
            }
            None => Files::Temporary(
                tempfile::Builder::new()
                    .prefix("passerelle-index-")
                    .tempdir()?,
            ),
        };
        let directory = mapped(files.path())?;
        if Index::exists(&directory)? {
            return Err(tantivy::TantivyError::IndexAlreadyExists);
        }
        let index = Index::create(directory, builder.build(), IndexSettings::default())?;
        let writer =
            index.writer_with_num_threads::<TantivyDocument>(BUILD_THREADS, BUILD_WRITER_BYTES)?;
        TextIndex::ready(index, files, Some(writer))
    }

    /// An index kept by an earlier run; updates open a writer when they come.
    pub fn open(dir: &Path) -> tantivy::Result<Self> {
        let index = Index::open(mapped(dir)?)?;
        TextIndex::ready(index, Files::Kept(dir.to_owned()), None)
    }

    fn ready(
        index: Index,
        files: Files,
        writer: Option<IndexWriter<TantivyDocument>>,
    ) -> tantivy::Result<Self> {
        let schema = index.schema();
        let field = |name: &str| schema.get_field(name);
        let fields = Fields {
            doc_no: field("doc_no")?,
            title: field("title")?,
            summary: field("summary")?,
            body: field("body")?,
            raw_title: field("raw_title")?,
            raw_text: field("raw_text")?,
        };
        analysis::register(&index);
        let summary_analyzer = index.tokenizer_for_field(fields.summary)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(TextIndex {
            files,
            index,
            reader,
            fields,
            summary_analyzer,
            writer: Mutex::new(writer),
        })
    }

    /// The folder of an index kept between runs.
    pub fn kept_dir(&self) -> Option<&Path> {
        match &self.files {
            Files::Kept(dir) => Some(dir),
            Files::Temporary(_) => None,
        }
    }

    /// The numbers of every document the index holds.
    pub fn doc_numbers(&self) -> tantivy::Result<Vec<u64>> {
        let segments = self.reader.searcher().search(&AllQuery, &AllHits)?;
        Ok(segments
            .iter()
            .flat_map(SegmentHits::numbered)
            .map(|(doc_no, _)| doc_no)
            .collect())
    }

    /// Adds a document during a bulk build; searchable after [`TextIndex::finish_build`].
    pub fn add(&self, doc: &TextDoc<'_>) -> tantivy::Result<()> {
        let guard = self.lock_writer()?;
        match guard.as_ref() {
            Some(writer) => writer.add_document(document(&self.fields, doc)).map(|_| ()),
            None => Err(tantivy::TantivyError::InvalidArgument(
                "l'index n'est pas en construction".to_owned(),
            )),
        }
    }

    /// Commits the bulk build and lets its writer (and its large memory budget) go; later
    /// updates open a small one.
    pub fn finish_build(&self) -> tantivy::Result<()> {
        let mut guard = self.lock_writer()?;
        if let Some(mut writer) = guard.take() {
            writer.commit()?;
            writer.wait_merging_threads()?;
            forget_cached(self.files.path());
        }
        self.reader.reload()
    }

    fn lock_writer(
        &self,
    ) -> tantivy::Result<std::sync::MutexGuard<'_, Option<IndexWriter<TantivyDocument>>>> {
        self.writer
            .lock()
            .map_err(|_| tantivy::TantivyError::InternalError("verrou de l'index".to_owned()))
    }

    /// Removes the documents `remove` and adds `add`, then makes the change visible (and
    /// durable, for a kept index).
    pub fn update(&self, remove: &[u64], add: Option<TextDoc<'_>>) -> tantivy::Result<()> {
        let mut guard = self.lock_writer()?;
        if guard.is_none() {
            *guard = Some(self.index.writer_with_num_threads(1, UPDATE_WRITER_BYTES)?);
        }
        let Some(writer) = guard.as_mut() else {
            return Ok(());
        };
        for doc_no in remove {
            writer.delete_term(Term::from_field_u64(self.fields.doc_no, *doc_no));
        }
        if let Some(doc) = add {
            writer.add_document(document(&self.fields, &doc))?;
        }
        writer.commit()?;
        self.reader.reload()
    }

    /// Bytes the index takes.
    pub fn size_bytes(&self) -> u64 {
        self.reader
            .searcher()
            .space_usage()
            .map(|usage| usage.total().get_bytes())
            .unwrap_or(0)
    }

    /// Every matching item with its score, scored as it is found.
    #[cfg(test)]
    pub fn search(&self, query: &TextQuery) -> tantivy::Result<Vec<(u64, Score)>> {
        let Some(compiled) = self.compile(query) else {
            return Ok(Vec::new());
        };
        let segments = self.reader.searcher().search(&*compiled, &AllHits)?;
        Ok(segments.iter().flat_map(SegmentHits::numbered).collect())
    }

    /// The documents one clause of a query matches, each with the score it adds to the
    /// query's (a query's score is the sum of its clauses'), and the clause's terms as
    /// snippets weigh them. Words come back in many queries: their matches are worth
    /// keeping, whole queries' much less.
    pub fn clause_hits(&self, clause: &Clause) -> tantivy::Result<ClauseHits> {
        let searcher = self.reader.searcher();
        let query = self.compile_clause(&searcher, clause);
        let segments = searcher.search(&*query, &AllHits)?;
        let mut terms: BTreeSet<&Term> = BTreeSet::new();
        query.query_terms(&mut |term, _| {
            if term.field() == self.fields.summary {
                terms.insert(term);
            }
        });
        let mut snippet_terms = Vec::new();
        for term in terms {
            let value = term.value();
            let Some(text) = value.as_str() else {
                continue;
            };
            // As tantivy's snippets weigh terms: the rarer, the better a passage it marks.
            let doc_freq = searcher.doc_freq(term)?;
            if doc_freq > 0 {
                snippet_terms.push((text.to_owned(), 1.0 / (1.0 + doc_freq as Score)));
            }
        }
        Ok(ClauseHits {
            segments,
            snippet_terms,
        })
    }

    /// Highlights the given terms (from [`ClauseHits::snippet_terms`]) in summaries.
    pub fn snippets(&self, terms: BTreeMap<String, Score>) -> Snippets {
        Snippets {
            generator: SnippetGenerator::new(
                terms,
                self.summary_analyzer.clone(),
                self.fields.summary,
                240,
            ),
        }
    }

    /// Every clause must match.
    #[cfg(test)]
    fn compile(&self, query: &TextQuery) -> Option<Box<dyn Query>> {
        if query.is_empty() {
            return None;
        }
        let searcher = self.reader.searcher();
        let clauses = query
            .clauses()
            .iter()
            .map(|clause| (Occur::Must, self.compile_clause(&searcher, clause)))
            .collect();
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    fn compile_clause(&self, searcher: &Searcher, clause: &Clause) -> Box<dyn Query> {
        let f = self.fields;
        match clause {
            Clause::Word(word) => {
                let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                let mut push = |query: Box<dyn Query>, boost: f32| {
                    alternatives.push((Occur::Should, Box::new(BoostQuery::new(query, boost))));
                };
                let mut known = false;
                if let Some(stem) = &word.stem {
                    for (field, boost) in [(f.title, 3.0), (f.summary, 2.0), (f.body, 1.0)] {
                        let term = Term::from_field_text(field, stem);
                        known |= searcher.doc_freq(&term).unwrap_or(0) > 0;
                        push(term_query(field, stem), boost);
                    }
                }
                let letters = word.folded.chars().count();
                // Typos are looked for only when the word itself is not in the index: a
                // known word means what it says, and its neighbours would only add noise
                // (and time).
                let typo = u8::from(letters >= FUZZY_MIN_CHARS && !known);
                for (field, boost) in [(f.raw_title, 1.0), (f.raw_text, 0.4)] {
                    let term = Term::from_field_text(field, &word.folded);
                    // A word being typed matches the words it starts, without typo: a
                    // misspelt prefix matches far too much.
                    // When the word is already known, its stem covers its inflections and
                    // only titles are widened to the longer words it starts; the bodies'
                    // union of every such word would cost much and add little.
                    let widen = !known || field == f.raw_title;
                    if word.is_prefix && letters >= PREFIX_MIN_CHARS && widen {
                        push(
                            Box::new(FuzzyTermQuery::new_prefix(term.clone(), 0, true)),
                            boost,
                        );
                    }
                    if typo > 0 {
                        push(Box::new(FuzzyTermQuery::new(term, typo, true)), boost * 0.5);
                    }
                }
                Box::new(BooleanQuery::new(alternatives))
            }
            Clause::Phrase(phrase) => {
                let alternatives: Vec<(Occur, Box<dyn Query>)> =
                    [(f.title, 3.0), (f.summary, 2.0), (f.body, 1.0)]
                        .into_iter()
                        .map(|(field, boost)| {
                            let query: Box<dyn Query> = if phrase.len() == 1 {
                                term_query(field, &phrase[0].1)
                            } else {
                                Box::new(PhraseQuery::new_with_offset(
                                    phrase
                                        .iter()
                                        .map(|(position, text)| {
                                            (*position, Term::from_field_text(field, text))
                                        })
                                        .collect(),
                                ))
                            };
                            let boosted: Box<dyn Query> = Box::new(BoostQuery::new(query, boost));
                            (Occur::Should, boosted)
                        })
                        .collect();
                Box::new(BooleanQuery::new(alternatives))
            }
        }
    }
}

fn document(fields: &Fields, doc: &TextDoc<'_>) -> TantivyDocument {
    let mut document = TantivyDocument::default();
    document.add_u64(fields.doc_no, doc.doc_no);
    document.add_text(fields.title, doc.title);
    document.add_text(fields.summary, doc.summary);
    document.add_text(fields.body, doc.body);
    document.add_text(fields.raw_title, doc.title);
    document.add_text(fields.raw_text, doc.summary);
    document.add_text(fields.raw_text, doc.body);
    document
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

/// What one clause of a query matches, as [`TextIndex::clause_hits`] finds it.
pub struct ClauseHits {
    /// The matching documents of each segment of the index, with the score the clause
    /// gives each.
    pub segments: Vec<SegmentHits>,
    /// The clause's terms in summaries, with their weight for snippets.
    pub snippet_terms: Vec<(String, Score)>,
}

pub struct Snippets {
    generator: SnippetGenerator,
}

impl Files {
    fn path(&self) -> &Path {
        match self {
            Files::Temporary(dir) => dir.path(),
            Files::Kept(dir) => dir,
        }
    }
}

impl Snippets {
    /// The best passage of `text`, escaped, with `<mark>` around matched words; `None`
    /// when no word of the query appears in it.
    pub fn highlight(&self, text: &str) -> Option<String> {
        let mut snippet = self.generator.snippet(text);
        if snippet.highlighted().is_empty() {
            return None;
        }
        snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
        Some(snippet.to_html())
    }
}

/// Collects every matching document with its score, segment by segment. A common word
/// matches most of the index, and the first searches after a start match several words at
/// once: hits are kept as tantivy gives them, 8 bytes each, never merged into one list,
/// and renumbered in place. Numbered on collection (16 bytes a hit) then merged and
/// copied, they took some 25 MB more at the peak of 64 clients' random searches.
struct AllHits;

impl Collector for AllHits {
    type Fruit = Vec<SegmentHits>;
    type Child = SegmentHits;

    fn for_segment(
        &self,
        _segment_local_id: u32,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentHits> {
        Ok(SegmentHits {
            doc_no: segment.fast_fields().u64("doc_no")?,
            hits: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<SegmentHits>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits)
    }
}

/// The hits of one segment: its own document ids, and how to number them.
pub struct SegmentHits {
    doc_no: tantivy::columnar::Column<u64>,
    hits: Vec<(DocId, Score)>,
}

impl SegmentHits {
    /// Each hit with its document number.
    pub fn numbered(&self) -> impl Iterator<Item = (u64, Score)> + '_ {
        self.hits
            .iter()
            .filter_map(|(doc, score)| Some((self.doc_no.first(*doc)?, *score)))
    }

    /// Each hit renumbered by `number` (hits it gives no number are left out), in the
    /// hits' own memory.
    pub fn renumbered(self, number: impl Fn(u64) -> Option<u32>) -> Vec<(u32, Score)> {
        let doc_no = self.doc_no;
        self.hits
            .into_iter()
            .filter_map(|(doc, score)| Some((number(doc_no.first(doc)?)?, score)))
            .collect()
    }
}

impl SegmentCollector for SegmentHits {
    type Fruit = SegmentHits;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.hits.push((doc, score));
    }

    fn harvest(self) -> Self::Fruit {
        self
    }
}

#[cfg(test)]
mod tests;
