//! Themes: a label under a stable slug. A theme in use cannot be deleted, so that no
//! item is left pointing at a theme the public no longer sees.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use passerelle_types::{slugify, EditorialTheme, ThemeInput};

use super::now;
use crate::audit::{diff, record_audit, Actor, AuditRecord};
use crate::changes::{record_change, ChangedEntity};
use crate::db::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{event_themes, member_themes, publication_themes, themes};

type ThemeRow = (String, String, i32, Option<NaiveDateTime>);

fn view((slug, label, version, deleted_at): ThemeRow) -> EditorialTheme {
    EditorialTheme {
        slug,
        label,
        version,
        deleted_at: deleted_at.map(|at| at.and_utc()),
    }
}

fn columns() -> (
    themes::slug,
    themes::label,
    themes::version,
    themes::deleted_at,
) {
    (
        themes::slug,
        themes::label,
        themes::version,
        themes::deleted_at,
    )
}

/// Every theme, deleted ones included, by label.
pub fn editorial_themes(conn: &mut DbConnection) -> StoreResult<Vec<EditorialTheme>> {
    Ok(themes::table
        .order(themes::label)
        .select(columns())
        .load::<ThemeRow>(conn)?
        .into_iter()
        .map(view)
        .collect())
}

pub fn find_editorial_theme(conn: &mut DbConnection, slug: &str) -> StoreResult<EditorialTheme> {
    themes::table
        .filter(themes::slug.eq(slug))
        .select(columns())
        .first::<ThemeRow>(conn)
        .optional()?
        .map(view)
        .ok_or_else(|| StoreError::NotFound(format!("Aucun thème « {slug} ».")))
}

fn audit_theme(
    conn: &mut DbConnection,
    actor: &Actor,
    action: &str,
    before: Option<&EditorialTheme>,
    after: &EditorialTheme,
) -> StoreResult<()> {
    let json = |theme: Option<&EditorialTheme>| {
        theme
            .map(|t| serde_json::json!({"label": t.label, "deleted_at": t.deleted_at}))
            .unwrap_or_else(|| serde_json::json!({}))
    };
    record_audit(
        conn,
        actor,
        AuditRecord {
            action,
            entity: "theme",
            entity_id: &after.slug,
            version: Some(after.version),
            changes: diff(&json(before), &json(Some(after))),
        },
    )?;
    // Theme labels appear in every item: the index rebuilds its reference data.
    record_change(conn, ChangedEntity::Reference, &after.slug)
}

fn validated(input: &ThemeInput) -> StoreResult<()> {
    input.validate().map_err(StoreError::Invalid)
}

pub fn create_theme(
    conn: &mut DbConnection,
    actor: &Actor,
    input: &ThemeInput,
) -> StoreResult<EditorialTheme> {
    validated(input)?;
    let slug = input.slug.clone().unwrap_or_else(|| slugify(&input.label));
    crate::db::write_transaction(conn, |conn| {
        let taken = diesel::select(diesel::dsl::exists(
            themes::table.filter(themes::slug.eq(&slug)),
        ))
        .get_result::<bool>(conn)?;
        if taken {
            return Err(StoreError::invalid(
                "slug",
                format!("Le thème « {slug} » existe déjà."),
            ));
        }
        diesel::insert_into(themes::table)
            .values((themes::slug.eq(&slug), themes::label.eq(input.label.trim())))
            .execute(conn)?;
        let theme = find_editorial_theme(conn, &slug)?;
        audit_theme(conn, actor, "create", None, &theme)?;
        Ok(theme)
    })
}

/// A theme after a call, and whether the call changed it: a call that changes nothing
/// leaves no version, audit entry or rebuilt index behind (themes appear in every item,
/// so a change to one rebuilds the whole index).
#[derive(Debug)]
pub struct Outcome {
    pub theme: EditorialTheme,
    pub changed: bool,
}

impl Outcome {
    fn changed(theme: EditorialTheme) -> Self {
        Outcome {
            theme,
            changed: true,
        }
    }

    fn unchanged(theme: EditorialTheme) -> Self {
        Outcome {
            theme,
            changed: false,
        }
    }
}

pub fn update_theme(
    conn: &mut DbConnection,
    actor: &Actor,
    slug: &str,
    expected: i32,
    input: &ThemeInput,
) -> StoreResult<Outcome> {
    validated(input)?;
    if input.slug.as_deref().is_some_and(|s| s != slug) {
        return Err(StoreError::invalid(
            "slug",
            "L'identifiant d'un thème ne change pas.",
        ));
    }
    crate::db::write_transaction(conn, |conn| {
        let before = find_editorial_theme(conn, slug)?;
        check_version(&before, Some(expected))?;
        if before.deleted_at.is_some() {
            return Err(StoreError::Conflict(
                "Ce thème est supprimé : restaurez-le avant de le modifier.".to_owned(),
            ));
        }
        if before.label == input.label.trim() {
            return Ok(Outcome::unchanged(before));
        }
        diesel::update(themes::table.filter(themes::slug.eq(slug)))
            .set((
                themes::label.eq(input.label.trim()),
                themes::version.eq(expected + 1),
            ))
            .execute(conn)?;
        let after = find_editorial_theme(conn, slug)?;
        audit_theme(conn, actor, "update", Some(&before), &after)?;
        Ok(Outcome::changed(after))
    })
}

fn check_version(theme: &EditorialTheme, expected: Option<i32>) -> StoreResult<()> {
    match expected {
        Some(expected) if expected != theme.version => Err(StoreError::VersionMismatch {
            expected,
            current: theme.version,
        }),
        _ => Ok(()),
    }
}

fn uses(conn: &mut DbConnection, slug: &str) -> StoreResult<i64> {
    let publications: i64 = publication_themes::table
        .filter(publication_themes::theme_slug.eq(slug))
        .count()
        .get_result(conn)?;
    let events: i64 = event_themes::table
        .filter(event_themes::theme_slug.eq(slug))
        .count()
        .get_result(conn)?;
    let members: i64 = member_themes::table
        .filter(member_themes::theme_slug.eq(slug))
        .count()
        .get_result(conn)?;
    Ok(publications + events + members)
}

pub fn delete_theme(
    conn: &mut DbConnection,
    actor: &Actor,
    slug: &str,
    expected: i32,
) -> StoreResult<Outcome> {
    crate::db::write_transaction(conn, |conn| {
        let before = find_editorial_theme(conn, slug)?;
        check_version(&before, Some(expected))?;
        if before.deleted_at.is_some() {
            return Ok(Outcome::unchanged(before));
        }
        let count = uses(conn, slug)?;
        if count > 0 {
            return Err(StoreError::Conflict(format!(
                "Le thème « {} » est attribué à {count} contenu(s) : retirez-le d'abord de ces contenus.",
                before.label
            )));
        }
        diesel::update(themes::table.filter(themes::slug.eq(slug)))
            .set((
                themes::deleted_at.eq(Some(now())),
                themes::version.eq(expected + 1),
            ))
            .execute(conn)?;
        let after = find_editorial_theme(conn, slug)?;
        audit_theme(conn, actor, "delete", Some(&before), &after)?;
        Ok(Outcome::changed(after))
    })
}

pub fn restore_theme(
    conn: &mut DbConnection,
    actor: &Actor,
    slug: &str,
    expected: Option<i32>,
) -> StoreResult<Outcome> {
    crate::db::write_transaction(conn, |conn| {
        let before = find_editorial_theme(conn, slug)?;
        check_version(&before, expected)?;
        if before.deleted_at.is_none() {
            return Ok(Outcome::unchanged(before));
        }
        diesel::update(themes::table.filter(themes::slug.eq(slug)))
            .set((
                themes::deleted_at.eq(None::<NaiveDateTime>),
                themes::version.eq(before.version + 1),
            ))
            .execute(conn)?;
        let after = find_editorial_theme(conn, slug)?;
        audit_theme(conn, actor, "restore", Some(&before), &after)?;
        Ok(Outcome::changed(after))
    })
}
