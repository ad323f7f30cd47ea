DROP TABLE site_pages;
DROP TABLE registration_tallies;
DROP TABLE event_notices;
