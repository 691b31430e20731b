-- A counter bumped whenever a user's password changes or the account is disabled: sessions signed in
-- under an older value end. Runs unchanged on H2 and PostgreSQL.
ALTER TABLE users ADD COLUMN credentials_version INTEGER DEFAULT 0 NOT NULL;
