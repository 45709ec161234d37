-- 0001: the platform's first schema. Applied once, never edited: later
-- changes go in new files. {{id}} and {{blob}} are filled per database.
-- Times are microseconds since 1970 UTC; booleans are 0/1 INTEGERs.

CREATE TABLE organisations (
	id         {{id}},
	parent_id  BIGINT REFERENCES organisations(id),
	name       TEXT NOT NULL CHECK (name <> ''),
	kind       TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX organisations_parent_name ON organisations (COALESCE(parent_id, 0), name);

CREATE TABLE users (
	id            {{id}},
	login         TEXT NOT NULL UNIQUE CHECK (login <> ''),
	name          TEXT NOT NULL,
	title         TEXT NOT NULL DEFAULT '',
	password_hash {{blob}},
	disabled      INTEGER NOT NULL DEFAULT 0,
	created_at    BIGINT NOT NULL,
	updated_at    BIGINT NOT NULL
);

CREATE TABLE memberships (
	user_id    BIGINT NOT NULL REFERENCES users(id),
	org_id     BIGINT NOT NULL REFERENCES organisations(id),
	role       TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	PRIMARY KEY (user_id, org_id, role)
);
CREATE INDEX memberships_org ON memberships (org_id);

CREATE TABLE sessions (
	id         TEXT PRIMARY KEY,
	user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf       TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE campaigns (
	id         {{id}},
	org_id     BIGINT NOT NULL REFERENCES organisations(id),
	year       INTEGER NOT NULL,
	title      TEXT NOT NULL,
	template   TEXT NOT NULL DEFAULT '',
	deadline   BIGINT,
	state      TEXT NOT NULL,
	revision   BIGINT NOT NULL,
	created_by BIGINT REFERENCES users(id),
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	UNIQUE (org_id, year)
);

CREATE TABLE campaign_units (
	campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
	position    INTEGER NOT NULL,
	org_id      BIGINT NOT NULL REFERENCES organisations(id),
	PRIMARY KEY (campaign_id, org_id)
);

CREATE TABLE participants (
	id          {{id}},
	campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
	user_id     BIGINT NOT NULL REFERENCES users(id),
	org_id      BIGINT NOT NULL REFERENCES organisations(id),
	state       TEXT NOT NULL,
	revision    BIGINT NOT NULL,
	created_at  BIGINT NOT NULL,
	updated_at  BIGINT NOT NULL,
	UNIQUE (campaign_id, user_id)
);
CREATE INDEX participants_user ON participants (user_id);
CREATE INDEX participants_org ON participants (org_id);

CREATE TABLE reports (
	id             {{id}},
	participant_id BIGINT NOT NULL UNIQUE REFERENCES participants(id),
	latest         INTEGER NOT NULL,
	created_at     BIGINT NOT NULL,
	updated_at     BIGINT NOT NULL
);

CREATE TABLE versions (
	id         {{id}},
	report_id  BIGINT NOT NULL REFERENCES reports(id),
	number     INTEGER NOT NULL,
	author_id  BIGINT NOT NULL REFERENCES users(id),
	body       TEXT NOT NULL,
	file_name  TEXT NOT NULL DEFAULT '',
	format     TEXT NOT NULL DEFAULT '',
	content    {{blob}},
	note       TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	UNIQUE (report_id, number)
);

CREATE TABLE review_decisions (
	id          {{id}},
	report_id   BIGINT NOT NULL REFERENCES reports(id),
	version     INTEGER NOT NULL,
	reviewer_id BIGINT NOT NULL REFERENCES users(id),
	outcome     TEXT NOT NULL,
	note        TEXT NOT NULL DEFAULT '',
	created_at  BIGINT NOT NULL
);
CREATE INDEX review_decisions_report ON review_decisions (report_id);

CREATE TABLE comments (
	id          {{id}},
	report_id   BIGINT NOT NULL REFERENCES reports(id),
	version     INTEGER NOT NULL,
	paragraph   INTEGER NOT NULL,
	quote       TEXT NOT NULL DEFAULT '',
	author_id   BIGINT NOT NULL REFERENCES users(id),
	decision_id BIGINT REFERENCES review_decisions(id),
	body        TEXT NOT NULL,
	created_at  BIGINT NOT NULL
);
CREATE INDEX comments_report ON comments (report_id);

CREATE TABLE publications (
	id           {{id}},
	report_id    BIGINT NOT NULL UNIQUE REFERENCES reports(id),
	version      INTEGER NOT NULL,
	scope        TEXT NOT NULL,
	org_id       BIGINT NOT NULL REFERENCES organisations(id),
	published_by BIGINT NOT NULL REFERENCES users(id),
	published_at BIGINT NOT NULL
);
CREATE INDEX publications_scope ON publications (scope, published_at);

-- The audit chain. No foreign keys: an entry outlives what it describes.
CREATE TABLE audit_log (
	seq           BIGINT PRIMARY KEY,
	at            BIGINT NOT NULL,
	actor_id      BIGINT NOT NULL,
	action        TEXT NOT NULL,
	object_type   TEXT NOT NULL,
	object_id     BIGINT NOT NULL,
	before_digest TEXT NOT NULL,
	after_digest  TEXT NOT NULL,
	detail        TEXT NOT NULL,
	prev_hash     TEXT NOT NULL,
	hash          TEXT NOT NULL
);

-- One row: the chain's last seq and hash. Appending updates it first, which
-- serialises appends on PostgreSQL (a row lock) and lets verification notice
-- a removed last entry.
CREATE TABLE audit_head (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	seq  BIGINT NOT NULL,
	hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
