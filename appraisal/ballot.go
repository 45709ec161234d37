package appraisal

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxComment is the longest comment on one cadre, in characters.
const MaxComment = 500

// Ballot is one voter's ballot. Ratings[c][i] is the index in the scale of
// the grade given to cadre c on item i, in the set-up's order; Comments[c]
// is the (masked) comment on cadre c, "" for none. Nonce makes two equal
// ballots have different receipts, so a receipt reveals nothing by itself.
type Ballot struct {
	Appraisal int64    `json:"appraisal"`
	Class     string   `json:"class,omitempty"`
	Ratings   [][]int  `json:"ratings"`
	Comments  []string `json:"comments,omitempty"`
	Nonce     string   `json:"nonce"`
}

// NewNonce returns 128 random bits in hex.
func NewNonce() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Canonical is the ballot's one byte encoding: JSON of the struct's fields
// in their fixed order, which encoding/json always writes the same way.
func (b *Ballot) Canonical() []byte {
	out, err := json.Marshal(b)
	if err != nil {
		panic(err) // only ints and strings: cannot fail
	}
	return out
}

// Receipt is the hex SHA-256 of the canonical ballot, prefixed by a label
// so it cannot be confused with any other hash of the platform.
func (b *Ballot) Receipt() string {
	h := sha256.New()
	h.Write([]byte("qinglian appraisal ballot v1\n"))
	h.Write(b.Canonical())
	return hex.EncodeToString(h.Sum(nil))
}

// Check returns a Chinese message if b does not fit the set-up: a grade
// missing or out of the scale, a comment where none is asked or too long.
func (b *Ballot) Check(c *Config) string {
	if len(b.Ratings) != len(c.Cadres) {
		return "选票的被测评干部人数不符。"
	}
	for ci, row := range b.Ratings {
		if len(row) != len(c.Items) {
			return "选票的测评项目数不符。"
		}
		for ii, v := range row {
			if v < 0 || v >= len(c.Scale) {
				return fmt.Sprintf("请为%s的“%s”选择评价等次。", c.Cadres[ci].Name, c.Items[ii])
			}
		}
	}
	if len(b.Comments) > 0 {
		if !c.Comments || len(b.Comments) != len(c.Cadres) {
			return "本次测评不收集意见建议。"
		}
		for ci, s := range b.Comments {
			if utf8.RuneCountInString(s) > MaxComment || !utf8.ValidString(s) {
				return fmt.Sprintf("对%s的意见建议不超过%d字。", c.Cadres[ci].Name, MaxComment)
			}
		}
	}
	if len(c.Classes) > 0 {
		found := false
		for _, cl := range c.Classes {
			found = found || cl.Name == b.Class
		}
		if !found {
			return "选票的参评人员类别不符。"
		}
	} else if b.Class != "" {
		return "选票的参评人员类别不符。"
	}
	return ""
}

// TrimComments drops the comment list when every comment is empty, so an
// unused comment box does not change the ballot's encoding.
func (b *Ballot) TrimComments() {
	for i, s := range b.Comments {
		b.Comments[i] = strings.TrimSpace(s)
	}
	for _, s := range b.Comments {
		if s != "" {
			return
		}
	}
	b.Comments = nil
}
