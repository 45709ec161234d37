package spell

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"
)

func TestDiagHomoParts(t *testing.T) {
	if os.Getenv("DIAG") == "" {
		t.Skip()
	}
	d0 := detector(t)
	d := *d0
	b, _ := os.ReadFile("/work/shared/data/csc/ecspell_odw.train.json")
	var rows []struct{ Source, Target string }
	json.Unmarshal(b, &rows)
	for _, row := range rows {
		s, tg := []rune(row.Source), []rune(row.Target)
		if len(s) != len(tg) || row.Source == row.Target || len(d.Check(row.Source)) > 0 {
			continue
		}
		d.trace = func(r *run, i int, c candidate) {
			p := r.at + i
			if c.r2 == 0 || p+1 >= len(tg) {
				return
			}
			if c.r == tg[p] && c.r2 == tg[p+1] && (s[p] != tg[p] || s[p+1] != tg[p+1]) {
				e := d.words.lookup(string(s[p : p+2]))
				var fo uint32
				if e >= 0 {
					fo = d.words.freq[e]
				}
				fmt.Printf("HOMO net %5.1f gain %5.1f ctx %5.1f uni %5.1f  %s(%d)→%s(%d)  %s\n", c.net, c.gain, c.ctx, c.gain-d.opt.HomoContext*c.ctx, string(s[p:p+2]), fo, c.word, c.wordFq, row.Source)
			}
		}
		d.Check(row.Source)
		d.trace = nil
	}
}

func TestDiagOne(t *testing.T) {
	if os.Getenv("DIAG1") == "" {
		t.Skip()
	}
	d0 := detector(t)
	d := *d0
	d.trace = func(r *run, i int, c candidate) {
		fmt.Printf("  trace at %d %c→%c%c net %.2f gain %.2f ctx %.2f word %s ev %s evLen %d fq %d weak %v ext %v\n", r.at+i, r.runes[i], c.r, c.r2, c.net, c.gain, c.ctx, c.word, c.evWord, c.evLen, c.wordFq, c.weak, c.extends)
	}
	for _, s := range []string{"提供技木、法律等方面支持。", "开展检查整冶工作。", "加强国资兼管平台建设。"} {
		for _, x := range d.conf.candidates([]rune(s)[3]) {
			fmt.Printf("%c%d ", x.r, x.k)
		}
		fmt.Println()
		fmt.Println(s)
		fmt.Println(d.Check(s))
	}
}

func TestDiagReasons(t *testing.T) {
	if os.Getenv("DIAG2") == "" {
		t.Skip()
	}
	d0 := detector(t)
	d := *d0
	b, _ := os.ReadFile("/work/shared/data/csc/ecspell_odw.train.json")
	var rows []struct{ Source, Target string }
	json.Unmarshal(b, &rows)
	hist := map[string]int{}
	for _, row := range rows {
		s, tg := []rune(row.Source), []rune(row.Target)
		if len(s) != len(tg) || row.Source == row.Target || len(d.Check(row.Source)) > 0 {
			continue
		}
		bestNet, why, ex := -99.0, "none", ""
		d.trace = func(r *run, i int, c candidate) {
			p := r.at + i
			ok := c.r == tg[p] && s[p] != tg[p]
			if c.r2 != 0 && p+1 < len(tg) {
				ok = c.r == tg[p] && c.r2 == tg[p+1] && (s[p] != tg[p] || s[p+1] != tg[p+1])
			}
			if !ok || c.net <= bestNet {
				return
			}
			bestNet = c.net
			switch {
			case c.r2 != 0:
				why = "homo"
			case c.evLen >= 3 && !c.extends:
				why = "long"
			case c.extends:
				why = "extends"
			case c.weak:
				why = "weak"
			case c.wordFq < d.opt.MinShortWordFreq:
				why = "rare"
			default:
				why = "thr"
			}
			ex = fmt.Sprintf("%.1f %s %c→%c%c %s(%d) | %s", c.net, why, r.runes[i], c.r, c.r2, c.word, c.wordFq, row.Source)
		}
		d.Check(row.Source)
		d.trace = nil
		k := why
		if why == "none" {
			var diffs []string
			for i := range s {
				if s[i] != tg[i] {
					lo, hi := max(0, i-2), min(len(s), i+3)
					diffs = append(diffs, fmt.Sprintf("%s→%s", string(s[lo:hi]), string(tg[lo:hi])))
				}
			}
			fmt.Println("NONE", diffs)
		}
		if why != "none" {
			k = fmt.Sprintf("%s %d", why, int(bestNet))
			fmt.Println("EX", ex)
		}
		hist[k]++
	}
	for k, v := range hist {
		fmt.Println("H", k, v)
	}
}

func TestDiagCtx(t *testing.T) {
	if os.Getenv("DIAG3") == "" {
		t.Skip()
	}
	d := detector(t)
	id := func(w string) int { return d.lm.id(w) }
	for _, q := range [][4]string{{"按", "指责", "职责", "分工"}, {"程序", "指定", "制定", ""}, {"革委", "前头", "牵头", ""}, {"出", "机智", "机制", ""}, {"示范", "极地", "基地", "实施"}, {"骗取", "自尽", "资金", "的"}, {"领导", "棒子", "班子", "中"}, {"考查", "考查", "考察", "地方"}, {"作出", "绝顶", "决定", ""}, {"党建", "树脂", "述职", "评议"}, {"机构", "平谷", "评估", "机制"}} {
		l, o, n, r := id(q[0]), id(q[1]), id(q[2]), id(q[3])
		eo, en := d.words.lookup(q[1]), d.words.lookup(q[2])
		var fo, fn uint32
		if eo >= 0 {
			fo = d.words.freq[eo]
		}
		if en >= 0 {
			fn = d.words.freq[en]
		}
		assoc := func(a, b int) float64 {
			if a < 0 || b < 0 {
				return 0
			}
			return d.lm.logPGiven(a, b) - d.lm.uni(b)
		}
		fmt.Printf("%v ids %d %d %d %d  freq %d→%d  assoc L-old %.1f old-R %.1f L-new %.1f new-R %.1f  swap %.1f\n", q, l, o, n, r, fo, fn, assoc(l, o), assoc(o, r), assoc(l, n), assoc(n, r), d.swapContext(l, r, o, n))
	}
}

func TestDiagBigrams(t *testing.T) {
	if os.Getenv("DIAG4") == "" {
		t.Skip()
	}
	d := detector(t)
	for _, q := range [][2]string{{"中华", "人民"}, {"人民", "共和国"}, {"改革", "开放"}, {"经济", "发展"}, {"作出", "决定"}, {"做出", "决定"}, {"我们", "的"}, {"的", "问题"}, {"加强", "领导"}, {"社会", "主义"}, {"按", "职责"}, {"职责", "分工"}, {"国家", "主席"}} {
		a, b := d.lm.id(q[0]), d.lm.id(q[1])
		if a < 0 || b < 0 {
			fmt.Println(q, "missing", a, b)
			continue
		}
		fmt.Printf("%v P(b|a) %.2f P(b) %.2f assoc %.2f\n", q, d.lm.logPGiven(a, b), d.lm.uni(b), d.lm.logPGiven(a, b)-d.lm.uni(b))
	}
}
