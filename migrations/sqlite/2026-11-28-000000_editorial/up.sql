-- Editorial work: versions for safe concurrent edits, publication time, soft delete,
-- staff accounts with their sessions and API tokens, sign-in throttling, the audit log
-- and the documents attached to publications.

ALTER TABLE publications ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE publications ADD COLUMN published_at TIMESTAMP;
ALTER TABLE publications ADD COLUMN deleted_at TIMESTAMP;
ALTER TABLE events ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE events ADD COLUMN published_at TIMESTAMP;
ALTER TABLE events ADD COLUMN deleted_at TIMESTAMP;
ALTER TABLE members ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE members ADD COLUMN published_at TIMESTAMP;
ALTER TABLE members ADD COLUMN deleted_at TIMESTAMP;
ALTER TABLE themes ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE themes ADD COLUMN deleted_at TIMESTAMP;

UPDATE publications SET published_at = created_at WHERE editorial_status = 'published';
UPDATE events SET published_at = created_at WHERE editorial_status = 'published';
UPDATE members SET published_at = created_at WHERE editorial_status = 'published';

CREATE TABLE accounts (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'editor')),
    created_at TIMESTAMP NOT NULL,
    disabled_at TIMESTAMP
);

-- Only a digest of each secret is kept: a copy of the database opens no session.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    last_used_at TIMESTAMP
);

CREATE TABLE sign_in_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    email TEXT NOT NULL,
    failed_at TIMESTAMP NOT NULL
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    actor_id TEXT,
    actor_email TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    version INTEGER,
    changes TEXT NOT NULL
);

CREATE TABLE attachments (
    id TEXT PRIMARY KEY NOT NULL,
    publication_id TEXT NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    storage_key TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);

CREATE INDEX sessions_account_idx ON sessions (account_id);
CREATE INDEX api_tokens_account_idx ON api_tokens (account_id);
CREATE INDEX sign_in_failures_email_idx ON sign_in_failures (email, failed_at);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
CREATE INDEX attachments_publication_idx ON attachments (publication_id);
