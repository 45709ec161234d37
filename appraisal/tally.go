package appraisal

import (
	"math"
	"sort"
)

// Tally is the result of an appraisal: per cadre and item, the number of
// each grade; the weighted score; the rank. Ballots with a class count with
// the class's weight in the scores, never in the counts.
type Tally struct {
	Ballots int          `json:"ballots"`
	Cadres  []CadreTally `json:"cadres"`
	// Classes breaks the results down by voter class; a class with fewer
	// than K ballots is listed with Suppressed set and no numbers.
	Classes []ClassTally `json:"classes,omitempty"`
}

// CadreTally is one cadre's result.
type CadreTally struct {
	Cadre    Cadre       `json:"cadre"`
	Items    []ItemTally `json:"items"`
	Score    float64     `json:"score"` // mean of the item scores, 2 decimals
	Rank     int         `json:"rank"`  // 1 = best score; equal scores share a rank
	Comments []string    `json:"comments,omitempty"`
}

// ItemTally is one cadre's result on one item.
type ItemTally struct {
	Item     string    `json:"item"`
	Counts   []int     `json:"counts"`   // by grade, in the scale's order
	Percents []float64 `json:"percents"` // of the ballots, 1 decimal
	Score    float64   `json:"score"`    // weighted mean of the grade weights, 2 decimals
}

// ClassTally is the results of one voter class.
type ClassTally struct {
	Class      string       `json:"class"`
	Ballots    int          `json:"ballots"`
	Suppressed bool         `json:"suppressed,omitempty"`
	Cadres     []CadreTally `json:"cadres,omitempty"`
}

// Count tallies ballots under c. Comments are collected in the order of
// the ballots given (the store gives them by random id).
func Count(c *Config, ballots []*Ballot) *Tally {
	t := count(c, ballots, true)
	if len(c.Classes) > 0 {
		k := c.K
		if k <= 0 {
			k = DefaultK
		}
		for _, cl := range c.Classes {
			var mine []*Ballot
			for _, b := range ballots {
				if b.Class == cl.Name {
					mine = append(mine, b)
				}
			}
			ct := ClassTally{Class: cl.Name, Ballots: len(mine)}
			if len(mine) < k {
				ct.Suppressed = true
			} else {
				ct.Cadres = count(c, mine, false).Cadres
			}
			t.Classes = append(t.Classes, ct)
		}
	}
	return t
}

func count(c *Config, ballots []*Ballot, comments bool) *Tally {
	t := &Tally{Ballots: len(ballots)}
	for ci, cd := range c.Cadres {
		ct := CadreTally{Cadre: cd}
		for ii, item := range c.Items {
			it := ItemTally{Item: item, Counts: make([]int, len(c.Scale)), Percents: make([]float64, len(c.Scale))}
			var sum, weights float64
			for _, b := range ballots {
				if ci >= len(b.Ratings) || ii >= len(b.Ratings[ci]) {
					continue
				}
				g := b.Ratings[ci][ii]
				if g < 0 || g >= len(c.Scale) {
					continue
				}
				it.Counts[g]++
				w := c.ClassWeight(b.Class)
				sum += w * c.Scale[g].Weight
				weights += w
			}
			for g, n := range it.Counts {
				if len(ballots) > 0 {
					it.Percents[g] = round(100*float64(n)/float64(len(ballots)), 1)
				}
			}
			if weights > 0 {
				it.Score = round(sum/weights, 2)
			}
			ct.Items = append(ct.Items, it)
			ct.Score += it.Score
		}
		if len(ct.Items) > 0 {
			ct.Score = round(ct.Score/float64(len(ct.Items)), 2)
		}
		if comments {
			for _, b := range ballots {
				if ci < len(b.Comments) && b.Comments[ci] != "" {
					ct.Comments = append(ct.Comments, b.Comments[ci])
				}
			}
			sort.Strings(ct.Comments) // order of ballots must not show through
		}
		t.Cadres = append(t.Cadres, ct)
	}
	rank(t.Cadres)
	return t
}

// rank gives 1 to the best score; equal scores share a rank (1, 1, 3).
func rank(cs []CadreTally) {
	for i := range cs {
		r := 1
		for j := range cs {
			if cs[j].Score > cs[i].Score {
				r++
			}
		}
		cs[i].Rank = r
	}
}

func round(x float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}
