//! The accessibility status (RGAA) every page's footer shows, kept in memory so that
//! serving a page never waits for the database.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use passerelle_store::Database;
use passerelle_types::{Conformity, SitePageKind};

use crate::blocking::with_db;

/// How long an instance trusts the status it read: administrators change it once a year,
/// and another instance's change reaches this one within this delay.
const STATUS_KEPT: Duration = Duration::from_secs(60);

/// The accessibility status, read at start and again in the background once a minute has
/// passed: serving a page never waits for the database (nor fails with it).
#[derive(Clone)]
pub struct ConformityStatus(Arc<Kept>);

struct Kept {
    status: Mutex<(Instant, Conformity)>,
    refreshing: AtomicBool,
}

fn read_status(
    conn: &mut passerelle_store::DbConnection,
) -> passerelle_store::StoreResult<Conformity> {
    let page = passerelle_store::site_page(conn, SitePageKind::Accessibility)?;
    Ok(page.conformity.unwrap_or(Conformity::None))
}

impl ConformityStatus {
    /// The status as the database holds it now (« non conforme » if it cannot be read).
    pub fn load(db: &Database) -> ConformityStatus {
        let status = db
            .connection()
            .and_then(|mut conn| read_status(&mut conn))
            .unwrap_or_else(|error| {
                tracing::warn!(%error, "état de conformité illisible au démarrage");
                Conformity::None
            });
        ConformityStatus(Arc::new(Kept {
            status: Mutex::new((Instant::now(), status)),
            refreshing: AtomicBool::new(false),
        }))
    }

    /// The status known; past a minute, read again in the background for the next pages.
    pub fn get(&self, db: &Database) -> Conformity {
        let (at, status) = *self.0.status.lock().unwrap_or_else(|e| e.into_inner());
        if at.elapsed() >= STATUS_KEPT && !self.0.refreshing.swap(true, Ordering::AcqRel) {
            let (kept, db) = (self.clone(), db.clone());
            actix_web::rt::spawn(async move {
                match with_db(&db, read_status).await {
                    Ok(status) => kept.set(status),
                    // Kept as it was; tried again after another minute.
                    Err(error) => {
                        tracing::warn!(%error, "état de conformité illisible");
                        kept.set(status);
                    }
                }
                kept.0.refreshing.store(false, Ordering::Release);
            });
        }
        status
    }

    /// After an administrator's change on this instance: at once.
    pub fn set(&self, status: Conformity) {
        *self.0.status.lock().unwrap_or_else(|e| e.into_inner()) = (Instant::now(), status);
    }
}
