// Package similar finds the passages a report shares with other reports and
// with model essays (范文): copied, edited, renumbered, reordered or mixed
// paragraphs, across owners, units and years. It is analysis only: no
// storage, no HTTP.
//
// # Method
//
// Text is normalised (Normalize): full-width letters and digits fold to
// ASCII, Latin to lower case, traditional characters to simplified (lexicon
// t2s.tsv, from Unihan kSimplifiedVariant), every run of digits to one class
// character (so 24 → 31 or 1,275.5 still match), and punctuation, spaces and
// symbols are dropped. Normalized keeps each character's original rune
// offsets, so spans are reported in the original text.
//
// The unit of matching is the paragraph (shorter than MinRunes = 20
// normalised characters: headings, ignored). A paragraph's character
// 5-grams (Gram) are hashed and winnowed (Window = 10): every shared run of
// 14 normalised characters gives both paragraphs a common fingerprint, about
// 2/(Window+1) = 18% of positions are kept, and sentence order within the
// paragraph does not matter since fingerprints are compared as sets. A query
// paragraph probes its fingerprints in the postings, the rarest first:
// fingerprints held by more than 1,000 paragraphs are boilerplate and
// skipped, except that the eleven rarest are always probed; a candidate must
// hold 30% of the probed fingerprints and have an estimated fingerprint
// Jaccard of 0.2, while a pair at 5-gram Jaccard 0.5 shares about two
// thirds (fewer of the rarest, hence the margins). Each candidate is then
// scored exactly — the index keeps every paragraph's normalised text at 16
// bits a character — in one pass over its text against a hash table of the
// query paragraph's 5-grams, which yields the Jaccard similarity of the two
// 5-gram sets (Passage.Score, ≥ MinScore, default 0.5), their containment
// and both spans. So precision against the 5-gram Jaccard truth is 1 by
// construction, and recall is lost only by the candidate filters. A
// document's paragraphs are queried on GOMAXPROCS goroutines.
//
// # Year over year
//
// RepeatedShortcomings flags this year's shortcoming (不足) items that
// repeat an earlier year's: 3-gram Jaccard ≥ RepeatJaccard (0.4) after
// Normalize, or the shorter ≥ RepeatContainment (0.7) contained in the
// longer. FollowUps marks last year's 下一步 promises followed up when one
// sentence or paragraph of this year's report holds ≥ FollowShare (60%,
// and at least three) of the promise's key bigrams — those left when
// generic words (加强, 进一步, 的…) are cut out.
//
// # Use
//
//	ix := similar.NewIndex()
//	ix.Add(similar.Meta{ID: "report/42/v3", Owner: "…", Unit: "…", Year: 2025, Kind: similar.KindReport}, paragraphs)
//	for _, m := range ix.Query(paragraphs, similar.QueryOptions{Exclude: "report/42/v3"}) { … }
//
// Paragraphs are passed as strings (a qinglian.Document's paragraph texts);
// passages name paragraphs by their index. A passage's span in the queried
// paragraph is in rune offsets; its span in the source is in normalised
// offsets, which SourceSpan turns into rune offsets given the source
// paragraph's text (the index does not keep original texts). Add, Remove and
// Query are safe for concurrent use; Add normalises outside the lock.
//
// # Persistence
//
// Encode writes the whole index (documents' Meta, normalised paragraphs,
// sorted postings) in one versioned binary stream; Decode reads it back,
// refusing other versions and corrupt data with ErrFormat. A server adds
// each saved report version, Removes superseded or deleted ones, writes
// Encode to a file beside its database (atomically, after changes) and at
// start Decodes it, falling back to re-adding the reports when the file is
// missing or of another version.
//
// # Figures
//
// On the project's 2-core machine (shared with other jobs, so times vary by
// up to 2×), go run ./similar/internal/simeval: 2,000 generated documents,
// 24,425 paragraph pairs at Jaccard ≥ 0.5 — recall 0.9999, precision
// 1.000. With -scale 100000 -recall (documents of 2,405 characters on
// average, two workers): indexed in 11–13 s with generation, peak RSS
// 1,596 MiB (1,242 MiB with GOMEMLIMIT=1100MiB: the rest of the peak is
// garbage-collector headroom, so a server should set a memory limit);
// encoded 655 MiB in 2.5 s; decoded (ready after restart) in 1.5–1.9 s; one
// document queried in 5.7 ms median (p90 11.4 ms; three rounds of 200
// queries: 5.8, 5.6, 5.7 ms); against the exact truth of those 200 queries
// over all 100,000 documents (2,284 pairs), recall 0.962, precision 1.000
// (it was 0.777 when only the two rarest common fingerprints were probed). -keep FILE and -load FILE time queries again on a
// kept index without rebuilding it. go test -bench Query ./similar measures
// the 2,000-document case.
package similar
