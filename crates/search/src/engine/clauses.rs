//! The matches of text query clauses, and the cache that keeps the latest ones.

use super::*;

/// What one clause of a text query (a word, a phrase) matches: the live entries, and the
/// score the clause gives each.
pub(super) struct ClauseMatches {
    pub(super) set: FixedBitSet,
    /// The score of each entry in `set`, in entry order.
    pub(super) scores: Vec<Score>,
    /// Per word of `set`, how many entries the words before it hold: where an entry's
    /// score is, in constant time.
    pub(super) ranks: Vec<u32>,
    /// The clause's terms in summaries, weighted for snippets.
    pub(super) snippet_terms: Vec<(String, Score)>,
}

impl ClauseMatches {
    /// From the entries a clause matches, segment by segment of the text index, each with
    /// its score: the entries are set, then each score is written at its entry's rank (no
    /// sort, no merged copy of the hits).
    pub(super) fn new(segments: &[Vec<(u32, Score)>], snippet_terms: Vec<(String, Score)>) -> Self {
        let hits = || segments.iter().flatten();
        let len = hits()
            .map(|(entry, _)| *entry as usize + 1)
            .max()
            .unwrap_or(0);
        let mut set = FixedBitSet::with_capacity(len);
        for (entry, _) in hits() {
            set.insert(*entry as usize);
        }
        let mut ranks = Vec::with_capacity(set.as_slice().len());
        let mut before = 0;
        for word in set.as_slice() {
            ranks.push(before);
            before += word.count_ones();
        }
        let mut matches = ClauseMatches {
            scores: vec![0.0; before as usize],
            set,
            ranks,
            snippet_terms,
        };
        for (entry, score) in hits() {
            let rank = matches.rank(*entry as usize);
            matches.scores[rank] = *score;
        }
        matches
    }

    /// Where the score of an entry of `set` is, in constant time.
    pub(super) fn rank(&self, entry: usize) -> usize {
        let (word, bit) = (entry / 64, entry % 64);
        let below = self.set.as_slice()[word] & ((1usize << bit) - 1);
        self.ranks[word] as usize + below.count_ones() as usize
    }

    /// The score of an entry of `set`.
    pub(super) fn score(&self, entry: usize) -> Score {
        self.scores[self.rank(entry)]
    }

    pub(super) fn bytes(&self) -> usize {
        std::mem::size_of_val(self.set.as_slice())
            + std::mem::size_of_val(self.scores.as_slice())
            + std::mem::size_of_val(self.ranks.as_slice())
            + self
                .snippet_terms
                .iter()
                .map(|(t, _)| t.len() + 32)
                .sum::<usize>()
    }
}

/// What a text query matches: the entries every clause matches.
pub(super) struct TextMatches {
    pub(super) clauses: Vec<Arc<ClauseMatches>>,
    pub(super) set: FixedBitSet,
}

/// The matches of the latest clauses, within a memory budget. Words come back across
/// queries far more than whole queries do ("conseil citoyen", "conseil de quartier"), and
/// people refine a search by facets, sorts and pages, asking the same words again: with
/// their matches at hand, a query is a few set intersections and additions of scores.
pub(super) struct ClauseCache {
    matches: lru::LruCache<Clause, Arc<ClauseMatches>>,
    bytes: usize,
}

/// What the cached clauses may take: a word matching 40,000 of 130,000 items takes about
/// 340 KB.
const CLAUSE_CACHE_BYTES: usize = 16 << 20;

impl ClauseCache {
    pub(super) fn new() -> Self {
        ClauseCache {
            matches: lru::LruCache::unbounded(),
            bytes: 0,
        }
    }

    pub(super) fn get(&mut self, clause: &Clause) -> Option<Arc<ClauseMatches>> {
        self.matches.get(clause).cloned()
    }

    pub(super) fn put(&mut self, clause: Clause, matches: Arc<ClauseMatches>) {
        self.bytes += matches.bytes();
        if let Some(replaced) = self.matches.put(clause, matches) {
            self.bytes -= replaced.bytes();
        }
        while self.bytes > CLAUSE_CACHE_BYTES && self.matches.len() > 1 {
            match self.matches.pop_lru() {
                Some((_, dropped)) => self.bytes -= dropped.bytes(),
                None => break,
            }
        }
    }

    pub(super) fn clear(&mut self) {
        self.matches.clear();
        self.bytes = 0;
    }
}
