-- How an event takes registrations; an event without a row takes none. `mode`: `passerelle`
-- (the form of the site) or `external` (a link elsewhere). No capacity: no limit.
CREATE TABLE registration_settings (
    event_id TEXT PRIMARY KEY NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    mode TEXT NOT NULL CHECK (mode IN ('passerelle', 'external')),
    external_url TEXT,
    capacity INTEGER,
    waiting_list BOOLEAN NOT NULL,
    opens_at TIMESTAMP,
    closes_at TIMESTAMP,
    -- Hours before the start the reminder leaves; none: no reminder.
    reminder_hours INTEGER,
    updated_at TIMESTAMP NOT NULL
);

-- One person's registration to one event. Personal data: only staff read them, and they
-- are erased some time after the event (the counts stay). The person's link carries a
-- secret of which only a digest is kept.
CREATE TABLE registrations (
    id TEXT PRIMARY KEY NOT NULL,
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    organisation TEXT,
    audience TEXT NOT NULL,
    commune TEXT,
    accessibility_needs TEXT,
    newsletter BOOLEAN NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'waiting', 'cancelled')),
    created_at TIMESTAMP NOT NULL,
    -- A registration still to confirm is deleted after this.
    confirm_before TIMESTAMP,
    -- The waiting list is in this order.
    confirmed_at TIMESTAMP,
    cancelled_at TIMESTAMP,
    attended BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (event_id, email)
);
CREATE INDEX registrations_event_status ON registrations (event_id, status);

-- Every message, written in the same transaction as what caused it, then sent by a worker
-- that retries with a growing delay: an outage of the mail server delays mail, loses none.
-- A worker claims a message for a while (`claimed_until`), so that two never send it both.
CREATE TABLE outbox (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    message TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_until TIMESTAMP,
    sent_at TIMESTAMP,
    last_error TEXT
);
CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at);
