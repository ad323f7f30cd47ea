//! What is published, read for the search and list engine: the ids of each kind first, then
//! the items in batches, so the whole catalogue with its long texts is never in memory.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use passerelle_types::{CatalogItem, ItemType, Pagination, Withdrawal};

use crate::db::DbConnection;
use crate::error::StoreResult;
use crate::reference::Reference;
use crate::schema::{events, members, publication_keywords, publications};
use crate::summaries::{
    events as event_rows, members as member_rows, publications as publication_rows,
};
use crate::{parse_id, ChangedEntity};

/// The ids of the published items of a kind, in a stable order (by id).
pub fn published_ids(conn: &mut DbConnection, entity: ChangedEntity) -> StoreResult<Vec<String>> {
    Ok(match entity {
        ChangedEntity::PUBLICATION => publications::table
            .filter(crate::publicly_visible!(publications))
            .select(publications::id)
            .order(publications::id)
            .load(conn)?,
        ChangedEntity::EVENT => events::table
            .filter(crate::publicly_visible!(events))
            .select(events::id)
            .order(events::id)
            .load(conn)?,
        ChangedEntity::MEMBER => members::table
            .filter(crate::publicly_visible!(members))
            .select(members::id)
            .order(members::id)
            .load(conn)?,
        ChangedEntity::Reference => Vec::new(),
    })
}

/// How many items of a kind are published, and when the latest of them changed: enough
/// to tell an index kept from another database, or from this one long ago.
pub fn published_fingerprint(
    conn: &mut DbConnection,
    entity: ChangedEntity,
) -> StoreResult<(i64, Option<DateTime<Utc>>)> {
    use diesel::dsl::{count_star, max};
    let (count, latest): (i64, Option<NaiveDateTime>) = match entity {
        ChangedEntity::PUBLICATION => publications::table
            .filter(crate::publicly_visible!(publications))
            .select((count_star(), max(publications::updated_at)))
            .first(conn)?,
        ChangedEntity::EVENT => events::table
            .filter(crate::publicly_visible!(events))
            .select((count_star(), max(events::updated_at)))
            .first(conn)?,
        ChangedEntity::MEMBER => members::table
            .filter(crate::publicly_visible!(members))
            .select((count_star(), max(members::updated_at)))
            .first(conn)?,
        ChangedEntity::Reference => (0, None),
    };
    Ok((count, latest.map(|at| at.and_utc())))
}

/// Items once published that the public no longer sees (unpublished, or in the bin),
/// withdrawn at or after `since` (all of them without it), oldest first.
/// One page of the items withdrawn at or after `since`, oldest first, and how many there
/// are in all. Each kind's table gives at most the rows up to the page's end.
pub fn withdrawn_since(
    conn: &mut DbConnection,
    since: Option<DateTime<Utc>>,
    types: &[ItemType],
    pagination: Pagination,
) -> StoreResult<(Vec<Withdrawal>, u64)> {
    let since = since.map(|at| at.naive_utc()).unwrap_or_default();
    let wanted = |item_type| types.is_empty() || types.contains(&item_type);
    let until = pagination.offset() + pagination.limit as usize;
    let until = i64::try_from(until).unwrap_or(i64::MAX);
    let mut total = 0_i64;
    let mut all = Vec::new();
    // Unpublishing and deleting both move `updated_at`; `published_at` stays once set.
    macro_rules! withdrawn {
        ($table:ident, $item_type:expr) => {
            if wanted($item_type) {
                let withdrawn = || {
                    $table::table
                        .filter($table::published_at.is_not_null())
                        .filter($table::updated_at.ge(since))
                        .filter(diesel::dsl::not(crate::publicly_visible!($table)))
                };
                total += withdrawn().count().get_result::<i64>(conn)?;
                for (id, slug, at) in withdrawn()
                    .order(($table::updated_at.asc(), $table::id.asc()))
                    .limit(until)
                    .select(($table::id, $table::slug, $table::updated_at))
                    .load::<(String, String, NaiveDateTime)>(conn)?
                {
                    all.push(Withdrawal {
                        item_type: $item_type,
                        id: parse_id(&id)?,
                        slug,
                        withdrawn_at: at.and_utc(),
                    });
                }
            }
        };
    }
    withdrawn!(publications, ItemType::Publication);
    withdrawn!(events, ItemType::Event);
    withdrawn!(members, ItemType::Member);
    all.sort_by_key(|a| (a.withdrawn_at, a.id));
    let page = all
        .into_iter()
        .skip(pagination.offset())
        .take(pagination.limit as usize)
        .collect();
    Ok((page, u64::try_from(total).unwrap_or_default()))
}

/// The item as the index must now show it, or `None` if it is no longer published.
pub fn published_item(
    conn: &mut DbConnection,
    entity: ChangedEntity,
    id: &str,
) -> StoreResult<Option<CatalogItem>> {
    Ok(published_items(conn, entity, &[id.to_owned()])?.pop())
}

/// The published items among `ids`, in the order of `ids`, with their long text (body, or
/// a member's description); ids no longer published are left out.
pub fn published_items(
    conn: &mut DbConnection,
    entity: ChangedEntity,
    ids: &[String],
) -> StoreResult<Vec<CatalogItem>> {
    let reference = Reference::load(conn)?;
    // The long text of each item, by id: the named column of its table.
    macro_rules! texts {
        ($table:ident . $column:ident) => {
            $table::table
                .filter($table::id.eq_any(ids))
                .select(($table::id, $table::$column))
                .load::<(String, String)>(conn)?
                .into_iter()
                .collect::<HashMap<String, String>>()
        };
    }
    let (mut items, mut texts) = match entity {
        ChangedEntity::PUBLICATION => {
            let mut texts = texts!(publications.body);
            // Keywords are searched with the body.
            let keywords: Vec<(String, String)> = publication_keywords::table
                .filter(publication_keywords::publication_id.eq_any(ids))
                .select((
                    publication_keywords::publication_id,
                    publication_keywords::keyword,
                ))
                .order((
                    publication_keywords::publication_id,
                    publication_keywords::position,
                ))
                .load(conn)?;
            for (id, keyword) in keywords {
                if let Some(text) = texts.get_mut(&id) {
                    text.push('\n');
                    text.push_str(&keyword);
                }
            }
            let summaries = publication_rows::summaries(conn, ids, &reference)?;
            (items_of(summaries, CatalogItem::publication), texts)
        }
        ChangedEntity::EVENT => (
            items_of(
                event_rows::summaries(conn, ids, &reference)?,
                CatalogItem::event,
            ),
            texts!(events.body),
        ),
        ChangedEntity::MEMBER => (
            items_of(
                member_rows::summaries(conn, ids, &reference)?,
                CatalogItem::member,
            ),
            texts!(members.description),
        ),
        ChangedEntity::Reference => return Ok(Vec::new()),
    };
    for item in &mut items {
        item.text = texts
            .remove(&item.summary.id().to_string())
            .unwrap_or_default();
    }
    let position: HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(n, id)| (id.as_str(), n))
        .collect();
    items.sort_by_cached_key(|item| {
        position
            .get(item.summary.id().to_string().as_str())
            .copied()
    });
    Ok(items)
}

/// Summaries as index items, their text still to fill.
fn items_of<T>(summaries: Vec<T>, item: impl Fn(T, String) -> CatalogItem) -> Vec<CatalogItem> {
    summaries
        .into_iter()
        .map(|summary| item(summary, String::new()))
        .collect()
}
