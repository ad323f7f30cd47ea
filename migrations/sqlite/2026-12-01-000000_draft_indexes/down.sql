DROP INDEX publications_drafts_idx;
DROP INDEX events_drafts_idx;
DROP INDEX members_drafts_idx;
CREATE INDEX publications_status_idx ON publications (editorial_status);
CREATE INDEX events_status_idx ON events (editorial_status);
CREATE INDEX members_status_idx ON members (editorial_status);
