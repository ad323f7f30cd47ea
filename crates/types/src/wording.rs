//! French wording of dates, schedules, counts and sizes, shared by the client and the pages
//! the server writes, so both say the same thing the same way.

use chrono::{NaiveDate, Timelike};

use crate::{Schedule, Venue};

/// The months, as dates write them.
pub const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// A day in words, as the site and the feeds write it: « 22 novembre 2019 », « 1er mars
/// 2020 ».
pub fn french_date(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let day = match date.day() {
        1 => "1er".to_owned(),
        d => d.to_string(),
    };
    format!("{day} {} {}", MONTHS[date.month0() as usize], date.year())
}

/// What is known of a publication's date: the day, else the year.
pub fn publication_date(date: Option<NaiveDate>, year: Option<i32>) -> Option<String> {
    date.map(french_date)
        .or_else(|| year.map(|y| y.to_string()))
}

/// When an event takes place, in Paris time, as precisely as it is known.
pub fn schedule(schedule: &Schedule) -> String {
    // By hand rather than with chrono's `format`, whose pattern parser would weigh on the
    // public bundle for this one use.
    let time =
        |t: Option<chrono::NaiveTime>| t.map(|t| format!("{:02}h{:02}", t.hour(), t.minute()));
    match (schedule.start_date, schedule.end_date) {
        (Some(start), Some(end)) if end != start => {
            format!("du {} au {}", french_date(start), french_date(end))
        }
        (Some(start), _) => match (time(schedule.start_time), time(schedule.end_time)) {
            (Some(from), Some(to)) => format!("le {}, de {from} à {to}", french_date(start)),
            (Some(from), None) => format!("le {} à {from}", french_date(start)),
            _ => format!("le {}", french_date(start)),
        },
        (None, _) => schedule
            .period
            .clone()
            .or_else(|| schedule.year.map(|y| y.to_string()))
            .unwrap_or_else(|| "date non précisée".to_owned()),
    }
}

/// Where an event takes place, as far as it is known: « Salle Jean-Jaurès, 3 rue …, Nîmes »
/// (empty when nothing is).
pub fn venue(venue: &Venue) -> String {
    [
        venue.name.as_deref(),
        venue.address.as_deref(),
        venue.commune.as_ref().map(|c| c.name.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ")
}

/// « 1 publication », « 10 publications ».
pub fn count(n: u64, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n < 2 { singular } else { plural })
}

/// A file size in French units.
pub fn file_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        // Tenths of a megabyte in integers: float formatting would weigh on the bundle.
        let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
        format!("{},{} Mo", tenths / 10, tenths % 10)
    } else {
        format!("{} Ko", bytes.div_ceil(1024).max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn dates_read_as_in_french() {
        assert_eq!(
            date(2019, 11, 22).map(french_date).as_deref(),
            Some("22 novembre 2019")
        );
        assert_eq!(
            date(2020, 3, 1).map(french_date).as_deref(),
            Some("1er mars 2020")
        );
        assert_eq!(publication_date(None, Some(2019)).as_deref(), Some("2019"));
        assert_eq!(count(1, "résultat", "résultats"), "1 résultat");
        assert_eq!(count(0, "résultat", "résultats"), "0 résultat");
        assert_eq!(count(12, "résultat", "résultats"), "12 résultats");
    }

    #[test]
    fn schedules_say_what_is_known() {
        let mut schedule = Schedule {
            start_date: date(2019, 10, 5),
            start_time: chrono::NaiveTime::from_hms_opt(9, 30, 0),
            end_date: None,
            end_time: chrono::NaiveTime::from_hms_opt(17, 0, 0),
            starts_at: None,
            ends_at: None,
            period: None,
            year: Some(2019),
            time_zone: crate::TIME_ZONE.to_owned(),
        };
        assert_eq!(format_of(&schedule), "le 5 octobre 2019, de 09h30 à 17h00");
        schedule.start_date = None;
        schedule.period = Some("septembre-octobre 2019".to_owned());
        assert_eq!(format_of(&schedule), "septembre-octobre 2019");
        schedule.period = None;
        schedule.year = None;
        assert_eq!(format_of(&schedule), "date non précisée");
    }

    fn format_of(s: &Schedule) -> String {
        super::schedule(s)
    }

    #[test]
    fn file_sizes_read_in_french() {
        assert_eq!(super::file_size(300), "1 Ko");
        assert_eq!(super::file_size(2_621_440), "2,5 Mo");
    }
}
