package appraisal

import (
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"sort"
)

// Published is the ballot list released to the participants after the
// appraisal closes: the set-up, how many tokens were used, every ballot
// with its receipt, and the tally the platform computed. Anyone can
// recompute receipts and tally from it (qinglian appraisal verify).
type Published struct {
	Format    string            `json:"format"` // "qinglian-appraisal-ballots/1"
	Appraisal int64             `json:"appraisal"`
	Config    Config            `json:"config"`
	Cast      int               `json:"cast"` // tokens used: one per ballot stored
	Ballots   []PublishedBallot `json:"ballots"`
	Tally     *Tally            `json:"tally"`
}

// PublishedBallot is one line of the list: the receipt the voter was shown
// and the ballot it was computed from.
type PublishedBallot struct {
	Receipt string `json:"receipt"`
	Ballot  Ballot `json:"ballot"`
}

// PublishedFormat names the file format.
const PublishedFormat = "qinglian-appraisal-ballots/1"

// Publish builds the list, sorted by receipt so its order tells nothing.
func Publish(a *Appraisal, cast int, ballots []*Ballot) *Published {
	p := &Published{Format: PublishedFormat, Appraisal: a.ID, Config: a.Config, Cast: cast}
	for _, b := range ballots {
		p.Ballots = append(p.Ballots, PublishedBallot{Receipt: b.Receipt(), Ballot: *b})
	}
	sort.Slice(p.Ballots, func(i, j int) bool { return p.Ballots[i].Receipt < p.Ballots[j].Receipt })
	if p.Ballots == nil {
		p.Ballots = []PublishedBallot{}
	}
	p.Tally = Count(&p.Config, ballots)
	return p
}

// ReadPublished decodes a ballot list, refusing unknown fields and formats.
func ReadPublished(r io.Reader) (*Published, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var p Published
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("选票清单无法读取: %w", err)
	}
	if p.Format != PublishedFormat {
		return nil, fmt.Errorf("选票清单格式 %q 不是 %q", p.Format, PublishedFormat)
	}
	return &p, nil
}

// Verification is what Verify found. OK is true only if every receipt
// matches its ballot, no receipt repeats, the ballots number the tokens
// used, every ballot fits the set-up, the stated tally is the recomputed
// one, and (if given) the expected tally and receipts agree too.
type Verification struct {
	OK       bool
	Ballots  int
	Altered  []string // receipts whose ballot no longer hashes to them
	Added    []string // receipts listed more than once, or ballots beyond the tokens used
	Removed  int      // tokens used with no ballot listed
	Invalid  []string // receipts of ballots that do not fit the set-up
	Missing  []string // receipts the caller holds that the list lacks
	Tally    *Tally   // recomputed
	Problems []string // every finding, in Chinese, one per line
}

// Verify recomputes every receipt and the tally of p. expected, if not
// nil, is a tally announced elsewhere (e.g. at the meeting); receipts are
// receipts voters kept, each of which must be in the list.
func Verify(p *Published, expected *Tally, receipts []string) *Verification {
	v := &Verification{Ballots: len(p.Ballots)}
	seen := map[string]bool{}
	var ballots []*Ballot
	for i := range p.Ballots {
		pb := &p.Ballots[i]
		b := pb.Ballot
		if got := b.Receipt(); got != pb.Receipt {
			v.Altered = append(v.Altered, pb.Receipt)
			v.Problems = append(v.Problems, fmt.Sprintf("第%d张选票（回执 %s）的内容与回执不符：选票被改动", i+1, short(pb.Receipt)))
		}
		if seen[pb.Receipt] {
			v.Added = append(v.Added, pb.Receipt)
			v.Problems = append(v.Problems, fmt.Sprintf("回执 %s 出现不止一次：选票被重复添加", short(pb.Receipt)))
			continue
		}
		seen[pb.Receipt] = true
		if b.Appraisal != p.Appraisal {
			v.Invalid = append(v.Invalid, pb.Receipt)
			v.Problems = append(v.Problems, fmt.Sprintf("回执 %s 的选票属于另一次测评（%d）", short(pb.Receipt), b.Appraisal))
			continue
		}
		if msg := b.Check(&p.Config); msg != "" {
			v.Invalid = append(v.Invalid, pb.Receipt)
			v.Problems = append(v.Problems, fmt.Sprintf("回执 %s 的选票无效：%s", short(pb.Receipt), msg))
			continue
		}
		ballots = append(ballots, &b)
	}
	distinct := len(seen)
	switch {
	case distinct > p.Cast:
		v.Problems = append(v.Problems, fmt.Sprintf("清单有%d张选票，但只有%d个凭证投过票：有选票被添加", distinct, p.Cast))
		if len(v.Added) == 0 {
			v.Added = append(v.Added, fmt.Sprintf("%d张", distinct-p.Cast))
		}
	case distinct < p.Cast:
		v.Removed = p.Cast - distinct
		v.Problems = append(v.Problems, fmt.Sprintf("%d个凭证投过票，清单只有%d张选票：有%d张选票被删除", p.Cast, distinct, v.Removed))
	}
	for _, r := range receipts {
		if !seen[r] {
			v.Missing = append(v.Missing, r)
			v.Problems = append(v.Problems, fmt.Sprintf("回执 %s 不在清单中：这张选票被删除或改动", short(r)))
		}
	}
	v.Tally = Count(&p.Config, ballots)
	if p.Tally != nil && !reflect.DeepEqual(tallyNumbers(p.Tally), tallyNumbers(v.Tally)) {
		v.Problems = append(v.Problems, "清单所附的统计结果与按选票重新计算的结果不一致")
	}
	if expected != nil && !reflect.DeepEqual(tallyNumbers(expected), tallyNumbers(v.Tally)) {
		v.Problems = append(v.Problems, "按选票重新计算的结果与预期结果不一致")
	}
	v.OK = len(v.Problems) == 0
	return v
}

// tallyNumbers is the part of a tally that must agree: counts and scores,
// without the comments (a list may leave them out) and with nil and empty
// slices alike.
func tallyNumbers(t *Tally) []string {
	var out []string
	out = append(out, fmt.Sprint("ballots ", t.Ballots))
	for _, c := range t.Cadres {
		for _, it := range c.Items {
			out = append(out, fmt.Sprint(c.Cadre.UserID, " ", it.Item, " ", it.Counts, " ", it.Score))
		}
		out = append(out, fmt.Sprint(c.Cadre.UserID, " score ", c.Score, " rank ", c.Rank))
	}
	return out
}

func short(receipt string) string {
	if len(receipt) > 16 {
		return receipt[:16]
	}
	return receipt
}
