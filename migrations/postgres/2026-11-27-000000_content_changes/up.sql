-- Every change to published content, written in the same transaction as the change: each
-- API instance follows it to keep its search index in step with the database.
CREATE TABLE content_changes (
    id BIGSERIAL PRIMARY KEY,
    entity TEXT NOT NULL CHECK (entity IN ('publication', 'event', 'member', 'reference')),
    entity_id TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
