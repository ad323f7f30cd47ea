-- The keywords of a publication (WordPress tags, or written by the team), in their order:
-- shown with it and found by search, unlike themes they are free text.
CREATE TABLE publication_keywords (
    publication_id TEXT NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    keyword TEXT NOT NULL,
    PRIMARY KEY (publication_id, position)
);
