//! Writes made straight to the database, as another instance, a script or a restore would.

use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
use passerelle_store::models::{PublicationRow, DRAFT, PUBLISHED};
use passerelle_store::schema::{publication_themes, publications};
use passerelle_store::{record_change, ChangedEntity, DbConnection, StoreResult};

/// Whether a direct write records its change in the change log, as the write API does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Logged {
    Yes,
    /// A write the change log never heard of (a script run on the database).
    No,
}

/// Inserts a published guide and returns its id.
pub fn insert_publication(
    conn: &mut DbConnection,
    slug: &str,
    title: &str,
    logged: Logged,
) -> StoreResult<String> {
    let id = insert_guide(conn, slug, title, PUBLISHED)?;
    if logged == Logged::Yes {
        record_change(conn, ChangedEntity::PUBLICATION, &id)?;
    }
    Ok(id)
}

/// Commits a published guide with its change logged, as another instance would, and
/// returns its id.
pub fn publish_guide(conn: &mut DbConnection, slug: &str, title: &str) -> String {
    use diesel::Connection;
    conn.transaction(|conn| insert_publication(conn, slug, title, Logged::Yes))
        .unwrap_or_else(|e| panic!("publishing {slug}: {e}"))
}

/// Inserts a draft guide, filed under `theme`, and returns its id.
pub fn insert_draft(
    conn: &mut DbConnection,
    slug: &str,
    title: &str,
    theme: &str,
) -> StoreResult<String> {
    let id = insert_guide(conn, slug, title, DRAFT)?;
    diesel::insert_into(publication_themes::table)
        .values((
            publication_themes::publication_id.eq(&id),
            publication_themes::theme_slug.eq(theme),
        ))
        .execute(conn)?;
    Ok(id)
}

/// A guide of 2026 with nothing but its slug and title, in `status`.
fn insert_guide(
    conn: &mut DbConnection,
    slug: &str,
    title: &str,
    status: &str,
) -> StoreResult<String> {
    let now = chrono::Utc::now().naive_utc();
    let id = uuid::Uuid::new_v4().to_string();
    diesel::insert_into(publications::table)
        .values(PublicationRow {
            id: id.clone(),
            slug: slug.to_owned(),
            title: title.to_owned(),
            summary: String::new(),
            body: String::new(),
            body_html: None,
            kind: "guide".to_owned(),
            publication_date: None,
            year: Some(2026),
            editorial_status: status.to_owned(),
            created_at: now,
            updated_at: now,
            published_at: (status == PUBLISHED).then_some(now),
        })
        .execute(conn)?;
    Ok(id)
}

/// Puts the publication `slug` back to draft, with its change-log row.
pub fn unpublish(conn: &mut DbConnection, slug: &str) -> StoreResult<()> {
    let id: String = publications::table
        .filter(publications::slug.eq(slug))
        .select(publications::id)
        .first(conn)?;
    diesel::update(publications::table.filter(publications::id.eq(&id)))
        .set((
            publications::editorial_status.eq(DRAFT),
            publications::updated_at.eq(chrono::Utc::now().naive_utc()),
        ))
        .execute(conn)?;
    record_change(conn, ChangedEntity::PUBLICATION, &id)
}
