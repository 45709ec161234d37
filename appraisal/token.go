package appraisal

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// The token alphabet is Crockford's base32: digits and letters without I,
// L, O and U, so no two characters look alike on a slip. A token is 20 of
// them (100 bits) printed in five groups of four.
const (
	alphabet    = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	TokenChars  = 20
	groupLength = 4
)

// NewToken returns a fresh one-time token, grouped for printing:
// "7KQM-2H9X-…". It reads crypto/rand, which does not fail.
func NewToken() string {
	var raw [TokenChars]byte
	rand.Read(raw[:])
	var b strings.Builder
	for i, r := range raw {
		if i > 0 && i%groupLength == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(alphabet[r&31]) // 256 is a multiple of 32: no bias
	}
	return b.String()
}

// NormaliseToken reads what a voter typed or scanned: case, spaces,
// hyphens and full-width characters do not matter, and the look-alikes I
// and L read as 1, O as 0 and U as V, as Crockford's rules say. It returns
// the 20 characters without grouping, and false if they are not a token.
func NormaliseToken(s string) (string, bool) {
	var b strings.Builder
	for _, r := range s {
		if r >= 'Ａ' && r <= 'ｚ' || r >= '０' && r <= '９' {
			r -= 'Ａ' - 'A' // full-width forms, as a Chinese input method types them
		}
		switch {
		case r == ' ' || r == '-' || r == '\u3000' || r == '\t' || r == '—' || r == '－' || r == '_':
			continue
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		}
		switch r {
		case 'I', 'L':
			r = '1'
		case 'O':
			r = '0'
		case 'U':
			r = 'V'
		}
		if r > 127 || !strings.ContainsRune(alphabet, r) {
			return "", false
		}
		b.WriteRune(r)
	}
	if b.Len() != TokenChars {
		return "", false
	}
	return b.String(), true
}

// GroupToken prints a normalised token in groups of four.
func GroupToken(t string) string {
	var b strings.Builder
	for i, r := range t {
		if i > 0 && i%groupLength == 0 {
			b.WriteByte('-')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// NewKey returns a fresh per-appraisal key for TokenHash.
func NewKey() []byte {
	k := make([]byte, 32)
	rand.Read(k)
	return k
}

// TokenHash is what the server keeps of a token: HMAC-SHA-256 under the
// appraisal's key of the normalised token, in hex. The token has 100 bits,
// so the hash cannot be reversed by trying tokens even with the key.
func TokenHash(key []byte, token string) string {
	n, ok := NormaliseToken(token)
	if !ok {
		n = token
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(n))
	return hex.EncodeToString(m.Sum(nil))
}
