-- Nearly every row is published: an index on the editorial status serves only to find the
-- few drafts. Without statistics (SQLite keeps none unless told to; PostgreSQL has none
-- until its first ANALYZE), both planners preferred it to the unique index on the slug
-- when several slugs were asked for at once, and read every published row to answer a
-- batch of details. The drafts keep their index, ordered as the editorial list shows them.
DROP INDEX publications_status_idx;
DROP INDEX events_status_idx;
DROP INDEX members_status_idx;
CREATE INDEX publications_drafts_idx ON publications (updated_at) WHERE editorial_status = 'draft';
CREATE INDEX events_drafts_idx ON events (updated_at) WHERE editorial_status = 'draft';
CREATE INDEX members_drafts_idx ON members (updated_at) WHERE editorial_status = 'draft';
