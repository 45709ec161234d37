package diff

// This file is the sequence diff under both levels: Myers' O(ND) algorithm
// in its linear-space form (the "middle snake" of Myers 1986, §4b, as
// diff-match-patch implements it), generic over the element type so the
// same code aligns paragraphs (as ids), runes and clauses.
//
// The work is bounded. Every step of the search spends one unit of a
// budget shared by all the calls of one diff; once it is spent, a
// sub-problem still unsolved is reported as "delete all of a, insert all of
// b". The result is then less minimal, never wrong: both sequences are
// still rebuilt exactly from it.

// edit is one run of an edit script: n elements kept, deleted or inserted.
type edit struct {
	kind Kind // Equal, Delete or Insert
	n    int
}

// budget is the work one diff may do; spent reports that it ran out.
type budget struct {
	left  int
	spent bool
}

// take spends n units and reports whether the budget still had them.
func (b *budget) take(n int) bool {
	b.left -= n
	if b.left < 0 {
		b.spent = true
		return false
	}
	return true
}

// sequence returns the edit script turning a into b.
func sequence[T comparable](a, b []T, bud *budget) []edit {
	var out []edit
	diffRec(a, b, bud, &out)
	return out
}

// push appends a run, joining it to the previous run of the same kind.
func push(out *[]edit, k Kind, n int) {
	if n == 0 {
		return
	}
	if l := len(*out); l > 0 && (*out)[l-1].kind == k {
		(*out)[l-1].n += n
		return
	}
	*out = append(*out, edit{k, n})
}

func diffRec[T comparable](a, b []T, bud *budget, out *[]edit) {
	// Common prefix and suffix cost one comparison each and shrink every
	// sub-problem the bisection leaves.
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	push(out, Equal, p)
	a, b = a[p:], b[p:]
	s := 0
	for s < len(a) && s < len(b) && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	a, b = a[:len(a)-s], b[:len(b)-s]
	switch {
	case len(a) == 0:
		push(out, Insert, len(b))
	case len(b) == 0:
		push(out, Delete, len(a))
	default:
		if x, y, ok := bisect(a, b, bud); ok {
			diffRec(a[:x], b[:y], bud, out)
			diffRec(a[x:], b[y:], bud, out)
		} else {
			push(out, Delete, len(a))
			push(out, Insert, len(b))
		}
	}
	push(out, Equal, s)
}

// bisect finds the middle snake of a and b (neither empty, no common prefix
// or suffix) and returns where to split them. ok is false when a and b have
// nothing in common or the budget ran out.
func bisect[T comparable](a, b []T, bud *budget) (x, y int, ok bool) {
	n, m := len(a), len(b)
	maxD := (n + m + 1) / 2
	off := maxD
	size := 2*maxD + 2
	if !bud.take(size) { // the two vectors are work too
		return 0, 0, false
	}
	v1 := make([]int, size)
	v2 := make([]int, size)
	for i := range v1 {
		v1[i], v2[i] = -1, -1
	}
	v1[off+1], v2[off+1] = 0, 0
	delta := n - m
	// With an odd delta the forward path meets the reverse one; with an
	// even delta, the reverse meets the forward.
	front := delta%2 != 0
	k1start, k1end, k2start, k2end := 0, 0, 0, 0
	for d := 0; d < maxD; d++ {
		if !bud.take(2*d + 1) {
			return 0, 0, false
		}
		for k1 := -d + k1start; k1 <= d-k1end; k1 += 2 {
			i := off + k1
			var x1 int
			if k1 == -d || (k1 != d && v1[i-1] < v1[i+1]) {
				x1 = v1[i+1]
			} else {
				x1 = v1[i-1] + 1
			}
			y1 := x1 - k1
			start := x1
			for x1 < n && y1 < m && a[x1] == b[y1] {
				x1++
				y1++
			}
			if !bud.take(x1 - start) {
				return 0, 0, false
			}
			v1[i] = x1
			switch {
			case x1 > n:
				k1end += 2 // ran off the right of the grid
			case y1 > m:
				k1start += 2 // ran off the bottom
			case front:
				if j := off + delta - k1; j >= 0 && j < size && v2[j] != -1 {
					if x2 := n - v2[j]; x1 >= x2 {
						return x1, y1, true
					}
				}
			}
		}
		for k2 := -d + k2start; k2 <= d-k2end; k2 += 2 {
			i := off + k2
			var x2 int
			if k2 == -d || (k2 != d && v2[i-1] < v2[i+1]) {
				x2 = v2[i+1]
			} else {
				x2 = v2[i-1] + 1
			}
			y2 := x2 - k2
			start := x2
			for x2 < n && y2 < m && a[n-x2-1] == b[m-y2-1] {
				x2++
				y2++
			}
			if !bud.take(x2 - start) {
				return 0, 0, false
			}
			v2[i] = x2
			switch {
			case x2 > n:
				k2end += 2
			case y2 > m:
				k2start += 2
			case !front:
				if j := off + delta - k2; j >= 0 && j < size && v1[j] != -1 {
					x1 := v1[j]
					y1 := off + x1 - j
					if x1 >= n-x2 {
						return x1, y1, true
					}
				}
			}
		}
	}
	return 0, 0, false
}
