//! What several handlers answer alike: the list and the detail of each kind of published
//! item, a published detail from the memo or the database, a refused parameter, a 404, a
//! staff page, a staff answer no cache may keep.

use std::sync::Arc;

use actix_web::http::header;
use actix_web::web::Data;
use actix_web::{web, HttpRequest, HttpResponse, HttpResponseBuilder};
use passerelle_feeds::Site;
use passerelle_search::{Engine, SearchError};
use passerelle_store::{Database, Detail};
use passerelle_types::{Pagination, QueryError};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::blocking::with_engine;
use crate::detail_reads::DetailReads;
use crate::error::{ApiError, ApiResult};
use crate::formats::{self, everything, list_format, site};
use crate::memo::Memo;
use crate::state::AppState;

/// A kind of published item, as its list and its detail serve it.
pub trait PublicKind: Detail + Serialize + Send + Sync + 'static {
    type Query: Send + 'static;
    type List: Serialize + Send + 'static;
    /// Who the 404 names: « publication », « événement », « membre ».
    const NAME: &'static str;
    /// The name of the CSV file.
    const CSV_NAME: &'static str;
    /// The list's path, under which each detail is found by its key.
    const LIST_PATH: &'static str;
    fn parse(query: &str) -> Result<Self::Query, QueryError>;
    /// The query string that parses back to `query`, as the client writes it.
    fn query_string(query: &Self::Query) -> String;
    fn paginate(query: &mut Self::Query, pagination: Pagination);
    fn list(engine: &Engine, query: &Self::Query) -> Result<Self::List, SearchError>;
    fn csv(site: &Site, list: &Self::List) -> Vec<u8>;
    /// The schema.org description (JSON-LD).
    fn linked_data(site: &Site, item: &Self) -> serde_json::Value;
    fn memo(state: &AppState) -> &Memo<Arc<Self>>;
    fn readers(state: &AppState) -> &Arc<DetailReads<Self>>;
}

/// A page of the list, with its facets; or, in CSV, everything the filters keep.
pub async fn list<K: PublicKind>(req: HttpRequest, state: Data<AppState>) -> ApiResult {
    let format = list_format(&req)?;
    let mut query = K::parse(&format.query)?;
    if format.csv {
        K::paginate(&mut query, everything());
    }
    let list = with_engine(&state.engine, move |engine| K::list(engine, &query)).await?;
    Ok(if format.csv {
        formats::csv(K::csv(&site(&req), &list), K::CSV_NAME)
    } else {
        formats::vary_on_accept(HttpResponse::Ok().json(list))
    })
}

/// The published item a detail address names (it takes no parameter), or its 404.
pub async fn published_item<K: PublicKind>(
    req: &HttpRequest,
    key: web::Path<String>,
    state: &AppState,
) -> ApiResult<Arc<K>> {
    no_parameters(req)?;
    let key = key.into_inner();
    published(
        K::memo(state),
        K::readers(state),
        &state.engine,
        &state.db,
        &key,
    )
    .await?
    .ok_or_else(|| not_found(K::NAME, &key))
}

/// A published item, in JSON or, asked for, in JSON-LD.
pub async fn detail<K: PublicKind>(
    req: HttpRequest,
    key: web::Path<String>,
    state: Data<AppState>,
) -> ApiResult {
    let item = published_item::<K>(&req, key, &state).await?;
    Ok(if formats::accepts(&req, "application/ld+json") {
        formats::linked_data(K::linked_data(&site(&req), &item))
    } else {
        formats::vary_on_accept(HttpResponse::Ok().json(&*item))
    })
}

/// A published item by id or slug: kept from an earlier request while the content has not
/// changed, else read from the database with the other keys asked for meanwhile (`None`
/// when nothing published has this key), with the summaries it shows taken from the engine.
pub async fn published<T: Send + Sync + 'static>(
    memo: &Memo<Arc<T>>,
    reads: &Arc<DetailReads<T>>,
    engine: &Arc<Engine>,
    db: &Database,
    key: &str,
) -> ApiResult<Option<Arc<T>>> {
    let generation = engine.generation();
    if let Some(kept) = memo.get(key, generation) {
        return Ok(Some(kept));
    }
    let Some(item) = reads.read(db, engine, key.to_owned()).await? else {
        return Ok(None);
    };
    memo.put(key.to_owned(), generation, Arc::clone(&item));
    Ok(Some(item))
}

/// Detail and reference endpoints take no parameter: refuse any, as lists refuse unknown ones.
pub fn no_parameters(req: &HttpRequest) -> ApiResult<()> {
    passerelle_types::parse_no_parameters(req.query_string())?;
    Ok(())
}

/// The 404 of a detail endpoint.
pub fn not_found(what: &str, key: &str) -> ApiError {
    ApiError::NotFound(format!("Aucun(e) {what} ne correspond à « {key} »."))
}

/// Page and size of a staff list (editorial items, audit log), checked like the public
/// lists' instead of being silently corrected.
pub fn staff_page(page: Option<u32>, limit: Option<u32>) -> ApiResult<(u32, u32)> {
    let page = page.unwrap_or(1);
    if page == 0 || page > passerelle_types::MAX_PAGE {
        return Err(ApiError::InvalidParameter {
            parameter: "page".to_owned(),
            message: format!(
                "Le paramètre « page » va de 1 à {} (reçu {page}).",
                passerelle_types::MAX_PAGE
            ),
        });
    }
    let limit = limit.unwrap_or(50);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::InvalidParameter {
            parameter: "limit".to_owned(),
            message: format!("Le paramètre « limit » va de 1 à 100 (reçu {limit})."),
        });
    }
    Ok((page, limit))
}

/// A staff answer in JSON: it may show drafts or private details, so no cache keeps it.
pub fn unshared(mut response: HttpResponseBuilder, body: impl Serialize) -> HttpResponse {
    response
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(body)
}

/// Query parameters of a staff operation, read by serde; refused as one 400 that says
/// which are allowed.
pub fn staff_query<T: DeserializeOwned>(req: &HttpRequest, allowed: &str) -> ApiResult<T> {
    serde_urlencoded::from_str(req.query_string()).map_err(|e| ApiError::InvalidParameter {
        parameter: String::new(),
        message: format!("Paramètres invalides ({e}) : {allowed}."),
    })
}
