DROP TABLE invitations;
ALTER TABLE accounts DROP COLUMN last_sign_in_at;
