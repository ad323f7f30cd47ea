ALTER TABLE events DROP COLUMN online_url;
