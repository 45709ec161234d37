-- 0003: the corpus of known model essays (范文) that organisers import, so
-- the copied-passage index can say "copied from a template". The text is
-- kept (not the uploaded file): the index is rebuilt from it at start.

CREATE TABLE similar_templates (
	id         {{id}},
	name       TEXT NOT NULL,
	body       TEXT NOT NULL,
	size       BIGINT NOT NULL,
	created_by BIGINT NOT NULL REFERENCES users(id),
	created_at BIGINT NOT NULL
);
