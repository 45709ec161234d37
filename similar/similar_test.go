package similar_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"qinglian/similar"
	"qinglian/similar/internal/corpus"
)

const base = "今年以来，我深入学习党章党规，通过中心组学习、专题研讨等形式累计学习24次，进一步筑牢了思想防线。青山老旧小区改造项目稳步推进，涉及资金350万元，惠及青山社区群众1200户。针对审计中发现的制度执行宽松软问题，会同县财政局督促落实整改，建立台账、明确责任人和完成时限。"

func TestQueryFindsEditedCopies(t *testing.T) {
	tests := []struct {
		name  string
		query string
		want  bool
	}{
		{"exact copy", base, true},
		{"numbers changed", strings.NewReplacer("24", "31", "350", "1,275.5", "1200", "86").Replace(base), true},
		{"names changed", strings.NewReplacer("青山", "柳林", "县财政局", "区教育局").Replace(base), true},
		{"punctuation and spaces", strings.NewReplacer("，", ", ", "。", "；", "、", " ").Replace(base), true},
		{"full-width digits", strings.NewReplacer("24", "２４").Replace(base), true},
		{"sentences reordered", "青山老旧小区改造项目稳步推进，涉及资金350万元，惠及青山社区群众1200户。针对审计中发现的制度执行宽松软问题，会同县财政局督促落实整改，建立台账、明确责任人和完成时限。今年以来，我深入学习党章党规，通过中心组学习、专题研讨等形式累计学习24次，进一步筑牢了思想防线。", true},
		{"traditional script", "今年以來，我深入學習黨章黨規，通過中心組學習、專題研討等形式累計學習24次，進一步築牢了思想防線。青山老舊小區改造項目穩步推進，涉及資金350萬元，惠及青山社區群眾1200戶。針對審計中發現的制度執行寬松軟問題，會同縣財政局督促落實整改，建立台賬、明確責任人和完成時限。", true},
		{"a few characters inserted and deleted", strings.NewReplacer("深入学习", "认真深入地学习", "进一步", "进", "稳步推进", "推进").Replace(base), true},
		// Unrelated text on the same subject must not match.
		{"same subject, other words", "本人严格遵守廉洁自律各项规定，从未利用职务便利为亲友谋取利益，家属子女均未在分管领域经商办企业，按规定如实报告个人有关事项。", false},
		{"one sentence of three", "今年以来，我深入学习党章党规，通过中心组学习、专题研讨等形式累计学习24次，进一步筑牢了思想防线。本人严格遵守廉洁自律各项规定，从未利用职务便利为亲友谋取利益，家属子女均未在分管领域经商办企业，按规定如实报告个人有关事项。其他内容完全不同。", false},
		// Hostile input: nothing to match.
		{"empty", "", false},
		{"punctuation only", "，。、；：！？……——“”‘’（）", false},
		{"short heading", "一、学习贯彻党的创新理论情况", false},
	}
	ix := similar.NewIndex()
	if err := ix.Add(similar.Meta{ID: "src", Owner: "王伟", Unit: "县财政局", Year: 2024, Kind: similar.KindReport}, []string{"一、学习贯彻党的创新理论情况", base}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := ix.Query([]string{"标题", tt.query}, similar.QueryOptions{})
			if got := len(ms) > 0; got != tt.want {
				t.Fatalf("found %v, want %v (%+v)", got, tt.want, ms)
			}
			if !tt.want {
				return
			}
			m := ms[0]
			if m.Source.ID != "src" || m.Source.Year != 2024 || m.Source.Unit != "县财政局" || len(m.Passages) != 1 {
				t.Fatalf("match %+v", m)
			}
			p := m.Passages[0]
			if p.Paragraph != 1 || p.SourceParagraph != 1 || p.Score < 0.5 || p.Score > 1 {
				t.Fatalf("passage %+v", p)
			}
			// Spans lie within the paragraphs and cover most of them.
			if n := utf8.RuneCountInString(tt.query); p.Start < 0 || p.End > n || p.End-p.Start < n/2 {
				t.Errorf("query span %d–%d of %d", p.Start, p.End, n)
			}
			ss, se := similar.SourceSpan(base, p)
			if n := utf8.RuneCountInString(base); ss < 0 || se > n || se-ss < n/2 {
				t.Errorf("source span %d–%d of %d", ss, se, n)
			}
		})
	}
}

func TestExcludeRemoveDuplicate(t *testing.T) {
	ix := similar.NewIndex()
	for _, id := range []string{"a", "b"} {
		if err := ix.Add(similar.Meta{ID: id}, []string{base}); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Add(similar.Meta{ID: "a"}, []string{base}); !errors.Is(err, similar.ErrDuplicate) {
		t.Errorf("second a: %v, want ErrDuplicate", err)
	}
	if ms := ix.Query([]string{base}, similar.QueryOptions{Exclude: "a"}); len(ms) != 1 || ms[0].Source.ID != "b" {
		t.Errorf("exclude a: %+v", ms)
	}
	if !ix.Remove("b") || ix.Remove("b") {
		t.Error("Remove b: want true once")
	}
	if ms := ix.Query([]string{base}, similar.QueryOptions{Exclude: "a"}); len(ms) != 0 {
		t.Errorf("after removing b: %+v", ms)
	}
	if ix.Len() != 1 {
		t.Errorf("Len %d, want 1", ix.Len())
	}
}

func TestEncodeDecode(t *testing.T) {
	docs := corpus.Generate(200, 7)
	ix := similar.NewIndex()
	for _, d := range docs {
		if err := ix.Add(similar.Meta{ID: d.ID, Owner: d.Owner, Unit: d.Unit, Year: d.Year, Kind: similar.KindTemplate}, d.Paragraphs); err != nil {
			t.Fatal(err)
		}
	}
	ix.Remove(docs[3].ID)
	var buf bytes.Buffer
	if err := ix.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	ix2, err := similar.Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if ix2.Len() != 199 {
		t.Errorf("decoded %d documents, want 199", ix2.Len())
	}
	for _, d := range docs[:50] {
		a := ix.Query(d.Paragraphs, similar.QueryOptions{Exclude: d.ID})
		b := ix2.Query(d.Paragraphs, similar.QueryOptions{Exclude: d.ID})
		if len(a) != len(b) {
			t.Fatalf("%s: %d matches before, %d after", d.ID, len(a), len(b))
		}
		for i := range a {
			if a[i].Source != b[i].Source || len(a[i].Passages) != len(b[i].Passages) {
				t.Fatalf("%s: match %d differs: %+v / %+v", d.ID, i, a[i], b[i])
			}
		}
	}
	// Hostile input: truncated and foreign data are refused, not half read.
	for _, bad := range [][]byte{nil, []byte("PK\x03\x04"), buf.Bytes()[:buf.Len()/2], buf.Bytes()[:buf.Len()-3]} {
		if _, err := similar.Decode(bytes.NewReader(bad)); !errors.Is(err, similar.ErrFormat) {
			t.Errorf("Decode of %d bytes: %v, want ErrFormat", len(bad), err)
		}
	}
}

// TestEvaluation checks recall and precision against the exact ground truth
// on a small generated corpus (the full 2,000-document run is
// go run ./similar/internal/simeval).
func TestEvaluation(t *testing.T) {
	docs := corpus.Generate(400, 3)
	truth := corpus.Truth(docs, 0.5)
	if len(truth) < 1000 {
		t.Fatalf("only %d true pairs: the generator copies too little", len(truth))
	}
	r := corpus.Evaluate(docs, truth)
	t.Logf("truth %d, found %d, recall %.4f, precision %.4f", r.Truth, r.Found, r.Recall, r.Precision)
	if r.Recall < 0.95 || r.Precision < 0.95 {
		t.Errorf("recall %.4f precision %.4f, want ≥ 0.95 each", r.Recall, r.Precision)
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"今年以來，我學習了２４次。", "今年以来我学习了0次"},
		{"资金1,275.5万元", "资金0万元"},
		{"ABC def", "abcdef"},
		{"第3条 第4款", "第0条第0款"},
		{"", ""},
		{"\xff\xfe乱码", "乱码"},
	}
	for _, tt := range tests {
		n := similar.Normalize(tt.in)
		if got := string(n.Runes); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{base, "", "12.5%和3", "今年以來２４", "\xff0\xfe9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := similar.Normalize(s)
		total := int32(utf8.RuneCountInString(s))
		if len(n.Start) != len(n.Runes) || len(n.End) != len(n.Runes) {
			t.Fatalf("lengths %d %d %d", len(n.Runes), len(n.Start), len(n.End))
		}
		prev := int32(0)
		for k := range n.Runes {
			if n.Start[k] < prev || n.End[k] <= n.Start[k] || n.End[k] > total {
				t.Fatalf("rune %d: [%d,%d) after %d of %d", k, n.Start[k], n.End[k], prev, total)
			}
			prev = n.End[k]
		}
		// Each normalised character comes from its original range: that
		// range alone normalises to it.
		rs := []rune(s)
		for k, r := range n.Runes {
			if got := similar.Normalize(string(rs[n.Start[k]:n.End[k]])).Runes; len(got) != 1 || got[0] != r {
				t.Fatalf("rune %d %q from %q normalises to %q", k, r, string(rs[n.Start[k]:n.End[k]]), string(got))
			}
		}
	})
}
