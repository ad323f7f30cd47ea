-- Where imported content came from (a WordPress post, a spreadsheet row, a file): importing
-- the same source again finds what it made instead of making it twice, and the fingerprint
-- of what was imported tells whether the source has changed since.
CREATE TABLE import_origins (
    origin TEXT PRIMARY KEY NOT NULL,
    entity TEXT NOT NULL CHECK (entity IN ('publication', 'event', 'member', 'attachment')),
    entity_id TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    imported_at TIMESTAMP NOT NULL
);
CREATE INDEX import_origins_entity_idx ON import_origins (entity, entity_id);
