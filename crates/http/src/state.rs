//! What the running application shares with its handlers: built once at start, handed
//! to actix as one `Data<AppState>`. The middleware keep their own settings (rate
//! limits, read deadline, page policy, compressed copies), given where they are wrapped.

use std::sync::Arc;

use passerelle_auth::ThrottlePolicy;
use passerelle_documents::DocumentStorage;
use passerelle_search::Engine;
use passerelle_store::Database;

use crate::detail_reads::DetailReaders;
use crate::memo::ContentMemos;
use crate::middleware::metrics::{Access, Metrics};

pub struct AppState {
    /// The database: editorial writes, accounts, details.
    pub db: Database,
    /// The read model: lists, search, facets, summaries.
    pub engine: Arc<Engine>,
    /// Where uploaded documents are kept.
    pub storage: Arc<dyn DocumentStorage>,
    /// Details and pages already rendered, while the content has not changed.
    pub memos: ContentMemos,
    /// Details read from the database in batches.
    pub detail_readers: DetailReaders,
    pub sign_in_throttle: ThrottlePolicy,
    /// Largest document accepted, in bytes.
    pub max_upload_bytes: u64,
    /// The centre's name: author and publisher in feeds and linked data.
    pub publisher: String,
    /// The site's canonical origin, the start of every absolute link (`PublicOrigin`).
    pub origin: String,
    pub metrics: Metrics,
    /// Who may read `/metrics`.
    pub metrics_access: Access,
    /// Composes the messages that the outbox keeps until the mail worker sends them.
    pub postman: Arc<passerelle_mail::Composer>,
    /// The accessibility status every page's footer shows, read again once a minute.
    pub conformity: crate::conformity::ConformityStatus,
}
