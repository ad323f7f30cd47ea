//! The team's lists of each kind: drafts and the bin included, searched in titles,
//! filtered, sorted and paged. Drafts stay out of the search engine, which answers the
//! public, so these lists are read from the database.

use diesel::prelude::*;
use passerelle_types::{
    slugify, EditorialList, EditorialQuery, EditorialSort, EditorialSummary, ItemType, PageInfo,
};

use super::{state_of, StateRow};
use crate::db::DbConnection;
use crate::error::StoreResult;

diesel::define_sql_function!(fn lower(text: diesel::sql_types::Text) -> diesel::sql_types::Text);

/// `LIKE` patterns for one word of a search: in the slug, where the title is already
/// without accents or capitals (SQLite's `lower` only knows ASCII), or in the title itself
/// (a slug may no longer follow a renamed title).
fn word_patterns(word: &str) -> (String, String) {
    let literal = word
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    (format!("%{}%", slugify(word)), format!("%{literal}%"))
}

/// Items of a kind, as the team's lists show them: every filter, the order and one page.
/// Drafts stay out of the search engine, which answers the public; the team's lists are
/// read from the database.
pub fn list(
    conn: &mut DbConnection,
    kind: ItemType,
    filter: EditorialQuery,
) -> StoreResult<EditorialList> {
    let limit = filter.limit.unwrap_or(50).clamp(1, 100);
    let page = filter.page.unwrap_or(1).max(1);
    let status = filter.status.map(|s| s.as_str());
    let within = match &filter.territory {
        Some(id) => Some(crate::reference::territory_and_within(conn, id)?),
        None => None,
    };
    let words: Vec<(String, String)> = filter
        .q
        .as_deref()
        .unwrap_or_default()
        .split_whitespace()
        .map(word_patterns)
        .collect();
    let (total, rows): (i64, Vec<(String, String, StateRow)>) =
        on_table_of!(kind, |t, title, themes, themed, places, placed| {
            let filtered = || {
                let mut query = t::table.into_boxed();
                query = if filter.deleted.unwrap_or(false) {
                    query.filter(t::deleted_at.is_not_null())
                } else {
                    query.filter(t::deleted_at.is_null())
                };
                if let Some(status) = status {
                    query = query.filter(t::editorial_status.eq(status));
                }
                if let Some(kind) = &filter.kind {
                    query = query.filter(t::kind.eq(kind.clone()));
                }
                if let Some(theme) = &filter.theme {
                    query = query.filter(
                        t::id.eq_any(
                            themes::table
                                .filter(themes::theme_slug.eq(theme.clone()))
                                .select(themed),
                        ),
                    );
                }
                if let Some(within) = &within {
                    query = query.filter(
                        t::id.eq_any(
                            places::table
                                .filter(places::territory_id.eq_any(within.clone()))
                                .select(placed),
                        ),
                    );
                }
                for (in_slug, in_title) in &words {
                    query = query.filter(
                        t::slug
                            .like(in_slug.clone())
                            .or(lower(title).like(in_title.clone()).escape('\\')),
                    );
                }
                query
            };
            let total = filtered().count().get_result(conn)?;
            let ordered = match filter.sort.unwrap_or_default() {
                EditorialSort::Updated => filtered().order((t::updated_at.desc(), t::id)),
                // The slug is the title without accents or capitals, and sorts alike on
                // both databases, whatever their collation.
                EditorialSort::Title => filtered().order((t::slug.asc(), t::id)),
                EditorialSort::Created => filtered().order((t::created_at.desc(), t::id)),
            };
            let rows = ordered
                .limit(i64::from(limit))
                .offset(i64::from(page - 1) * i64::from(limit))
                .select((title, t::kind, state_columns!(t)))
                .load(conn)?;
            (total, rows)
        });
    let items = rows
        .into_iter()
        .map(|(title, kind, state)| {
            let state = state_of(state)?;
            Ok(EditorialSummary {
                id: state.id,
                slug: state.slug,
                title,
                kind,
                status: state.status,
                version: state.version,
                published_at: state.published_at,
                deleted_at: state.deleted_at,
                updated_at: state.updated_at,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    let total = u64::try_from(total).unwrap_or(0);
    Ok(EditorialList {
        items,
        page: PageInfo {
            total,
            page,
            limit,
            page_count: total.div_ceil(u64::from(limit)) as u32,
        },
    })
}
