-- 0002: democratic appraisal (民主测评). Eligibility (appraisal_tokens) and
-- ballots (appraisal_ballots) share no column but the appraisal: a token row
-- is keyed by the token's HMAC, a ballot by a random id, neither has a time,
-- and {{without_rowid}} keeps SQLite from numbering rows in insertion order
-- (the rows live in key order, which is random). On PostgreSQL the heap
-- keeps insertion order, so closing an appraisal CLUSTERs both tables by
-- their keys (see store/appraisal.go).

CREATE TABLE appraisals (
	id            {{id}},
	campaign_id   BIGINT NOT NULL REFERENCES campaigns(id),
	config        TEXT NOT NULL,
	token_key     {{blob}} NOT NULL,
	tokens_issued INTEGER NOT NULL DEFAULT 0,
	closed_at     BIGINT,
	sealed        INTEGER NOT NULL DEFAULT 0,
	created_by    BIGINT NOT NULL REFERENCES users(id),
	created_at    BIGINT NOT NULL
);
CREATE INDEX appraisals_campaign ON appraisals (campaign_id);

CREATE TABLE appraisal_tokens (
	appraisal_id BIGINT NOT NULL REFERENCES appraisals(id),
	hash         TEXT NOT NULL,
	class        TEXT NOT NULL DEFAULT '',
	used         INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (appraisal_id, hash)
){{without_rowid}};

CREATE TABLE appraisal_ballots (
	appraisal_id BIGINT NOT NULL REFERENCES appraisals(id),
	id           TEXT NOT NULL,
	content      TEXT NOT NULL,
	receipt      TEXT NOT NULL,
	PRIMARY KEY (appraisal_id, id)
){{without_rowid}};

-- The results filed in each appraised cadre's integrity archive.
CREATE TABLE appraisal_results (
	appraisal_id BIGINT NOT NULL REFERENCES appraisals(id),
	user_id      BIGINT NOT NULL REFERENCES users(id),
	summary      TEXT NOT NULL,
	filed_by     BIGINT NOT NULL,
	filed_at     BIGINT NOT NULL,
	PRIMARY KEY (appraisal_id, user_id)
);
CREATE INDEX appraisal_results_user ON appraisal_results (user_id);
