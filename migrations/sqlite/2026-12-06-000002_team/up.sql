-- When each account last signed in, shown on the team screen.
ALTER TABLE accounts ADD COLUMN last_sign_in_at TIMESTAMP;

-- One-time links to choose a password, valid 48 hours: only a digest of the secret is
-- kept, and a link is deleted once used or replaced by a newer one.
CREATE TABLE invitations (
    token_hash TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX invitations_account ON invitations (account_id);
