-- What the team changed in an event that the people registered must hear of, written with
-- the change; the mail worker turns each row into one message per person, then deletes it.
CREATE TABLE event_notices (
    id BIGSERIAL PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('changed', 'postponed', 'cancelled')),
    created_at TIMESTAMP NOT NULL
);

-- What stays of an event's registrations once their personal data are erased: anonymous
-- counts. `departement`: its code, or '' when the commune given was not recognised.
CREATE TABLE registration_tallies (
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    audience TEXT NOT NULL,
    departement TEXT NOT NULL,
    attended BOOLEAN NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (event_id, status, audience, departement, attended)
);

-- The pages every public site owes its visitors (legal notice, personal data,
-- accessibility), as administrators wrote them in Markdown; a page without a row shows
-- its default text. `conformity`: the accessibility page's RGAA status.
CREATE TABLE site_pages (
    slug TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    body_html TEXT NOT NULL,
    conformity TEXT,
    updated_at TIMESTAMP NOT NULL
);
