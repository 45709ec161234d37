package server

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"qinglian/similar"
	"qinglian/store"
)

// copyIndex is the installation's one copied-passage index (package
// similar): the latest version of every report and every imported model
// essay. It is built on first use — Serve starts that at once, so it is
// ready moments after a start — from the file in the data directory when
// there is one, brought up to date with the database, or else from the
// database alone. Every save through the site replaces the report's
// previous version in it, and the file is rewritten after each change.
type copyIndex struct {
	st   *store.Store
	path string // "" keeps no file
	log  func(msg string, args ...any)

	once  sync.Once
	ready chan struct{}
	err   error

	mu sync.Mutex // guards ix and held, and orders file writes
	ix *similar.Index
	// held is every indexed ID with the version it holds ("report/7" → 3;
	// templates → 0): what the file's manifest records, so that a file
	// that missed changes is corrected at start.
	held map[string]int
	// buildTime is how long the last build took, for the log.
	buildTime time.Duration

	// File writes run in the background, one at a time, and coalesce: a
	// token in queued means a write is waiting to start and will include
	// every change made before it starts. At 100,000 documents a write
	// takes seconds, which a save must not wait for.
	queued  chan struct{}
	writeMu sync.Mutex
	writes  sync.WaitGroup
}

func newCopyIndex(st *store.Store, path string, log func(string, ...any)) *copyIndex {
	return &copyIndex{st: st, path: path, log: log, ready: make(chan struct{}), held: map[string]int{}, queued: make(chan struct{}, 1)}
}

func reportDocID(reportID int64) string     { return "report/" + strconv.FormatInt(reportID, 10) }
func templateDocID(templateID int64) string { return "template/" + strconv.FormatInt(templateID, 10) }

// parseDocID splits an index ID into its kind and number.
func parseDocID(id string) (kind string, n int64, ok bool) {
	kind, num, ok := strings.Cut(id, "/")
	if !ok {
		return "", 0, false
	}
	n, err := strconv.ParseInt(num, 10, 64)
	return kind, n, err == nil
}

// get returns the index, building it on first use.
func (c *copyIndex) get(ctx context.Context) (*similar.Index, error) {
	c.once.Do(func() {
		// The build outlives the request that happened to start it.
		c.err = c.build(context.WithoutCancel(ctx))
		close(c.ready)
	})
	<-c.ready
	if c.err != nil {
		return nil, c.err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ix, nil
}

// built reports whether the index exists yet, without starting a build.
func (c *copyIndex) built() bool {
	select {
	case <-c.ready:
		return c.err == nil
	default:
		return false
	}
}

func (c *copyIndex) build(ctx context.Context) error {
	start := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	fromFile := false
	if c.path != "" {
		ix, held, err := readIndexFile(c.path)
		switch {
		case err == nil:
			c.ix, c.held, fromFile = ix, held, true
		case errors.Is(err, os.ErrNotExist):
		default:
			c.log("copied-passage index file unreadable; rebuilding from the database", "path", c.path, "err", err)
		}
	}
	if !fromFile {
		c.ix, c.held = similar.NewIndex(), map[string]int{}
	}
	changed, err := c.syncLocked(ctx)
	if err != nil {
		return err
	}
	if changed || !fromFile {
		c.writeLocked()
	}
	c.buildTime = time.Since(start)
	c.log("copied-passage index ready", "documents", c.ix.Len(), "from_file", fromFile, "changed", changed, "took", c.buildTime)
	return nil
}

// syncLocked makes the index hold exactly the reports' latest versions and
// the templates of the database, loading only the texts it lacks.
func (c *copyIndex) syncLocked(ctx context.Context) (bool, error) {
	latest, err := c.st.ListLatestVersions(ctx, false)
	if err != nil {
		return false, err
	}
	tpls, err := c.st.ListSimilarTemplates(ctx, false)
	if err != nil {
		return false, err
	}
	want := make(map[string]int, len(latest)+len(tpls))
	needReports := false
	for _, v := range latest {
		id := reportDocID(v.ReportID)
		want[id] = v.Number
		if n, ok := c.held[id]; !ok || n != v.Number {
			needReports = true
		}
	}
	needTemplates := false
	for _, tp := range tpls {
		id := templateDocID(tp.ID)
		want[id] = 0
		if _, ok := c.held[id]; !ok {
			needTemplates = true
		}
	}
	changed := false
	for id, n := range c.held {
		if w, ok := want[id]; !ok || w != n {
			c.ix.Remove(id)
			delete(c.held, id)
			changed = true
		}
	}
	if needReports {
		full, err := c.st.ListLatestVersions(ctx, true)
		if err != nil {
			return false, err
		}
		for _, v := range full {
			if _, ok := c.held[reportDocID(v.ReportID)]; !ok {
				c.addReportLocked(v)
				changed = true
			}
		}
	}
	if needTemplates {
		full, err := c.st.ListSimilarTemplates(ctx, true)
		if err != nil {
			return false, err
		}
		for _, tp := range full {
			if _, ok := c.held[templateDocID(tp.ID)]; !ok {
				c.addTemplateLocked(tp)
				changed = true
			}
		}
	}
	return changed, nil
}

func (c *copyIndex) addReportLocked(v store.IndexedVersion) {
	id := reportDocID(v.ReportID)
	c.ix.Remove(id)
	meta := similar.Meta{ID: id, Owner: strconv.FormatInt(v.UserID, 10), Unit: strconv.FormatInt(v.OrgID, 10),
		Year: v.Year, Kind: similar.KindReport}
	if err := c.ix.Add(meta, similar.Paragraphs(v.Body)); err != nil {
		c.log("index report", "id", id, "err", err)
		return
	}
	c.held[id] = v.Number
}

func (c *copyIndex) addTemplateLocked(tp *store.SimilarTemplate) {
	id := templateDocID(tp.ID)
	c.ix.Remove(id)
	if err := c.ix.Add(similar.Meta{ID: id, Owner: tp.Name, Kind: similar.KindTemplate}, similar.Paragraphs(tp.Body)); err != nil {
		c.log("index template", "id", id, "err", err)
		return
	}
	c.held[id] = 0
}

// saved puts a report's new latest version in place of its previous one.
// Before the first build there is nothing to do: the build reads it.
func (c *copyIndex) saved(v store.IndexedVersion) {
	if !c.built() {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.addReportLocked(v)
	c.writeLocked()
}

// templatesAdded indexes imported templates; templateRemoved drops one.
func (c *copyIndex) templatesAdded(ts []*store.SimilarTemplate) {
	if !c.built() {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, tp := range ts {
		c.addTemplateLocked(tp)
	}
	c.writeLocked()
}

func (c *copyIndex) templateRemoved(id int64) {
	if !c.built() {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ix.Remove(templateDocID(id))
	delete(c.held, templateDocID(id))
	c.writeLocked()
}

// writeLocked schedules a rewrite of the index file (see queued). The
// write is atomic: a temporary file in the same directory, synced, then
// renamed over the old one, so a crash leaves either the old file or the
// new one. A failure is logged and otherwise harmless: the next start
// rebuilds from the database. The manifest is taken before the index is
// encoded, so it may lag behind it; the next start then corrects the
// difference from the database (see readIndexFile and syncLocked).
func (c *copyIndex) writeLocked() {
	if c.path == "" {
		return
	}
	select {
	case c.queued <- struct{}{}:
	default:
		return // a queued write will include this change
	}
	c.writes.Add(1)
	go func() {
		defer c.writes.Done()
		c.writeMu.Lock()
		defer c.writeMu.Unlock()
		<-c.queued
		c.mu.Lock()
		ix, held := c.ix, maps.Clone(c.held)
		c.mu.Unlock()
		if err := writeIndexFile(c.path, ix, held); err != nil {
			c.log("write copied-passage index", "path", c.path, "err", err)
		}
	}()
}

// flush waits for the scheduled file writes (tests, and a clean shutdown).
func (c *copyIndex) flush() { c.writes.Wait() }

// The file is a JSON manifest line (the indexed IDs with their versions)
// followed by similar's own encoding of the index.
const indexFileMagic = "qinglian-copy-index-v1"

type indexManifest struct {
	Magic string         `json:"magic"`
	Held  map[string]int `json:"held"`
}

func writeIndexFile(path string, ix *similar.Index, held map[string]int) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after the rename there is nothing to remove
	w := bufio.NewWriterSize(tmp, 1<<20)
	m, err := json.Marshal(indexManifest{Magic: indexFileMagic, Held: held})
	if err != nil {
		tmp.Close()
		return err
	}
	w.Write(m)
	w.WriteByte('\n')
	if err := ix.Encode(w); err != nil {
		tmp.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func readIndexFile(path string) (*similar.Index, map[string]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	line, err := r.ReadBytes('\n')
	if err != nil {
		return nil, nil, fmt.Errorf("manifest: %w", err)
	}
	var m indexManifest
	if err := json.Unmarshal(line, &m); err != nil || m.Magic != indexFileMagic {
		return nil, nil, fmt.Errorf("manifest: not a qinglian index file")
	}
	ix, err := similar.Decode(r)
	if err != nil {
		return nil, nil, err
	}
	if m.Held == nil {
		m.Held = map[string]int{}
	}
	if ix.Len() != len(m.Held) {
		return nil, nil, fmt.Errorf("manifest lists %d documents, index holds %d", len(m.Held), ix.Len())
	}
	return ix, m.Held, nil
}

// heldIDs lists the indexed IDs, sorted (for tests).
func (c *copyIndex) heldIDs() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	ids := make([]string, 0, len(c.held))
	for id := range c.held {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}
