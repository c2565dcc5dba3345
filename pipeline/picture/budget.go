package picture

import (
	"encoding/binary"
	"fmt"
)

// Decode budgets, checked on an image's bytes before it is decoded: what a
// decoder does is bounded by the pixels for most files, but a progressive
// JPEG is decoded again, whole, for every scan it has, and a file of 740
// kB with thousands of scans took minutes.
const (
	// MaxJPEGScans bounds the scans of one JPEG; encoders write 1
	// (baseline) or about 10 (progressive).
	MaxJPEGScans = 1000
	// MaxJPEGScanPixels bounds scans × pixels: ten scans of a 64
	// megapixel photo are 640 million.
	MaxJPEGScanPixels = 2_000_000_000
)

// BudgetError is an image that is valid but costs more to decode than a
// build allows.
type BudgetError struct{ Msg string }

func (e *BudgetError) Error() string { return e.Msg }

// CheckBudget returns a *BudgetError when decoding data, an image file of
// the media type given, would cost more than the budgets allow, and nil
// otherwise (also for data it cannot read: the decoder reports that).
func CheckBudget(mediaType string, data []byte) error {
	if mediaType != "image/jpeg" {
		return nil
	}
	scans, w, h := jpegScans(data)
	if scans > MaxJPEGScans || int64(scans)*int64(w)*int64(h) > MaxJPEGScanPixels {
		return &BudgetError{fmt.Sprintf("it is a JPEG of %d scans of %d×%d pixels, more decoding than the limit of %d scans or %d million scan-pixels allows: save it as a baseline JPEG",
			scans, w, h, MaxJPEGScans, MaxJPEGScanPixels/1_000_000)}
	}
	return nil
}

// jpegScans counts the scans (SOS markers) of a JPEG file; w and h are
// from its frame header. It stops at the end of the image or at the first
// thing it cannot read, in time linear in the file (see jpegSegments).
func jpegScans(d []byte) (scans, w, h int) {
	if len(d) < 2 || d[0] != 0xFF || d[1] != 0xD8 {
		return 0, 0, 0
	}
	for s := range jpegSegments(d, false) {
		m := s.marker
		if 0xC0 <= m && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC && len(s.body) >= 5 {
			h, w = int(binary.BigEndian.Uint16(s.body[1:])), int(binary.BigEndian.Uint16(s.body[3:]))
		}
		if m == 0xDA {
			scans++
		}
	}
	return
}
