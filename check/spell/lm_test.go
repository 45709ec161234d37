package spell

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"qinglian/lexicon"
)

// TestLMLoads: the embedded context model loads in place and answers as a
// back-off bigram model.
func TestLMLoads(t *testing.T) {
	d := detector(t)
	m := d.lm
	if m.n < 50000 {
		t.Errorf("context model has %d words, want the open-gram vocabulary shared with the word list (>50,000)", m.n)
	}
	for _, w := range []string{"干部", "董事会", "的", "建设"} {
		id := m.id(w)
		if id < 0 || m.word(id) != w {
			t.Errorf("%s: id %d", w, id)
			continue
		}
		if p := m.uni(id); p >= 0 || p < -25 {
			t.Errorf("%s: unigram log P %.2f out of range", w, p)
		}
		if e := d.words.lookup(w); e < 0 || d.lmOf(e) != id {
			t.Errorf("%s: dictionary entry %d maps to %d, want %d", w, e, d.lmOf(e), id)
		}
	}
	for _, w := range []string{"", "abc", "干部队伍建设工作"} {
		if id := m.id(w); id >= 0 {
			t.Errorf("%q: id %d, want none", w, id)
		}
	}
	// Every stored bigram is returned as stored; a pair with none backs off.
	a := m.id("的")
	lo, hi := int(le.Uint32(m.biStart[4*a:])), int(le.Uint32(m.biStart[4*a+4:]))
	if hi-lo < 5 {
		t.Fatalf("的 has %d bigrams", hi-lo)
	}
	for k := lo; k < hi; k++ {
		v := le.Uint32(m.bigrams[4*k:])
		if got, want := m.logPGiven(a, int(v>>16)), -float64(v&0xFFFF)/1000; got != want {
			t.Fatalf("P(%s|的) = %v, stored %v", m.word(int(v>>16)), got, want)
		}
	}
	b := m.id("董事会")
	if got, want := m.logPGiven(m.id("耳机"), b), m.bow(m.id("耳机"))+m.uni(b); math.Abs(got-want) > 1e-9 && got > -1 {
		t.Errorf("P(董事会|耳机) = %v, want back-off %v or a stored value", got, want)
	}
	if got := m.logPGiven(-1, b); got != m.uni(b) {
		t.Errorf("no history: %v, want the unigram %v", got, m.uni(b))
	}
}

// TestContextCatches: sentences written for this test whose wrong word is
// itself a word (征服 for 政府): only the words around give it away.
func TestContextCatches(t *testing.T) {
	d := detector(t)
	tests := []struct{ text, wrong, want string }{
		{"县级以上人民征服应当加强领导。", "征服", "政府"},
	}
	for _, tt := range tests {
		fs := d.Check(tt.text)
		if len(fs) != 1 || fs[0].Text != tt.wrong || fs[0].Suggestion != tt.want {
			t.Errorf("%s: want %s→%s, got %+v", tt.text, tt.wrong, tt.want, fs)
		}
	}
}

// TestLMUpToDate regenerates spell_lm.bin from the Debian package
// sunpinyin-data when it is installed and compares it with the embedded one.
func TestLMUpToDate(t *testing.T) {
	if _, err := os.Stat("/usr/lib/x86_64-linux-gnu/sunpinyin/data/lm_sc.t3g"); err != nil {
		t.Skip("sunpinyin-data is not installed (apt-get install sunpinyin-data): cannot regenerate spell_lm.bin")
	}
	regenerate(t, "./internal/genlm", LMFile)
}

// TestLMLoadErrors: a broken or truncated model is refused with its name.
func TestLMLoadErrors(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("..", "..", "lexicon", "data", LMFile))
	if err != nil {
		t.Fatal(err)
	}
	end := bytes.Index(good, []byte("#end"))
	for name, content := range map[string][]byte{
		"no header end":  []byte("# a model\n"),
		"bad magic":      append(append([]byte{}, good[:end+8]...), "QLLMXX99"...),
		"truncated":      good[:len(good)-4],
		"one byte extra": append(append([]byte{}, good...), 0),
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, LMFile), content, 0o644); err != nil {
			t.Fatal(err)
		}
		fsys, err := lexicon.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := loadLM(fsys, LMFile); err == nil {
			t.Errorf("%s: loaded", name)
		} else if !bytes.Contains([]byte(err.Error()), []byte(LMFile)) {
			t.Errorf("%s: error does not name the file: %v", name, err)
		}
	}
}

// TestConcurrentChecks: one detector serves many goroutines (the candidate
// cache fills as they go); run with -race.
func TestConcurrentChecks(t *testing.T) {
	fresh, err := Load(lexicon.Default())
	if err != nil {
		t.Fatal(err)
	}
	texts := append(append([]string{}, benchSentences...), "县级以上人民征服应当加强领导。", "坚持以人民为中心的发展思相。")
	want := make([]int, len(texts))
	for i, s := range texts {
		want[i] = len(detector(t).Check(s))
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, s := range texts {
				if got := len(fresh.Check(s)); got != want[i] {
					t.Errorf("%s: %d findings, want %d", s, got, want[i])
				}
			}
		}()
	}
	wg.Wait()
}
