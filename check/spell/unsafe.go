package spell

import "unsafe"

// unsafeString views b as a string; the detector never changes the blob it
// indexes after loading, so the view stays valid.
func unsafeString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
