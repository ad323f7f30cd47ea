//! Checks of what an item refers to (themes, territories, members, events), which only the
//! database can make: each unknown value is a field error naming its place.

use super::*;

pub(super) fn unknown_themes(
    conn: &mut DbConnection,
    slugs: &[String],
) -> StoreResult<Vec<FieldError>> {
    let known: Vec<String> = theme_table::table
        .filter(theme_table::slug.eq_any(slugs))
        .filter(theme_table::deleted_at.is_null())
        .select(theme_table::slug)
        .load(conn)?;
    Ok(missing("themes", slugs, &known, "Thème inconnu"))
}

pub(super) fn unknown_territories(
    conn: &mut DbConnection,
    ids: &[String],
) -> StoreResult<Vec<FieldError>> {
    let known: Vec<String> = territories::table
        .filter(territories::id.eq_any(ids))
        .select(territories::id)
        .load(conn)?;
    Ok(missing("territories", ids, &known, "Territoire inconnu"))
}

/// Members that may be linked: any not in the bin.
pub(super) fn unknown_members(
    conn: &mut DbConnection,
    field: &str,
    ids: &[Uuid],
) -> StoreResult<Vec<FieldError>> {
    let wanted: Vec<String> = ids.iter().map(|id| id.hyphenated().to_string()).collect();
    let known: Vec<String> = member_table::table
        .filter(member_table::id.eq_any(&wanted))
        .filter(member_table::deleted_at.is_null())
        .select(member_table::id)
        .load(conn)?;
    Ok(missing_at(
        field,
        ".member_id",
        &wanted,
        &known,
        "Membre inconnu",
    ))
}

pub(super) fn unknown_events(
    conn: &mut DbConnection,
    ids: &[Uuid],
) -> StoreResult<Vec<FieldError>> {
    let wanted: Vec<String> = ids.iter().map(|id| id.hyphenated().to_string()).collect();
    let known: Vec<String> = event_table::table
        .filter(event_table::id.eq_any(&wanted))
        .filter(event_table::deleted_at.is_null())
        .select(event_table::id)
        .load(conn)?;
    Ok(missing("events", &wanted, &known, "Événement inconnu"))
}

pub(super) fn missing(
    field: &str,
    wanted: &[String],
    known: &[String],
    what: &str,
) -> Vec<FieldError> {
    missing_at(field, "", wanted, known, what)
}

pub(super) fn missing_at(
    field: &str,
    suffix: &str,
    wanted: &[String],
    known: &[String],
    what: &str,
) -> Vec<FieldError> {
    wanted
        .iter()
        .enumerate()
        .filter(|(_, value)| !known.contains(value))
        .map(|(index, value)| {
            FieldError::new(
                format!("{field}[{index}]{suffix}"),
                format!("{what} : « {value} »."),
            )
        })
        .collect()
}

/// Organizations in the order given, as (position, member id, role): the same member in the
/// same role twice is one row (the table's key).
pub(super) fn distinct_roles<'a>(
    organizations: impl IntoIterator<Item = (Uuid, &'a str)>,
) -> Vec<(i32, String, String)> {
    let mut rows: Vec<(i32, String, String)> = Vec::new();
    for (position, (member, role)) in (0..).zip(organizations) {
        let member = member.hyphenated().to_string();
        if !rows.iter().any(|(_, m, r)| *m == member && r == role) {
            rows.push((position, member, role.to_owned()));
        }
    }
    rows
}
