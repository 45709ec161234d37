// Package appraisal is the democratic appraisal (民主评议 / 民主测评) of the
// cadres of a campaign: its set-up, the one-time voting tokens, the
// canonical ballot and its receipt, the tally, and the verification of a
// published ballot list. It knows nothing of storage or HTTP: the store keeps
// what this package produces, the server shows it.
//
// The anonymity argument, in short: a token is printed once and the server
// keeps only its HMAC; a ballot is stored under a random id with no time, no
// address and nothing shared with the token's row except the voter class
// printed on the slip; see store/appraisal.go for how row order is kept from
// telling the voting order.
package appraisal

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Level is one grade of the rating scale, e.g. 好 with weight 100.
type Level struct {
	Label  string  `json:"label"`
	Weight float64 `json:"weight"`
}

// Class is a group of voters (e.g. 班子成员) with the weight of each of its
// ballots in the weighted score and the number of slips printed for it.
type Class struct {
	Name   string  `json:"name"`
	Weight float64 `json:"weight"`
	Voters int     `json:"voters"`
}

// Cadre is a person appraised: an account of the platform, so the results
// can be filed in their integrity archive.
type Cadre struct {
	UserID int64  `json:"user_id"`
	Name   string `json:"name"`
	Title  string `json:"title,omitempty"`
}

// Config is what the organiser sets up. Voters is the number of slips when
// there are no classes; with classes it is their sum.
type Config struct {
	Title    string    `json:"title"`
	Cadres   []Cadre   `json:"cadres"`
	Items    []string  `json:"items"`
	Scale    []Level   `json:"scale"`
	Comments bool      `json:"comments"` // a free-text comment per cadre
	Receipts bool      `json:"receipts"` // show the voter a receipt
	Opens    time.Time `json:"opens"`
	Closes   time.Time `json:"closes"`
	Voters   int       `json:"voters"`
	Classes  []Class   `json:"classes,omitempty"`
	// K is the smallest group whose breakdown is shown (default 5).
	K int `json:"k"`
}

// DefaultK is the smallest voter class whose own results are shown.
const DefaultK = 5

// MaxVoters bounds the slips of one appraisal.
const MaxVoters = 5000

// DefaultItems and the scales are the usual forms of 民主测评.
var (
	DefaultItems   = []string{"政治表现", "履行管党治党责任", "作风建设", "廉洁自律", "总体评价"}
	ScaleGood      = []Level{{"好", 100}, {"较好", 80}, {"一般", 60}, {"差", 0}}
	ScaleCompetent = []Level{{"优秀", 100}, {"称职", 80}, {"基本称职", 60}, {"不称职", 0}}
)

// Appraisal is a stored appraisal: its set-up and where it stands.
type Appraisal struct {
	ID           int64     `json:"id"`
	CampaignID   int64     `json:"campaign_id"`
	Config       Config    `json:"config"`
	TokensIssued int       `json:"tokens_issued"` // 0 until the slips are printed
	ClosedAt     time.Time `json:"closed_at"`     // zero unless closed early by the organiser
	CreatedBy    int64     `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
}

// Open reports whether ballots are accepted at now.
func (a *Appraisal) Open(now time.Time) bool {
	return a.ClosedAt.IsZero() && !now.Before(a.Config.Opens) && now.Before(a.Config.Closes)
}

// Closed reports whether voting has ended at now, so results may be shown.
func (a *Appraisal) Closed(now time.Time) bool {
	return !a.ClosedAt.IsZero() || !now.Before(a.Config.Closes)
}

// Validate normalises c (trimmed names, default K, Voters as the sum of the
// classes) and returns a Chinese message for the first rule it breaks, or "".
func (c *Config) Validate() string {
	// Own copies: the caller may have passed a shared list (ScaleGood).
	c.Cadres = append([]Cadre(nil), c.Cadres...)
	c.Items = append([]string(nil), c.Items...)
	c.Scale = append([]Level(nil), c.Scale...)
	if c.Classes != nil {
		c.Classes = append([]Class(nil), c.Classes...)
	}
	c.Title = strings.TrimSpace(c.Title)
	if c.Title == "" || utf8.RuneCountInString(c.Title) > 100 {
		return "测评名称不能为空，且不超过100字。"
	}
	if len(c.Cadres) == 0 {
		return "请至少选择一名被测评的干部。"
	}
	seen := map[int64]bool{}
	for _, cd := range c.Cadres {
		if seen[cd.UserID] {
			return fmt.Sprintf("被测评干部“%s”重复。", cd.Name)
		}
		seen[cd.UserID] = true
	}
	if msg := cleanList(&c.Items, "测评项目", 20); msg != "" {
		return msg
	}
	if len(c.Scale) < 2 || len(c.Scale) > 7 {
		return "评价等次应为2至7个。"
	}
	labels := map[string]bool{}
	for i := range c.Scale {
		c.Scale[i].Label = strings.TrimSpace(c.Scale[i].Label)
		l := c.Scale[i]
		if l.Label == "" || labels[l.Label] {
			return "评价等次的名称不能为空，也不能重复。"
		}
		if l.Weight < 0 || l.Weight > 1000 {
			return fmt.Sprintf("等次“%s”的分值应在0至1000之间。", l.Label)
		}
		labels[l.Label] = true
	}
	if c.Opens.IsZero() || c.Closes.IsZero() || !c.Closes.After(c.Opens) {
		return "请填写开始和结束时间，结束时间应晚于开始时间。"
	}
	if len(c.Classes) > 0 {
		names := map[string]bool{}
		sum := 0
		for i := range c.Classes {
			c.Classes[i].Name = strings.TrimSpace(c.Classes[i].Name)
			cl := c.Classes[i]
			if cl.Name == "" || names[cl.Name] {
				return "参评人员类别的名称不能为空，也不能重复。"
			}
			if cl.Weight <= 0 || cl.Weight > 100 {
				return fmt.Sprintf("类别“%s”的权重应大于0、不超过100。", cl.Name)
			}
			if cl.Voters <= 0 {
				return fmt.Sprintf("类别“%s”的人数应大于0。", cl.Name)
			}
			names[cl.Name] = true
			sum += cl.Voters
		}
		c.Voters = sum
	}
	if c.Voters <= 0 || c.Voters > MaxVoters {
		return fmt.Sprintf("参评人数应在1至%d之间。", MaxVoters)
	}
	if c.K <= 0 {
		c.K = DefaultK
	}
	return ""
}

func cleanList(list *[]string, what string, max int) string {
	var out []string
	seen := map[string]bool{}
	for _, s := range *list {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if seen[s] {
			return fmt.Sprintf("%s“%s”重复。", what, s)
		}
		seen[s] = true
		out = append(out, s)
	}
	if len(out) == 0 || len(out) > max {
		return fmt.Sprintf("%s应有1至%d项。", what, max)
	}
	*list = out
	return ""
}

// ClassWeight returns the weight of a ballot of class name: 1 without
// classes or for an unknown class.
func (c *Config) ClassWeight(name string) float64 {
	for _, cl := range c.Classes {
		if cl.Name == name {
			return cl.Weight
		}
	}
	return 1
}
