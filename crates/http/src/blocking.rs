//! Work that must not run on the async workers — database calls and engine queries —
//! sent to the blocking thread pool, its errors turned into [`ApiError`].

use std::sync::Arc;

use actix_web::web;
use passerelle_search::{Engine, SearchError};
use passerelle_store::{Database, DbConnection, StoreResult};

use crate::error::ApiResult;

/// Runs a store call on the blocking thread pool with a pooled connection.
pub async fn with_db<T, F>(db: &Database, work: F) -> ApiResult<T>
where
    F: FnOnce(&mut DbConnection) -> StoreResult<T> + Send + 'static,
    T: Send + 'static,
{
    let db = db.clone();
    let result = web::block(move || {
        let mut conn = db.connection()?;
        let outcome = work(&mut conn);
        conn.record(&outcome);
        outcome
    })
    .await?;
    Ok(result?)
}

/// Runs an engine query on the blocking thread pool: a broad fuzzy search may take a few
/// milliseconds of CPU.
pub async fn with_engine<T, F>(engine: &Arc<Engine>, work: F) -> ApiResult<T>
where
    F: FnOnce(&Engine) -> Result<T, SearchError> + Send + 'static,
    T: Send + 'static,
{
    let engine = engine.clone();
    Ok(web::block(move || work(&engine)).await??)
}
