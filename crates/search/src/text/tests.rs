use super::*;
use std::collections::HashMap;

fn index() -> TextIndex {
    let docs = [
        (
            "Égalité femmes-hommes",
            "Cycle de formation à Nîmes",
            "Les conseils citoyens",
        ),
        (
            "Renouvellement urbain",
            "Marketing territorial",
            "image des quartiers",
        ),
        (
            "Médiation en santé",
            "Séminaire régional",
            "non-recours aux soins",
        ),
    ];
    TextIndex::build(
        docs.iter()
            .enumerate()
            .map(|(i, (title, summary, body))| TextDoc {
                doc_no: i as u64,
                title,
                summary,
                body,
            }),
    )
    .expect("index builds")
}

fn hits(index: &TextIndex, q: &str) -> Vec<u64> {
    let mut found: Vec<u64> = index
        .search(&TextQuery::parse(q))
        .expect("search")
        .into_iter()
        .map(|(doc, _)| doc)
        .collect();
    found.sort();
    found
}

#[test]
fn matches_without_accents_plurals_and_with_typos_and_prefixes() {
    let index = index();
    assert_eq!(hits(&index, "egalite"), vec![0]);
    assert_eq!(hits(&index, "NIMES"), vec![0]);
    assert_eq!(hits(&index, "conseil citoyen"), vec![0]);
    assert_eq!(hits(&index, "renouvelement"), vec![1]);
    assert_eq!(hits(&index, "mediaton"), vec![2]);
    assert_eq!(hits(&index, "renouv"), vec![1]);
    assert!(
        hits(&index, "renouv ").is_empty(),
        "a finished word is not a prefix"
    );
}

#[test]
fn every_word_must_match_and_phrases_keep_their_order() {
    let index = index();
    assert!(hits(&index, "égalité santé").is_empty());
    assert_eq!(hits(&index, "\"marketing territorial\""), vec![1]);
    assert!(hits(&index, "\"territorial marketing\"").is_empty());
}

#[test]
fn syntax_characters_are_plain_separators() {
    let index = index();
    for q in [
        "\"égalité",
        "égalité:(femmes*",
        "-santé",
        "(((",
        "\"\"",
        ":",
    ] {
        // Never an error; what cannot be read is searched as words.
        index.search(&TextQuery::parse(q)).expect("no error");
    }
    assert_eq!(hits(&index, "\"égalité"), vec![0]);
    assert!(TextQuery::parse("((( ***").is_empty());
}

#[test]
fn updates_replace_and_remove_documents() {
    let index = index();
    index
        .update(
            &[1],
            Some(TextDoc {
                doc_no: 3,
                title: "Jardins partagés",
                summary: "",
                body: "",
            }),
        )
        .expect("update");
    assert!(hits(&index, "renouvellement").is_empty());
    assert_eq!(hits(&index, "jardin"), vec![3]);
    index.update(&[3], None).expect("removal");
    assert!(hits(&index, "jardin").is_empty());
}

#[test]
fn a_query_scores_the_sum_of_its_clauses_scores() {
    let index = index();
    // An update lands in a segment of its own: matches span two.
    index
        .update(
            &[],
            Some(TextDoc {
                doc_no: 3,
                title: "Conseils citoyens de Narbonne",
                summary: "Formation des conseillers citoyens",
                body: "marketing territorial",
            }),
        )
        .expect("update");
    for q in [
        "conseil",
        "formation citoyen",
        "conseil narb",
        "mediaton",
        "citoyens \"marketing territorial\"",
    ] {
        let query = TextQuery::parse(q);
        let whole: HashMap<u64, Score> =
            index.search(&query).expect("search").into_iter().collect();
        assert!(!whole.is_empty(), "{q}");
        let mut summed: HashMap<u64, (usize, Score)> = HashMap::new();
        let clauses = query.clauses();
        for clause in &clauses {
            let hits = index.clause_hits(clause).expect("clause");
            for (doc_no, score) in hits.segments.iter().flat_map(SegmentHits::numbered) {
                let sum = summed.entry(doc_no).or_default();
                *sum = (sum.0 + 1, sum.1 + score);
            }
        }
        summed.retain(|_, (matched, _)| *matched == clauses.len());
        assert_eq!(summed.len(), whole.len(), "{q}");
        for (doc_no, (_, score)) in summed {
            assert!(
                (score - whole[&doc_no]).abs() <= 1e-5 * score,
                "{q}: {doc_no}"
            );
        }
    }
}

#[test]
fn snippets_mark_matched_words_and_escape_html() {
    let index = index();
    let mut terms = BTreeMap::new();
    for clause in TextQuery::parse("formation").clauses() {
        terms.extend(index.clause_hits(&clause).expect("clause").snippet_terms);
    }
    let html = index
        .snippets(terms)
        .highlight("Une <b>formation</b> à Nîmes")
        .expect("a match");
    assert!(html.contains("<mark>formation</mark>"), "{html}");
    assert!(html.contains("&lt;b&gt;"), "{html}");
}
