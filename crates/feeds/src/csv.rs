//! CSV exports that open as they should in a French-locale spreadsheet: semicolons (the
//! comma is the decimal separator there), a UTF-8 byte-order mark (so accents survive),
//! dates as JJ/MM/AAAA.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use chrono_tz::Europe::Paris;
use passerelle_types::{
    ActivityReport, EventSummary, MemberSummary, PublicationSummary, Registration, Territory, Theme,
};

use crate::Site;

const BYTE_ORDER_MARK: &[u8] = "\u{feff}".as_bytes();

pub fn publications(site: &Site, items: &[PublicationSummary]) -> Vec<u8> {
    let columns: Columns<PublicationSummary> = &[
        ("Titre", &|p| p.title.clone()),
        ("Type", &|p| p.kind.label().to_owned()),
        ("Date de publication", &|p| {
            p.publication_date.map(date).unwrap_or_default()
        }),
        ("Année", &|p| {
            p.year.map(|y| y.to_string()).unwrap_or_default()
        }),
        ("Thèmes", &|p| themes(&p.themes)),
        ("Territoires", &|p| territories(&p.territories)),
        ("Résumé", &|p| p.summary.clone()),
        ("Adresse", &|p| site.publication_page(&p.slug)),
        ("Identifiant", &|p| p.id.to_string()),
        ("Dernière modification", &|p| instant(p.updated_at)),
    ];
    table_of(columns, items)
}

/// The registrations of an event, for the team: personal data, never public.
pub fn registrations(items: &[Registration]) -> Vec<u8> {
    let columns: Columns<Registration> = &[
        ("Nom", &|r| r.name.clone()),
        ("Adresse électronique", &|r| r.email.clone()),
        ("Structure", &|r| r.organisation.clone().unwrap_or_default()),
        ("Vous êtes", &|r| r.audience.label().to_owned()),
        ("Commune", &|r| r.commune.clone().unwrap_or_default()),
        ("Besoins d'accessibilité", &|r| {
            r.accessibility_needs.clone().unwrap_or_default()
        }),
        ("État", &|r| r.status.label().to_owned()),
        ("Rang en liste d'attente", &|r| {
            r.position.map(|p| p.to_string()).unwrap_or_default()
        }),
        ("Présent", &|r| {
            if r.attended { "oui" } else { "non" }.to_owned()
        }),
        ("Actualités du centre", &|r| {
            if r.newsletter { "oui" } else { "non" }.to_owned()
        }),
        ("Inscrit le", &|r| instant(r.created_at)),
        ("Confirmé le", &|r| {
            r.confirmed_at.map(instant).unwrap_or_default()
        }),
    ];
    table_of(columns, items)
}

/// The year's activity, one row per figure, for pivot tables: year, section, element,
/// indicator, number.
pub fn activity(report: &ActivityReport) -> Vec<u8> {
    use passerelle_types::wording::MONTHS;
    let year = report.year.to_string();
    let mut rows: Vec<[String; 4]> = [
        ("Événements tenus", report.events_held),
        ("Inscriptions confirmées", report.registrations),
        ("Présents", report.attended),
        ("Restés en liste d'attente", report.waiting),
        ("Publications parues", report.publications_published),
    ]
    .into_iter()
    .map(|(what, n)| ["Année".into(), year.clone(), what.into(), n.to_string()])
    .collect();
    for month in &report.months {
        let name = MONTHS[(month.month as usize).saturating_sub(1) % 12];
        for (what, n) in [
            ("Événements tenus", month.events),
            ("Inscriptions confirmées", month.registrations),
            ("Présents", month.attended),
            ("Publications parues", month.publications),
        ] {
            rows.push(["Mois".into(), name.into(), what.into(), n.to_string()]);
        }
    }
    for (section, tallies) in [
        ("Public", &report.audiences),
        ("Département", &report.departements),
    ] {
        for tally in tallies {
            rows.push([
                section.into(),
                tally.label.clone(),
                "Inscriptions confirmées".into(),
                tally.count.to_string(),
            ]);
        }
    }
    table(
        &["Année", "Rubrique", "Élément", "Indicateur", "Nombre"],
        rows.into_iter()
            .map(|[section, element, what, n]| vec![year.clone(), section, element, what, n]),
    )
}

pub fn events(site: &Site, items: &[EventSummary]) -> Vec<u8> {
    let columns: Columns<EventSummary> = &[
        ("Titre", &|e| e.title.clone()),
        ("Type", &|e| e.kind.label().to_owned()),
        ("Statut", &|e| e.status.label().to_owned()),
        ("Date de début", &|e| {
            e.schedule.start_date.map(date).unwrap_or_default()
        }),
        ("Heure de début", &|e| {
            e.schedule.start_time.map(time).unwrap_or_default()
        }),
        ("Date de fin", &|e| {
            e.schedule.end_date.map(date).unwrap_or_default()
        }),
        ("Heure de fin", &|e| {
            e.schedule.end_time.map(time).unwrap_or_default()
        }),
        ("Période", &|e| {
            e.schedule.period.clone().unwrap_or_default()
        }),
        ("Lieu", &|e| {
            let venue = e.venue.as_ref();
            [
                venue.and_then(|v| v.name.clone()),
                venue.and_then(|v| v.address.clone()),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ")
        }),
        ("Commune", &|e| {
            e.venue
                .as_ref()
                .and_then(|v| v.commune.as_ref())
                .map(|c| c.name.clone())
                .unwrap_or_default()
        }),
        ("Thèmes", &|e| themes(&e.themes)),
        ("Territoires", &|e| territories(&e.territories)),
        ("Résumé", &|e| e.summary.clone()),
        ("Adresse", &|e| site.event_page(&e.slug)),
        ("Identifiant", &|e| e.id.to_string()),
        ("Dernière modification", &|e| instant(e.updated_at)),
    ];
    table_of(columns, items)
}

pub fn members(site: &Site, items: &[MemberSummary]) -> Vec<u8> {
    let columns: Columns<MemberSummary> = &[
        ("Nom", &|m| m.name.clone()),
        ("Type", &|m| m.kind.label().to_owned()),
        ("Quartier prioritaire (code)", &|m| {
            m.qpv_code.clone().unwrap_or_default()
        }),
        ("Thèmes", &|m| themes(&m.themes)),
        ("Territoires", &|m| territories(&m.territories)),
        ("Adresse", &|m| site.member_page(&m.slug)),
        ("Identifiant", &|m| m.id.to_string()),
        ("Dernière modification", &|m| instant(m.updated_at)),
    ];
    table_of(columns, items)
}

/// The columns of a table of `T`: each header with what its cell says of a row.
type Columns<'a, T> = &'a [(&'static str, &'a dyn Fn(&T) -> String)];

fn table_of<T>(columns: Columns<'_, T>, items: &[T]) -> Vec<u8> {
    let header: Vec<&str> = columns.iter().map(|(header, _)| *header).collect();
    table(
        &header,
        items
            .iter()
            .map(|item| columns.iter().map(|(_, cell)| cell(item)).collect()),
    )
}

fn table(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(BYTE_ORDER_MARK.to_vec());
    // Writing to memory cannot fail; a row that could not be written would be dropped
    // rather than abort the whole export.
    let _ = writer.write_record(header);
    for row in rows {
        let _ = writer.write_record(row.iter().map(|cell| defuse(cell).into_owned()));
    }
    writer.into_inner().unwrap_or_default()
}

/// A cell starting like a formula would run as one in a spreadsheet (CSV injection): a
/// leading apostrophe makes it text.
fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

fn date(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

fn time(at: NaiveTime) -> String {
    at.format("%H:%M").to_string()
}

/// In Paris time, as the rest of the table.
fn instant(at: DateTime<Utc>) -> String {
    at.with_timezone(&Paris)
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

fn themes(themes: &[Theme]) -> String {
    themes
        .iter()
        .map(|t| t.label.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn territories(territories: &[Territory]) -> String {
    territories
        .iter()
        .map(|t| t.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_plain_text_is_not() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("Égalité, femmes-hommes"), "Égalité, femmes-hommes");
    }
}
