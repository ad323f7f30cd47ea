//! French text analysis, shared by indexing and querying so both see the same terms.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer, TokenStream,
};
use tantivy::Index;

/// Words reduced to their stem: `conseils` and `conseil`, `formations` and `formation`
/// meet. Stop words go first (the list is accented), then accents, then stemming, so that
/// `egalite` and `égalité` give the same stem.
pub const STEMMED: &str = "fr_stem";
/// Words only lower-cased and stripped of accents: what prefix and typo matching compare
/// against, since a stem is not a prefix of what the user is typing.
pub const FOLDED: &str = "fr_fold";

/// Letters left over by elision (l'égalité, d'habitants, qu'il): never worth matching.
const ELISIONS: &[&str] = &["l", "d", "j", "m", "n", "s", "t", "c", "qu"];

fn stemmed() -> TextAnalyzer {
    let builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser);
    let builder = match StopWordFilter::new(Language::French) {
        Some(stop_words) => builder.filter_dynamic(stop_words),
        None => builder.dynamic(),
    };
    builder
        .filter_dynamic(StopWordFilter::remove(
            ELISIONS.iter().map(|w| (*w).to_owned()),
        ))
        .filter_dynamic(AsciiFoldingFilter)
        .filter_dynamic(Stemmer::new(Language::French))
        .build()
}

fn folded() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

pub fn register(index: &Index) {
    index.tokenizers().register(STEMMED, stemmed());
    index.tokenizers().register(FOLDED, folded());
}

/// The tokens `analyzer` makes of `text`, with their positions.
pub fn tokens(analyzer: &str, text: &str) -> Vec<(usize, String)> {
    let mut analyzer = match analyzer {
        STEMMED => stemmed(),
        _ => folded(),
    };
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let token = stream.token();
        out.push((token.position, token.text.clone()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<String> {
        tokens(STEMMED, text).into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn accents_case_and_plurals_meet() {
        assert_eq!(stems("égalité"), stems("EGALITE"));
        assert_eq!(stems("conseils"), stems("conseil"));
        assert_eq!(stems("formations"), stems("formation"));
        assert_eq!(stems("Nîmes"), stems("nimes"));
    }

    #[test]
    fn stop_words_and_elisions_are_dropped() {
        assert_eq!(stems("l'égalité des femmes"), stems("égalité femmes"));
    }

    #[test]
    fn folding_keeps_whole_words_for_prefixes() {
        let folded: Vec<_> = tokens(FOLDED, "Renouvellement")
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        assert_eq!(folded, vec!["renouvellement"]);
    }
}
