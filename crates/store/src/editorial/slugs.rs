//! The slug an item gets: asked for, made from its title, numbered when taken, kept once
//! published.

use super::*;

/// Whether another item of the kind than `except` has this slug.
pub fn slug_taken(
    conn: &mut DbConnection,
    kind: ItemType,
    slug: &str,
    except: Option<&str>,
) -> StoreResult<bool> {
    let ids: Vec<String> = on_table!(kind, |t, _title| t::table
        .filter(t::slug.eq(slug))
        .select(t::id)
        .load(conn)?);
    Ok(ids.iter().any(|id| Some(id.as_str()) != except))
}

/// The slug an item gets: the one asked for if free, else one made from its title,
/// numbered when taken. A published item keeps its slug: links to it must not break.
pub(super) fn resolve_slug<K: Editable>(
    conn: &mut DbConnection,
    input: &K::Input,
    current: Option<&EditorialState>,
) -> StoreResult<String> {
    let requested = input.slug();
    if let Some(state) = current.filter(|s| s.published_at.is_some()) {
        return match requested {
            Some(slug) if slug != state.slug => Err(StoreError::invalid(
                "slug",
                format!(
                    "Le slug d'un contenu déjà publié ne change plus (il reste « {} »).",
                    state.slug
                ),
            )),
            _ => Ok(state.slug.clone()),
        };
    }
    let except = current.map(|s| s.id.hyphenated().to_string());
    if let Some(slug) = requested {
        if slug_taken(conn, K::TYPE, slug, except.as_deref())? {
            return Err(StoreError::invalid(
                "slug",
                format!("Le slug « {slug} » est déjà pris."),
            ));
        }
        return Ok(slug.to_owned());
    }
    numbered_slug(conn, K::TYPE, &slugify(input.title()), except.as_deref())
}

/// `base` if no other item of the kind has it, else `base-2`, `base-3`…
pub(super) fn numbered_slug(
    conn: &mut DbConnection,
    kind: ItemType,
    base: &str,
    except: Option<&str>,
) -> StoreResult<String> {
    for n in 1..=50 {
        let candidate = if n == 1 {
            base.to_owned()
        } else {
            format!("{base}-{n}")
        };
        if !slug_taken(conn, kind, &candidate, except)? {
            return Ok(candidate);
        }
    }
    Ok(format!(
        "{base}-{}",
        &Uuid::new_v4().simple().to_string()[..8]
    ))
}

/// The slug `wanted` (made of allowed characters first), numbered if another item of the
/// kind than `except` has it: importers keep the source's slugs where they can.
pub fn free_slug<K: Editable>(
    conn: &mut DbConnection,
    wanted: &str,
    except: Option<&str>,
) -> StoreResult<String> {
    numbered_slug(conn, K::TYPE, &slugify(wanted), except)
}
