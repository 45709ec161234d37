package similar

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// encodingMagic starts an encoded index; the last byte is the format
// version, raised whenever the layout or the normalisation changes (an
// index from another version must be rebuilt, not read).
const encodingMagic = "qlsim\x00\x00\x02"

// ErrFormat is returned by Decode for data that is not an index of this
// version.
var ErrFormat = errors.New("similar: not an encoded index of this version")

// Encode writes the index to w: documents, paragraphs, their normalised
// text and the postings, little-endian, in one pass. Removed documents are
// left out. A server keeps the bytes in a file or a database row and
// Decodes them at start instead of re-adding every report.
func (ix *Index) Encode(w io.Writer) error {
	ix.mu.Lock()
	ix.seal()
	for len(ix.segs) > 1 {
		a, b := ix.segs[len(ix.segs)-2], ix.segs[len(ix.segs)-1]
		ix.segs = append(ix.segs[:len(ix.segs)-2], mergeSorted(a, b))
	}
	ix.mu.Unlock()
	ix.mu.RLock()
	defer ix.mu.RUnlock()

	bw := bufio.NewWriterSize(w, 1<<20)
	e := encoder{w: bw}
	e.bytes([]byte(encodingMagic))
	// Documents renumbered without the removed ones.
	newDoc := make([]int32, len(ix.docs))
	e.u64(uint64(ix.live))
	n := int32(0)
	for i, d := range ix.docs {
		newDoc[i] = -1
		if d.removed {
			continue
		}
		newDoc[i] = n
		n++
		e.str(d.meta.ID)
		e.str(d.meta.Owner)
		e.str(d.meta.Unit)
		e.u64(uint64(int64(d.meta.Year)))
		e.str(string(d.meta.Kind))
	}
	newPara := make([]int32, len(ix.paras))
	kept := 0
	for i, p := range ix.paras {
		newPara[i] = -1
		if newDoc[p.doc] >= 0 {
			newPara[i] = int32(kept)
			kept++
		}
	}
	e.u64(uint64(kept))
	for _, p := range ix.paras {
		if newDoc[p.doc] < 0 {
			continue
		}
		e.u64(uint64(newDoc[p.doc]))
		e.u64(uint64(p.index))
		e.u64(uint64(p.grams))
		e.u64(uint64(p.fps))
		t := ix.paraText(&p)
		e.u64(uint64(len(t)))
		for _, u := range t {
			e.u16(u)
		}
	}
	var postings []uint64
	if len(ix.segs) == 1 {
		postings = ix.segs[0]
	}
	live := 0
	for _, v := range postings {
		if newPara[uint32(v)] >= 0 {
			live++
		}
	}
	e.u64(uint64(live))
	for _, v := range postings {
		if np := newPara[uint32(v)]; np >= 0 {
			e.fixed64(v&^0xFFFFFFFF | uint64(np))
		}
	}
	if e.err != nil {
		return e.err
	}
	return bw.Flush()
}

// Decode reads an index written by Encode.
func Decode(r io.Reader) (*Index, error) {
	d := decoder{r: bufio.NewReaderSize(r, 1<<20)}
	magic := make([]byte, len(encodingMagic))
	if _, err := io.ReadFull(d.r, magic); err != nil || string(magic) != encodingMagic {
		return nil, ErrFormat
	}
	ix := NewIndex()
	nd := d.count(math.MaxInt32)
	ix.docs = make([]docEntry, 0, nd)
	for i := 0; i < nd && d.err == nil; i++ {
		m := Meta{ID: d.str(), Owner: d.str(), Unit: d.str(), Year: int(int64(d.u64())), Kind: Kind(d.str())}
		if _, dup := ix.byID[m.ID]; dup {
			return nil, fmt.Errorf("%w: document %q twice", ErrFormat, m.ID)
		}
		ix.byID[m.ID] = int32(i)
		ix.docs = append(ix.docs, docEntry{meta: m})
	}
	ix.live = nd
	np := d.count(math.MaxInt32)
	ix.paras = make([]para, 0, np)
	var buf []uint16
	for i := 0; i < np && d.err == nil; i++ {
		doc, index, grams, nfps := d.u64(), d.u64(), d.u64(), d.u64()
		n := d.count(math.MaxInt32)
		if doc >= uint64(nd) {
			return nil, fmt.Errorf("%w: paragraph of document %d", ErrFormat, doc)
		}
		buf = d.units(buf[:0], n)
		ix.addPara(int32(doc), prepPara{index: int(index), text: buf, grams: int(grams), nfps: int(nfps)})
	}
	npost := d.count(math.MaxInt32 * 4)
	post := make([]uint64, 0, min(npost, 1<<24))
	prev := uint64(0)
	for i := 0; i < npost && d.err == nil; i++ {
		v := d.fixed64()
		if v < prev || uint32(v) >= uint32(len(ix.paras)) {
			return nil, fmt.Errorf("%w: postings out of order", ErrFormat)
		}
		prev = v
		post = append(post, v)
	}
	if d.err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, d.err)
	}
	if len(post) > 0 {
		ix.segs = [][]uint64{post}
	}
	return ix, nil
}

type encoder struct {
	w   *bufio.Writer
	err error
	b   [binary.MaxVarintLen64]byte
}

func (e *encoder) bytes(b []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(b)
	}
}
func (e *encoder) u64(v uint64) { e.bytes(binary.AppendUvarint(e.b[:0], v)) }
func (e *encoder) u16(v uint16) { e.bytes(binary.LittleEndian.AppendUint16(e.b[:0], v)) }
func (e *encoder) fixed64(v uint64) {
	e.bytes(binary.LittleEndian.AppendUint64(e.b[:0], v))
}
func (e *encoder) str(s string) {
	e.u64(uint64(len(s)))
	if e.err == nil {
		_, e.err = e.w.WriteString(s)
	}
}

type decoder struct {
	r   *bufio.Reader
	err error
	b   [8]byte
}

func (d *decoder) u64() uint64 {
	if d.err != nil {
		return 0
	}
	v, err := binary.ReadUvarint(d.r)
	d.err = err
	return v
}

// count reads a length and refuses one above limit, so corrupt data cannot
// make Decode allocate without bound.
func (d *decoder) count(limit int) int {
	v := d.u64()
	if v > uint64(limit) {
		d.err = fmt.Errorf("length %d", v)
		return 0
	}
	return int(v)
}

// units appends n little-endian 16-bit units to dst.
func (d *decoder) units(dst []uint16, n int) []uint16 {
	for n > 0 && d.err == nil {
		k := min(n, d.r.Size()/2)
		var b []byte
		b, d.err = d.r.Peek(2 * k)
		for i := 0; i+1 < len(b); i += 2 {
			dst = append(dst, binary.LittleEndian.Uint16(b[i:]))
		}
		d.r.Discard(len(b) &^ 1)
		n -= len(b) / 2
	}
	return dst
}

func (d *decoder) fixed64() uint64 {
	if d.err != nil {
		return 0
	}
	_, d.err = io.ReadFull(d.r, d.b[:8])
	return binary.LittleEndian.Uint64(d.b[:8])
}

func (d *decoder) str() string {
	n := d.count(1 << 20)
	if d.err != nil {
		return ""
	}
	b := make([]byte, n)
	_, d.err = io.ReadFull(d.r, b)
	return string(b)
}
