//! French wording of dates and counts.

use chrono::{Datelike, NaiveDate};

const MONTHS: [&str; 12] = [
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

/// « 22 novembre 2019 », « 1er mars 2020 ».
pub fn long_date(date: NaiveDate) -> String {
    let day = match date.day() {
        1 => "1er".to_owned(),
        d => d.to_string(),
    };
    let month = MONTHS[date.month0() as usize];
    format!("{day} {month} {}", date.year())
}

/// What is known of a publication's date: the day, else the year, else nothing.
pub fn publication_date(date: Option<NaiveDate>, year: Option<i32>) -> Option<String> {
    date.map(long_date).or_else(|| year.map(|y| y.to_string()))
}

/// « 1 publication », « 10 publications ».
pub fn count(n: u64, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n < 2 { singular } else { plural })
}
