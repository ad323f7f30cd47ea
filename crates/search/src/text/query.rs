//! What a person types, read as the words that must all match and the quoted phrases.

use crate::analysis::{self, FOLDED, STEMMED};

/// One word of a query: its stem (absent for a stop word kept only as a prefix) and its
/// folded form, for prefix and typo matching.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Word {
    pub stem: Option<String>,
    pub folded: String,
    /// The last word, still being typed: matches as a prefix.
    pub is_prefix: bool,
}

/// One condition every match of a query meets: a word (or the words it may stand for) or a
/// quoted phrase.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Clause {
    Word(Word),
    /// Stemmed terms with their positions.
    Phrase(Vec<(usize, String)>),
}

/// What a person typed, reduced to words that must all match and quoted phrases.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct TextQuery {
    pub words: Vec<Word>,
    /// Stemmed terms with their positions.
    pub phrases: Vec<Vec<(usize, String)>>,
}

impl TextQuery {
    /// Never fails: characters that are not letters or digits only separate words, and an
    /// unbalanced quote is ignored.
    pub fn parse(input: &str) -> TextQuery {
        let quotes = input.matches('"').count();
        let segments: Vec<&str> = input.split('"').collect();
        let last_plain = if quotes.is_multiple_of(2) {
            segments.len().saturating_sub(1)
        } else {
            // An unbalanced quote: its text is searched as plain words.
            segments.len().saturating_sub(2)
        };
        let mut query = TextQuery::default();
        let mut plain = String::new();
        for (i, segment) in segments.iter().enumerate() {
            let is_phrase = i % 2 == 1 && i <= last_plain;
            if is_phrase {
                let terms = analysis::tokens(STEMMED, segment);
                if !terms.is_empty() {
                    let first = terms[0].0;
                    query
                        .phrases
                        .push(terms.into_iter().map(|(p, t)| (p - first, t)).collect());
                }
                plain.push(' ');
            } else {
                plain.push_str(segment);
                plain.push(' ');
            }
        }
        // The last word is a prefix only while the person is still typing it.
        let typing = !input.ends_with(|c: char| !c.is_alphanumeric());
        let folded = analysis::tokens(FOLDED, &plain);
        let count = folded.len();
        for (i, (_, word)) in folded.into_iter().enumerate() {
            let stem = analysis::tokens(STEMMED, &word)
                .into_iter()
                .next()
                .map(|(_, t)| t);
            let is_prefix = typing && i + 1 == count && quotes.is_multiple_of(2);
            // Stop words are dropped, unless they may be the start of a longer word.
            if stem.is_some() || (is_prefix && word.chars().count() >= 3) {
                query.words.push(Word {
                    stem,
                    folded: word,
                    is_prefix,
                });
            }
        }
        query
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }

    /// The conditions a match meets, each on its own.
    pub fn clauses(&self) -> Vec<Clause> {
        let words = self.words.iter().cloned().map(Clause::Word);
        let phrases = self.phrases.iter().cloned().map(Clause::Phrase);
        words.chain(phrases).collect()
    }
}
