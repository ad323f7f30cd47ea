//! How the engine keeps each item's summary. It keeps every published item for its whole
//! life (130,000 in the benchmark), so an entry is kept compact: its texts in one
//! allocation, its themes and territories as numbers into one shared copy of each, and
//! nothing of the summary that it can rebuild.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use passerelle_types::{
    EventKind, EventStatus, EventSummary, ItemSummary, ItemType, MemberKind, MemberSummary,
    PublicationKind, PublicationSummary, Schedule, SearchHit, Territory, Theme, Venue,
};
use uuid::Uuid;

/// One copy of each theme and territory that items refer to, numbered in the order first
/// met.
pub(crate) struct References {
    themes: Shared<Theme>,
    territories: Shared<Territory>,
}

struct Shared<T> {
    numbers: HashMap<String, u32>,
    values: Vec<T>,
}

impl<T: Clone> Shared<T> {
    fn new() -> Self {
        Shared {
            numbers: HashMap::new(),
            values: Vec::new(),
        }
    }

    fn keep(&mut self, key: &str, value: T) -> u32 {
        if let Some(number) = self.numbers.get(key) {
            return *number;
        }
        let number = self.values.len() as u32;
        self.numbers.insert(key.to_owned(), number);
        self.values.push(value);
        number
    }

    fn restore(&self, numbers: &[u32]) -> Vec<T> {
        numbers
            .iter()
            .filter_map(|n| self.values.get(*n as usize).cloned())
            .collect()
    }
}

impl References {
    pub(crate) fn new() -> Self {
        References {
            themes: Shared::new(),
            territories: Shared::new(),
        }
    }

    fn keep_territory(&mut self, territory: Territory) -> u32 {
        let key = territory.id.clone();
        self.territories.keep(&key, territory)
    }
}

/// An item as the engine keeps it (see the module's documentation).
pub(crate) struct Entry {
    id: Uuid,
    /// The slug, the title (a member's name) and the summary, end to end.
    texts: Box<str>,
    title_at: u32,
    summary_at: u32,
    updated_at: DateTime<Utc>,
    version: i32,
    /// The numbers of the item's themes, then of its territories, in `References`.
    references: Box<[u32]>,
    theme_count: u16,
    details: Details,
}

/// What only one type of item has.
enum Details {
    Publication {
        kind: PublicationKind,
        publication_date: Option<NaiveDate>,
        year: Option<i32>,
    },
    /// Few items are events, and theirs is the largest part: boxed.
    Event(Box<EventDetails>),
    Member {
        kind: MemberKind,
        qpv_code: Option<Box<str>>,
    },
}

struct EventDetails {
    kind: EventKind,
    status: EventStatus,
    schedule: Schedule,
    /// Without its commune, kept in `References` as `commune`: many events share a few.
    venue: Option<Venue>,
    commune: Option<u32>,
    online_url: Option<String>,
}

impl Entry {
    /// Keeps `item`, sharing its themes and territories through `references`.
    pub(crate) fn new(item: ItemSummary, references: &mut References) -> Entry {
        let (themes, territories) = match &item {
            ItemSummary::Publication(p) => (&p.themes, &p.territories),
            ItemSummary::Event(e) => (&e.themes, &e.territories),
            ItemSummary::Member(m) => (&m.themes, &m.territories),
        };
        let mut numbers: Vec<u32> = themes
            .iter()
            .map(|t| references.themes.keep(&t.slug, t.clone()))
            .collect();
        let theme_count = numbers.len() as u16;
        numbers.extend(
            territories
                .iter()
                .map(|t| references.keep_territory(t.clone())),
        );
        let texts = |slug: &str, title: &str, summary: &str| {
            let texts = [slug, title, summary].concat().into_boxed_str();
            (texts, slug.len() as u32, (slug.len() + title.len()) as u32)
        };
        let (id, updated_at, version) = (item.id(), item.updated_at(), item_version(&item));
        let ((texts, title_at, summary_at), details) = match item {
            ItemSummary::Publication(p) => (
                texts(&p.slug, &p.title, &p.summary),
                Details::Publication {
                    kind: p.kind,
                    publication_date: p.publication_date,
                    year: p.year,
                },
            ),
            ItemSummary::Event(e) => {
                let e = *e;
                let mut venue = e.venue;
                let commune = venue
                    .as_mut()
                    .and_then(|v| v.commune.take())
                    .map(|c| references.keep_territory(c));
                (
                    texts(&e.slug, &e.title, &e.summary),
                    Details::Event(Box::new(EventDetails {
                        kind: e.kind,
                        status: e.status,
                        schedule: e.schedule,
                        venue,
                        commune,
                        online_url: e.online_url,
                    })),
                )
            }
            ItemSummary::Member(m) => (
                texts(&m.slug, &m.name, ""),
                Details::Member {
                    kind: m.kind,
                    qpv_code: m.qpv_code.map(String::into_boxed_str),
                },
            ),
        };
        Entry {
            id,
            texts,
            title_at,
            summary_at,
            updated_at,
            version,
            references: numbers.into_boxed_slice(),
            theme_count,
            details,
        }
    }

    /// The summary as served, rebuilt.
    pub(crate) fn item(&self, references: &References) -> ItemSummary {
        let (themes, territories) = self.references.split_at(self.theme_count as usize);
        let themes = references.themes.restore(themes);
        let territories = references.territories.restore(territories);
        let (slug, title, summary) = (
            self.slug().to_owned(),
            self.title().to_owned(),
            self.summary().to_owned(),
        );
        match &self.details {
            Details::Publication {
                kind,
                publication_date,
                year,
            } => ItemSummary::Publication(PublicationSummary {
                id: self.id,
                slug,
                title,
                summary,
                kind: *kind,
                publication_date: *publication_date,
                year: *year,
                themes,
                territories,
                updated_at: self.updated_at,
                version: self.version,
            }),
            Details::Event(e) => {
                let mut venue = e.venue.clone();
                if let (Some(venue), Some(commune)) = (venue.as_mut(), e.commune) {
                    venue.commune = references.territories.restore(&[commune]).pop();
                }
                ItemSummary::Event(Box::new(EventSummary {
                    id: self.id,
                    slug,
                    title,
                    summary,
                    kind: e.kind,
                    status: e.status,
                    schedule: e.schedule.clone(),
                    venue,
                    online_url: e.online_url.clone(),
                    themes,
                    territories,
                    updated_at: self.updated_at,
                    version: self.version,
                }))
            }
            Details::Member { kind, qpv_code } => ItemSummary::Member(MemberSummary {
                id: self.id,
                slug,
                name: title,
                kind: *kind,
                qpv_code: qpv_code.as_deref().map(str::to_owned),
                themes,
                territories,
                updated_at: self.updated_at,
                version: self.version,
            }),
        }
    }

    pub(crate) fn id(&self) -> Uuid {
        self.id
    }

    pub(crate) fn item_type(&self) -> ItemType {
        match self.details {
            Details::Publication { .. } => ItemType::Publication,
            Details::Event(_) => ItemType::Event,
            Details::Member { .. } => ItemType::Member,
        }
    }

    pub(crate) fn slug(&self) -> &str {
        &self.texts[..self.title_at as usize]
    }

    /// The title, or a member's name.
    pub(crate) fn title(&self) -> &str {
        &self.texts[self.title_at as usize..self.summary_at as usize]
    }

    /// Empty for a member.
    pub(crate) fn summary(&self) -> &str {
        &self.texts[self.summary_at as usize..]
    }

    pub(crate) fn updated_at(&self) -> DateTime<Utc> {
        self.updated_at
    }

    /// The kind's slug and label.
    pub(crate) fn kind(&self) -> (&'static str, &'static str) {
        match &self.details {
            Details::Publication { kind, .. } => (kind.as_str(), kind.label()),
            Details::Event(e) => (e.kind.as_str(), e.kind.label()),
            Details::Member { kind, .. } => (kind.as_str(), kind.label()),
        }
    }

    /// The day and year the item is dated by, when known.
    pub(crate) fn dated(&self) -> (Option<NaiveDate>, Option<i32>) {
        match &self.details {
            Details::Publication {
                publication_date,
                year,
                ..
            } => (*publication_date, *year),
            Details::Event(e) => (e.schedule.start_date, e.schedule.year),
            Details::Member { .. } => (None, None),
        }
    }

    /// The item as a search hit, with its `snippet`.
    pub(crate) fn hit(&self, snippet: String) -> SearchHit {
        let (kind, kind_label) = self.kind();
        let (date, year) = self.dated();
        SearchHit {
            item_type: self.item_type(),
            id: self.id,
            slug: self.slug().to_owned(),
            title: self.title().to_owned(),
            snippet,
            kind: kind.to_owned(),
            kind_label: kind_label.to_owned(),
            date,
            year,
        }
    }
}

fn item_version(item: &ItemSummary) -> i32 {
    match item {
        ItemSummary::Publication(p) => p.version,
        ItemSummary::Event(e) => e.version,
        ItemSummary::Member(m) => m.version,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use passerelle_types::{EventStatus, TerritoryLevel};

    fn territory(id: &str, level: TerritoryLevel) -> Territory {
        Territory {
            id: id.to_owned(),
            code: id.rsplit('-').next().unwrap_or_default().to_owned(),
            level,
            name: format!("Nom de {id}"),
            parent_id: None,
        }
    }

    fn theme(slug: &str) -> Theme {
        Theme {
            slug: slug.to_owned(),
            label: format!("Libellé {slug}"),
        }
    }

    #[test]
    fn every_kind_of_item_comes_back_as_it_was_kept() {
        let updated_at = "2026-03-04T05:06:07Z".parse().unwrap();
        let publication = PublicationSummary {
            id: Uuid::from_u128(1),
            slug: "guide-des-conseils-citoyens".to_owned(),
            title: "Guide des conseils citoyens".to_owned(),
            summary: "Un guide pour créer et animer un conseil citoyen.".to_owned(),
            kind: PublicationKind::Guide,
            publication_date: NaiveDate::from_ymd_opt(2025, 6, 1),
            year: Some(2025),
            themes: vec![theme("participation-des-habitants"), theme("emploi")],
            territories: vec![territory("departement-30", TerritoryLevel::Departement)],
            updated_at,
            version: 3,
        };
        let event = EventSummary {
            id: Uuid::from_u128(2),
            slug: "rencontre-nimes".to_owned(),
            title: "Rencontre départementale".to_owned(),
            summary: "Les conseils citoyens du Gard se retrouvent.".to_owned(),
            kind: EventKind::Rencontre,
            status: EventStatus::Scheduled,
            schedule: Schedule {
                start_date: NaiveDate::from_ymd_opt(2026, 5, 12),
                start_time: None,
                end_date: None,
                end_time: None,
                starts_at: None,
                ends_at: None,
                period: None,
                year: Some(2026),
                time_zone: "Europe/Paris".to_owned(),
            },
            venue: Some(Venue {
                name: Some("Maison de quartier".to_owned()),
                address: None,
                commune: Some(territory("commune-30189", TerritoryLevel::Commune)),
            }),
            online_url: Some("https://exemple.fr/direct".to_owned()),
            themes: vec![theme("emploi")],
            territories: vec![
                territory("departement-30", TerritoryLevel::Departement),
                territory("commune-30189", TerritoryLevel::Commune),
            ],
            updated_at,
            version: 1,
        };
        let member = MemberSummary {
            id: Uuid::from_u128(3),
            slug: "conseil-citoyen-pissevin".to_owned(),
            name: "Conseil citoyen Pissevin".to_owned(),
            kind: MemberKind::ConseilCitoyen,
            qpv_code: Some("QN03001M".to_owned()),
            themes: vec![],
            territories: vec![territory("commune-30189", TerritoryLevel::Commune)],
            updated_at,
            version: 7,
        };
        let mut references = References::new();
        let kept: Vec<Entry> = [
            ItemSummary::Publication(publication.clone()),
            ItemSummary::Event(Box::new(event.clone())),
            ItemSummary::Member(member.clone()),
        ]
        .into_iter()
        .map(|item| Entry::new(item, &mut references))
        .collect();

        assert!(
            matches!(kept[0].item(&references), ItemSummary::Publication(p) if p == publication)
        );
        assert!(matches!(kept[1].item(&references), ItemSummary::Event(e) if *e == event));
        assert!(matches!(kept[2].item(&references), ItemSummary::Member(m) if m == member));
        assert_eq!(kept[0].slug(), "guide-des-conseils-citoyens");
        assert_eq!(kept[1].title(), "Rencontre départementale");
        assert_eq!(kept[2].title(), "Conseil citoyen Pissevin");
        assert_eq!(kept[2].summary(), "");
        // One copy of each territory, whoever refers to it.
        assert_eq!(references.territories.values.len(), 2);
    }
}
