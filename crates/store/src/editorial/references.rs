//! Checks of what an item refers to (themes, territories, members, events), which only the
//! database can make: each unknown value is a field error naming its place.

use super::*;

/// What an item is filed under (themes, territories) and the members it names as its
/// organisations, where they do not exist or are in the bin.
pub(super) fn unknown_filing(
    conn: &mut DbConnection,
    theme_slugs: &[String],
    territory_ids: &[String],
    member_ids: &[Uuid],
) -> StoreResult<Vec<FieldError>> {
    let known: Vec<String> = theme_table::table
        .filter(theme_table::slug.eq_any(theme_slugs))
        .filter(theme_table::deleted_at.is_null())
        .select(theme_table::slug)
        .load(conn)?;
    let mut errors = missing("themes", theme_slugs, &known, "Thème inconnu");
    let known: Vec<String> = territories::table
        .filter(territories::id.eq_any(territory_ids))
        .select(territories::id)
        .load(conn)?;
    errors.extend(missing(
        "territories",
        territory_ids,
        &known,
        "Territoire inconnu",
    ));
    let (wanted, known) = live(conn, ItemType::Member, member_ids)?;
    errors.extend(missing_at(
        "organizations",
        ".member_id",
        &wanted,
        &known,
        "Membre inconnu",
    ));
    Ok(errors)
}

pub(super) fn unknown_events(
    conn: &mut DbConnection,
    ids: &[Uuid],
) -> StoreResult<Vec<FieldError>> {
    let (wanted, known) = live(conn, ItemType::Event, ids)?;
    Ok(missing("events", &wanted, &known, "Événement inconnu"))
}

/// The ids wanted, and those of them that name an item of `kind` not in the bin (the
/// items that may be linked to).
fn live(
    conn: &mut DbConnection,
    kind: ItemType,
    ids: &[Uuid],
) -> StoreResult<(Vec<String>, Vec<String>)> {
    let wanted: Vec<String> = ids.iter().map(|id| id.hyphenated().to_string()).collect();
    if wanted.is_empty() {
        return Ok((wanted, Vec::new()));
    }
    let known = on_table!(kind, |t, _title| t::table
        .filter(t::id.eq_any(&wanted))
        .filter(t::deleted_at.is_null())
        .select(t::id)
        .load(conn)?);
    Ok((wanted, known))
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

/// An item's organisations as stored (member id and role, in their order), read back as the
/// editors wrote them.
pub(super) fn organizations_from<R: passerelle_types::Vocabulary, O>(
    rows: Vec<(String, String)>,
    organization: impl Fn(Uuid, R) -> O,
) -> StoreResult<Vec<O>> {
    rows.into_iter()
        .map(|(member_id, role)| {
            Ok(organization(
                parse_id(&member_id)?,
                parse_vocabulary(&role, "rôle")?,
            ))
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
