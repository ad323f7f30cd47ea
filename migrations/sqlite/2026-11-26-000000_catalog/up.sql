-- Reference data, content and their links. Same tables and columns as the PostgreSQL tree;
-- a test compares both schemas after migration.
CREATE TABLE themes (
    slug TEXT PRIMARY KEY NOT NULL,
    label TEXT NOT NULL
);

CREATE TABLE territories (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('region', 'departement', 'commune')),
    name TEXT NOT NULL,
    parent_id TEXT REFERENCES territories (id)
);

CREATE TABLE members (
    id TEXT PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    website TEXT,
    contact_email TEXT,
    contact_phone TEXT,
    contact_public BOOLEAN NOT NULL DEFAULT FALSE,
    qpv_code TEXT,
    latitude DOUBLE,
    longitude DOUBLE,
    editorial_status TEXT NOT NULL CHECK (editorial_status IN ('draft', 'published')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE events (
    id TEXT PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('scheduled', 'cancelled', 'postponed')),
    start_date DATE,
    start_time TIME,
    end_date DATE,
    end_time TIME,
    period TEXT,
    year INTEGER,
    venue_name TEXT,
    venue_address TEXT,
    venue_commune_id TEXT REFERENCES territories (id),
    editorial_status TEXT NOT NULL CHECK (editorial_status IN ('draft', 'published')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE publications (
    id TEXT PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    publication_date DATE,
    year INTEGER,
    editorial_status TEXT NOT NULL CHECK (editorial_status IN ('draft', 'published')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE member_themes (
    member_id TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    theme_slug TEXT NOT NULL REFERENCES themes (slug),
    PRIMARY KEY (member_id, theme_slug)
);

CREATE TABLE member_territories (
    member_id TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    territory_id TEXT NOT NULL REFERENCES territories (id),
    PRIMARY KEY (member_id, territory_id)
);

CREATE TABLE event_themes (
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    theme_slug TEXT NOT NULL REFERENCES themes (slug),
    PRIMARY KEY (event_id, theme_slug)
);

CREATE TABLE event_territories (
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    territory_id TEXT NOT NULL REFERENCES territories (id),
    PRIMARY KEY (event_id, territory_id)
);

CREATE TABLE event_organizations (
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    member_id TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (event_id, member_id, role)
);

CREATE TABLE event_links (
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    url TEXT NOT NULL,
    label TEXT NOT NULL,
    media_type TEXT,
    PRIMARY KEY (event_id, position)
);

CREATE TABLE publication_themes (
    publication_id TEXT NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
    theme_slug TEXT NOT NULL REFERENCES themes (slug),
    PRIMARY KEY (publication_id, theme_slug)
);

CREATE TABLE publication_territories (
    publication_id TEXT NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
    territory_id TEXT NOT NULL REFERENCES territories (id),
    PRIMARY KEY (publication_id, territory_id)
);

CREATE TABLE publication_organizations (
    publication_id TEXT NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
    member_id TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (publication_id, member_id, role)
);

CREATE TABLE publication_links (
    publication_id TEXT NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    url TEXT NOT NULL,
    label TEXT NOT NULL,
    media_type TEXT,
    PRIMARY KEY (publication_id, position)
);

CREATE TABLE publication_events (
    publication_id TEXT NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    PRIMARY KEY (publication_id, event_id)
);

CREATE INDEX territories_parent_idx ON territories (parent_id);
CREATE INDEX members_status_idx ON members (editorial_status);
CREATE INDEX events_status_idx ON events (editorial_status);
CREATE INDEX publications_status_idx ON publications (editorial_status);
CREATE INDEX member_territories_territory_idx ON member_territories (territory_id);
CREATE INDEX event_territories_territory_idx ON event_territories (territory_id);
CREATE INDEX event_organizations_member_idx ON event_organizations (member_id);
CREATE INDEX publication_territories_territory_idx ON publication_territories (territory_id);
CREATE INDEX publication_organizations_member_idx ON publication_organizations (member_id);
CREATE INDEX publication_events_event_idx ON publication_events (event_id);
