//! Relevance suite: French queries over the seed content, each with the items expected in
//! the top three results and items that must not appear at all.

use passerelle_tests::{on_both_backends, TestApp};
use passerelle_types::SearchResults;

struct Case {
    /// Query string of `/api/v1/search` (already URL-encoded where needed).
    query: &'static str,
    /// Every one of these slugs within the first three results.
    top3: &'static [&'static str],
    /// None of these slugs anywhere in the results.
    absent: &'static [&'static str],
}

const EQUALITY_DOSSIER: &str = "capitalisation-egalite-femmes-hommes-contrats-de-ville";
const EQUALITY_PRESENTATION: &str = "presentation-formation-egalite-femmes-hommes";
const NIMES_SESSION: &str = "formation-egalite-femmes-hommes-nimes-2019";
const NARBONNE_SESSION: &str = "formation-egalite-femmes-hommes-narbonne-2019";
const GARD_SEMINAR: &str = "seminaire-mise-en-reseau-conseils-citoyens-gard-2019";
const NETWORK_GUIDE: &str = "guide-les-outils-de-votre-mise-en-reseau";
const MARKETING_DOSSIER: &str = "dossier-marketing-territorial-image-des-territoires";
const MARKETING_SEMINAR: &str = "seminaire-marketing-territorial-2019";
const TZCLD_DOSSIER: &str = "capitalisation-seminaire-territoires-zero-chomeur";
const TZCLD_SEMINAR: &str = "seminaire-territoires-zero-chomeur-de-longue-duree";
const HEALTH_DOSSIER: &str = "mediation-en-sante";
const HEALTH_SEMINAR: &str = "seminaire-mediation-en-sante-2019";
const INESS_VIDEO: &str = "video-iness-narbonne";
const INESS: &str = "iness-narbonne";
const HERAULT_GUIDE: &str = "guide-bonnes-pratiques-conseils-citoyens-herault";
const HERAULT_2018: &str = "rencontres-conseils-citoyens-herault-2018";
const HERAULT_2019: &str = "rencontres-conseils-citoyens-herault-2019";
const STATE_OF_PLAY: &str = "etat-des-lieux-2019-conseils-citoyens-est-occitanie";

const CASES: &[Case] = &[
    // Accents and case
    Case {
        query: "q=egalite+femmes+hommes&type=publication",
        top3: &[EQUALITY_DOSSIER, EQUALITY_PRESENTATION],
        absent: &[HEALTH_DOSSIER, INESS_VIDEO],
    },
    Case {
        query: "q=EGALITE",
        top3: &[NIMES_SESSION],
        absent: &[TZCLD_DOSSIER],
    },
    Case {
        query: "q=Nimes&type=event",
        top3: &[NIMES_SESSION],
        absent: &[HEALTH_SEMINAR],
    },
    Case {
        query: "q=zero+chomeur",
        top3: &[TZCLD_SEMINAR, TZCLD_DOSSIER],
        absent: &[EQUALITY_DOSSIER],
    },
    Case {
        query: "q=z%C3%A9ro+ch%C3%B4meur",
        top3: &[TZCLD_SEMINAR, TZCLD_DOSSIER],
        absent: &[MARKETING_DOSSIER],
    },
    Case {
        query: "q=prefecture+herault",
        top3: &["prefecture-de-l-herault"],
        absent: &[INESS],
    },
    // Plurals and stemming
    Case {
        query: "q=conseil+citoyen+Gard",
        top3: &[GARD_SEMINAR, NETWORK_GUIDE],
        absent: &[HERAULT_GUIDE, HEALTH_DOSSIER],
    },
    Case {
        query: "q=conseils+citoyens&territory=departement-34&type=publication",
        top3: &[HERAULT_GUIDE, STATE_OF_PLAY],
        absent: &[NETWORK_GUIDE],
    },
    Case {
        query: "q=citoyennes&type=event",
        top3: &[GARD_SEMINAR],
        absent: &[TZCLD_SEMINAR],
    },
    Case {
        query: "q=formations&type=event&territory=departement-66",
        top3: &[NARBONNE_SESSION],
        absent: &[NIMES_SESSION],
    },
    Case {
        query: "q=s%C3%A9minaires+r%C3%A9gionaux",
        top3: &[HEALTH_SEMINAR, TZCLD_SEMINAR],
        absent: &[HERAULT_2018],
    },
    // Typos (one edit on words of five letters or more)
    Case {
        query: "q=renouvelement+urbain",
        top3: &[MARKETING_DOSSIER, MARKETING_SEMINAR],
        absent: &[HEALTH_DOSSIER],
    },
    Case {
        query: "q=mediaton",
        top3: &[HEALTH_SEMINAR, HEALTH_DOSSIER],
        absent: &[INESS_VIDEO],
    },
    Case {
        query: "q=egalitee+femmes&type=publication",
        top3: &[EQUALITY_DOSSIER],
        absent: &[TZCLD_DOSSIER],
    },
    Case {
        query: "q=Narbone&type=member",
        top3: &[INESS, "grand-narbonne"],
        absent: &["toulouse-metropole"],
    },
    // Prefixes of the word being typed
    Case {
        query: "q=renouv",
        top3: &[MARKETING_DOSSIER, MARKETING_SEMINAR],
        absent: &[HEALTH_DOSSIER],
    },
    Case {
        query: "q=zero+ch%C3%B4",
        top3: &[TZCLD_SEMINAR, TZCLD_DOSSIER],
        absent: &[EQUALITY_DOSSIER],
    },
    Case {
        query: "q=agrop",
        top3: &["agropolis-international", HERAULT_2019],
        absent: &[HERAULT_2018],
    },
    // Phrases in quotes
    Case {
        query: "q=%22marketing+territorial%22",
        top3: &[MARKETING_DOSSIER, MARKETING_SEMINAR],
        absent: &[NETWORK_GUIDE],
    },
    Case {
        query: "q=%22mise+en+r%C3%A9seau%22",
        top3: &[GARD_SEMINAR, NETWORK_GUIDE],
        absent: &[HERAULT_GUIDE],
    },
    Case {
        query: "q=%22fiert%C3%A9+d%27habiter%22",
        top3: &[MARKETING_DOSSIER, MARKETING_SEMINAR],
        absent: &[STATE_OF_PLAY],
    },
    // Stop words ignored, every word required
    Case {
        query: "q=le+guide+des+bonnes+pratiques",
        top3: &[HERAULT_GUIDE],
        absent: &[NETWORK_GUIDE],
    },
    Case {
        query: "q=m%C3%A9diation+emploi",
        top3: &[],
        absent: &[HEALTH_DOSSIER, INESS_VIDEO],
    },
    // People, places and quoted facts
    Case {
        query: "q=Claudy+Vouh%C3%A9",
        top3: &["l-etre-egale"],
        absent: &[HEALTH_SEMINAR],
    },
    Case {
        query: "q=Sandrine+Sol%C3%A9",
        top3: &[INESS, INESS_VIDEO],
        absent: &["grand-narbonne"],
    },
    Case {
        query: "q=BOP+147",
        top3: &[EQUALITY_DOSSIER],
        absent: &[NIMES_SESSION],
    },
    Case {
        query: "q=non-recours+aux+soins",
        top3: &[HEALTH_DOSSIER],
        absent: &[TZCLD_DOSSIER],
    },
    Case {
        query: "q=Vivre+les+Mureaux",
        top3: &["vivre-les-mureaux", MARKETING_DOSSIER],
        absent: &[INESS],
    },
    // Filters combined with text
    Case {
        query: "q=conseils+citoyens&year=2018",
        top3: &[HERAULT_2018],
        absent: &[HERAULT_2019, STATE_OF_PLAY],
    },
    Case {
        query: "q=rencontres&kind=rencontre&from=2019-01-01",
        top3: &[HERAULT_2019],
        absent: &[HERAULT_2018],
    },
    Case {
        query: "q=%C3%A9galit%C3%A9&theme=conseils-citoyens",
        top3: &[HERAULT_2019],
        absent: &[EQUALITY_DOSSIER],
    },
    Case {
        query: "q=territoires&type=member",
        top3: &[],
        absent: &[TZCLD_DOSSIER, TZCLD_SEMINAR],
    },
];

async fn french_queries_find_the_right_items_first(app: TestApp) {
    let mut failures = Vec::new();
    for case in CASES {
        let results: SearchResults = app.json(&format!("/api/v1/search?{}", case.query)).await;
        let slugs: Vec<&str> = results.items.iter().map(|h| h.slug.as_str()).collect();
        let top3 = &slugs[..slugs.len().min(3)];
        for expected in case.top3 {
            if !top3.contains(expected) {
                failures.push(format!("{}: {expected} not in top 3 {top3:?}", case.query));
            }
        }
        for banned in case.absent {
            if slugs.contains(banned) {
                failures.push(format!(
                    "{}: {banned} should not appear in {slugs:?}",
                    case.query
                ));
            }
        }
    }
    assert!(CASES.len() >= 25);
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

on_both_backends!(french_queries_find_the_right_items_first);
