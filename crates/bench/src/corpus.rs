//! A reproducible synthetic French corpus: same seed, same items.

use chrono::{Datelike, NaiveDate, NaiveTime};
use passerelle_search::CatalogItem;
use passerelle_types::*;
use uuid::Uuid;

/// Every generated item was last changed at the same instant: the corpus stays reproducible.
const UPDATED_AT: chrono::DateTime<chrono::Utc> = chrono::DateTime::UNIX_EPOCH;

/// SplitMix64: small, fast and fully determined by its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }
}

const WORDS: &[&str] = &[
    "conseil",
    "conseils",
    "citoyen",
    "citoyens",
    "citoyenne",
    "habitants",
    "quartier",
    "quartiers",
    "prioritaire",
    "prioritaires",
    "politique",
    "ville",
    "contrat",
    "contrats",
    "renouvellement",
    "urbain",
    "urbaine",
    "égalité",
    "femmes",
    "hommes",
    "formation",
    "formations",
    "séminaire",
    "rencontre",
    "rencontres",
    "départementale",
    "régional",
    "régionale",
    "emploi",
    "jeunes",
    "insertion",
    "économique",
    "développement",
    "logement",
    "social",
    "sociale",
    "santé",
    "médiation",
    "accès",
    "droits",
    "éducation",
    "école",
    "réussite",
    "culture",
    "sport",
    "numérique",
    "transition",
    "écologique",
    "mobilité",
    "sécurité",
    "prévention",
    "tranquillité",
    "participation",
    "démocratie",
    "locale",
    "association",
    "associations",
    "collectivité",
    "État",
    "préfecture",
    "délégué",
    "partenaires",
    "acteurs",
    "territoire",
    "territoires",
    "diagnostic",
    "évaluation",
    "capitalisation",
    "méthode",
    "outils",
    "guide",
    "pratiques",
    "expérimentation",
    "projet",
    "projets",
    "gouvernance",
    "budget",
    "crédits",
    "programmation",
    "appel",
    "animation",
    "réseau",
    "mise",
    "en",
    "de",
    "la",
    "le",
    "les",
    "des",
    "du",
    "et",
    "pour",
    "avec",
    "dans",
    "sur",
    "une",
    "un",
    "aux",
    "au",
    "par",
    "chômeur",
    "longue",
    "durée",
    "image",
    "attractivité",
    "marketing",
    "fierté",
    "habiter",
    "commerce",
    "centre",
    "revitalisation",
    "enfance",
    "famille",
    "parentalité",
    "seniors",
    "isolement",
    "solidarité",
    "bénévoles",
    "jardins",
    "partagés",
    "alimentation",
    "précarité",
    "énergie",
    "rénovation",
    "bailleurs",
    "copropriétés",
    "services",
    "publics",
    "proximité",
    "maison",
    "France",
    "agents",
    "médiateurs",
    "adultes",
    "relais",
    "lutte",
    "discriminations",
    "laïcité",
    "citoyenneté",
    "jeunesse",
    "vacances",
    "apprenants",
    "langue",
    "français",
    "illettrisme",
    "accompagnement",
];

const COMMUNES: &[(&str, &str, &str)] = &[
    ("34172", "Montpellier", "34"),
    ("34032", "Béziers", "34"),
    ("34301", "Sète", "34"),
    ("34108", "Frontignan", "34"),
    ("34142", "Lunel", "34"),
    ("34003", "Agde", "34"),
    ("30189", "Nîmes", "30"),
    ("30007", "Alès", "30"),
    ("30028", "Bagnols-sur-Cèze", "30"),
    ("30003", "Aigues-Mortes", "30"),
    ("30344", "Vauvert", "30"),
    ("30202", "Pont-Saint-Esprit", "30"),
    ("11262", "Narbonne", "11"),
    ("11069", "Carcassonne", "11"),
    ("11076", "Castelnaudary", "11"),
    ("11206", "Limoux", "11"),
    ("66136", "Perpignan", "66"),
    ("66037", "Canet-en-Roussillon", "66"),
    ("66172", "Saint-Estève", "66"),
    ("66164", "Rivesaltes", "66"),
    ("31555", "Toulouse", "31"),
    ("31069", "Blagnac", "31"),
    ("31149", "Colomiers", "31"),
    ("48095", "Mende", "48"),
    ("12202", "Rodez", "12"),
    ("81004", "Albi", "81"),
    ("81065", "Castres", "81"),
    ("82121", "Montauban", "82"),
    ("65440", "Tarbes", "65"),
    ("09122", "Foix", "09"),
    ("09225", "Pamiers", "09"),
    ("46042", "Cahors", "46"),
    ("32013", "Auch", "32"),
];

const DEPARTEMENTS: &[(&str, &str)] = &[
    ("09", "Ariège"),
    ("11", "Aude"),
    ("12", "Aveyron"),
    ("30", "Gard"),
    ("31", "Haute-Garonne"),
    ("32", "Gers"),
    ("34", "Hérault"),
    ("46", "Lot"),
    ("48", "Lozère"),
    ("65", "Hautes-Pyrénées"),
    ("66", "Pyrénées-Orientales"),
    ("81", "Tarn"),
    ("82", "Tarn-et-Garonne"),
];

const THEMES: &[(&str, &str)] = &[
    ("conseils-citoyens", "Conseils citoyens"),
    ("participation-des-habitants", "Participation des habitants"),
    ("egalite-femmes-hommes", "Égalité femmes-hommes"),
    ("renouvellement-urbain", "Renouvellement urbain"),
    ("emploi-insertion", "Emploi et insertion"),
    ("sante", "Santé"),
    ("education", "Éducation"),
    ("developpement-economique", "Développement économique"),
    ("contrat-de-ville", "Contrat de ville"),
    ("tranquillite-publique", "Tranquillité publique"),
    ("culture", "Culture"),
    ("transition-ecologique", "Transition écologique"),
];

/// Word frequencies follow Zipf's law, as in real text: the vocabulary words of urban
/// policy first, then a long tail of rarer made-up words, so that a query word appears in
/// a realistic share of documents rather than in all of them.
struct Vocabulary {
    words: Vec<String>,
    /// Cumulative weights, for sampling by binary search.
    cumulative: Vec<f64>,
}

const TAIL_WORDS: usize = 20_000;
const FUNCTION_WORDS: &[&str] = &[
    "de", "la", "le", "les", "des", "et", "en", "du", "un", "une", "pour", "dans", "sur", "aux",
    "au", "par", "avec", "mise",
];
const SYLLABLES: &[&str] = &[
    "ba", "ca", "de", "fi", "go", "la", "me", "no", "pa", "ri", "sa", "te", "vi", "lo", "mu",
    "cha", "tre", "pro", "con", "ter", "man", "vel", "sion", "tion", "ment", "eur", "age", "ise",
];

impl Vocabulary {
    fn new(rng: &mut Rng) -> Self {
        // As in French text, function words are the most frequent; the domain words follow
        // in an order drawn from the seed, then the tail.
        let (function, mut domain): (Vec<&str>, Vec<&str>) =
            WORDS.iter().partition(|w| FUNCTION_WORDS.contains(w));
        for i in (1..domain.len()).rev() {
            domain.swap(i, rng.below(i + 1));
        }
        let mut words: Vec<String> = function
            .into_iter()
            .chain(domain)
            .map(str::to_owned)
            .collect();
        while words.len() < WORDS.len() + TAIL_WORDS {
            let syllables = rng.between(2, 4);
            words.push((0..syllables).map(|_| *rng.pick(SYLLABLES)).collect());
        }
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Vocabulary { words, cumulative }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let target = (rng.next() as f64 / u64::MAX as f64) * total;
        let rank = self.cumulative.partition_point(|c| *c < target);
        &self.words[rank.min(self.words.len() - 1)]
    }
}

fn sentence(rng: &mut Rng, vocabulary: &Vocabulary, low: usize, high: usize) -> String {
    let count = rng.between(low, high);
    let mut words: Vec<String> = (0..count)
        .map(|_| vocabulary.word(rng).to_owned())
        .collect();
    if let Some(first) = words.first_mut() {
        let mut chars = first.chars();
        if let Some(c) = chars.next() {
            *first = c.to_uppercase().chain(chars).collect();
        }
    }
    words.join(" ")
}

fn paragraph(rng: &mut Rng, vocabulary: &Vocabulary, sentences: usize) -> String {
    (0..sentences)
        .map(|_| sentence(rng, vocabulary, 8, 22) + ".")
        .collect::<Vec<_>>()
        .join(" ")
}

fn territory(level: TerritoryLevel, code: &str, name: &str, parent: Option<String>) -> Territory {
    Territory {
        id: format!("{}-{code}", level.as_str()),
        code: code.to_owned(),
        level,
        name: name.to_owned(),
        parent_id: parent,
    }
}

/// A commune of `COMMUNES`, in its département.
fn commune_territory((code, name, departement): &(&str, &str, &str)) -> Territory {
    territory(
        TerritoryLevel::Commune,
        code,
        name,
        Some(format!("departement-{departement}")),
    )
}

/// The corpus: reference tables, and the items generated one by one as they are read, so
/// that the whole corpus is never in memory.
pub struct Corpus {
    pub themes: Vec<Theme>,
    pub territories: Vec<Territory>,
    pub items: Items,
}

pub struct Items {
    rng: Rng,
    vocabulary: Vocabulary,
    themes: Vec<Theme>,
    territories: Vec<Territory>,
    /// Publications, then events, then members: the order fixes the random sequence.
    counts: [usize; 3],
    produced: usize,
}

pub fn generate(seed: u64, publications: usize, events: usize, members: usize) -> Corpus {
    let mut rng = Rng(seed);
    let vocabulary = Vocabulary::new(&mut rng);
    let themes: Vec<Theme> = THEMES
        .iter()
        .map(|(slug, label)| Theme {
            slug: (*slug).to_owned(),
            label: (*label).to_owned(),
        })
        .collect();
    let mut territories = vec![territory(TerritoryLevel::Region, "76", "Occitanie", None)];
    territories.extend(DEPARTEMENTS.iter().map(|(code, name)| {
        territory(
            TerritoryLevel::Departement,
            code,
            name,
            Some("region-76".to_owned()),
        )
    }));
    territories.extend(COMMUNES.iter().map(commune_territory));
    Corpus {
        items: Items {
            rng,
            vocabulary,
            themes: themes.clone(),
            territories: territories.clone(),
            counts: [publications, events, members],
            produced: 0,
        },
        themes,
        territories,
    }
}

impl Iterator for Items {
    type Item = CatalogItem;

    fn next(&mut self) -> Option<CatalogItem> {
        let n = self.produced;
        let [publications, events, members] = self.counts;
        self.produced += 1;
        if n < publications {
            Some(self.publication(n))
        } else if n < publications + events {
            Some(self.event(n - publications))
        } else if n < publications + events + members {
            Some(self.member(n - publications - events))
        } else {
            self.produced = n;
            None
        }
    }
}

impl Items {
    fn pick_themes(&mut self) -> Vec<Theme> {
        let rng = &mut self.rng;
        let mut chosen: Vec<Theme> = (0..rng.between(1, 3))
            .map(|_| rng.pick(&self.themes).clone())
            .collect();
        chosen.sort_by(|a, b| a.slug.cmp(&b.slug));
        chosen.dedup_by(|a, b| a.slug == b.slug);
        chosen
    }

    fn pick_territories(&mut self) -> Vec<Territory> {
        let rng = &mut self.rng;
        let mut chosen: Vec<Territory> = (0..rng.between(1, 2))
            .map(|_| rng.pick(&self.territories[1..]).clone())
            .collect();
        chosen.sort_by(|a, b| a.id.cmp(&b.id));
        chosen.dedup_by(|a, b| a.id == b.id);
        chosen
    }

    fn date(&mut self) -> Option<NaiveDate> {
        let rng = &mut self.rng;
        NaiveDate::from_ymd_opt(
            rng.between(2005, 2026) as i32,
            rng.between(1, 12) as u32,
            rng.between(1, 28) as u32,
        )
    }

    fn id(&mut self) -> Uuid {
        Uuid::from_u64_pair(self.rng.next(), self.rng.next())
    }

    fn sentence(&mut self, low: usize, high: usize) -> String {
        sentence(&mut self.rng, &self.vocabulary, low, high)
    }

    fn paragraph(&mut self, sentences: usize) -> String {
        paragraph(&mut self.rng, &self.vocabulary, sentences)
    }

    fn paragraphs(&mut self, low: usize, high: usize) -> String {
        (0..self.rng.between(low, high))
            .map(|_| self.paragraph(4))
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    fn publication(&mut self, n: usize) -> CatalogItem {
        let publication_date = self.date();
        let title = self.sentence(5, 12);
        let summary = self.paragraph(2);
        let body = self.paragraphs(2, 6);
        let summary = PublicationSummary {
            id: self.id(),
            slug: format!("publication-{n}"),
            title,
            summary,
            kind: *self.rng.pick(PublicationKind::ALL),
            publication_date,
            year: publication_date.map(|d| d.year()),
            themes: self.pick_themes(),
            territories: self.pick_territories(),
            updated_at: UPDATED_AT,
            version: 1,
        };
        CatalogItem::publication(summary, body)
    }

    fn event(&mut self, n: usize) -> CatalogItem {
        let start_date = self.date();
        let commune = *self.rng.pick(COMMUNES);
        let title = self.sentence(4, 10);
        let summary = self.paragraph(1);
        let body = self.paragraphs(1, 3);
        let summary = EventSummary {
            id: self.id(),
            slug: format!("evenement-{n}"),
            title,
            summary,
            kind: *self.rng.pick(EventKind::ALL),
            status: EventStatus::Scheduled,
            schedule: Schedule {
                start_date,
                start_time: NaiveTime::from_hms_opt(9, 30, 0),
                end_date: None,
                end_time: NaiveTime::from_hms_opt(17, 0, 0),
                starts_at: None,
                ends_at: None,
                period: None,
                year: start_date.map(|d| d.year()),
                time_zone: TIME_ZONE.to_owned(),
            },
            venue: Some(Venue {
                name: Some(self.sentence(2, 4)),
                address: None,
                commune: Some(territory(
                    TerritoryLevel::Commune,
                    commune.0,
                    commune.1,
                    None,
                )),
            }),
            online_url: None,
            themes: self.pick_themes(),
            territories: vec![commune_territory(&commune)],
            updated_at: UPDATED_AT,
            version: 1,
        };
        CatalogItem::event(summary, body)
    }

    fn member(&mut self, n: usize) -> CatalogItem {
        let commune = *self.rng.pick(COMMUNES);
        let kind = *self.rng.pick(MemberKind::ALL);
        let name = format!("{} {}", kind.label(), commune.1);
        let sentences = self.rng.between(2, 5);
        let description = self.paragraph(sentences);
        let summary = MemberSummary {
            id: self.id(),
            slug: format!("membre-{n}"),
            name,
            kind,
            qpv_code: None,
            themes: self.pick_themes(),
            territories: vec![commune_territory(&commune)],
            updated_at: UPDATED_AT,
            version: 1,
        };
        CatalogItem::member(summary, description)
    }
}
