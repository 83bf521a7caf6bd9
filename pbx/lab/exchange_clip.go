package lab

import (
	"strings"
	"time"

	"github.com/hookflash/firmware/pbx/dsp"
)

// Caller ID formats an exchange sends.
const (
	// CLIPFSK is ETSI EN 300 659-1 FSK (V.23, MDMF) between the first and
	// the second ring.
	CLIPFSK = "fsk"
	// CLIPDTMF is DTMF caller ID (A<number>C) before the first ring, after a
	// polarity reversal.
	CLIPDTMF = "dtmf"
	// CLIPNone rings without caller ID.
	CLIPNone = "none"
)

// RingRequest is an incoming call the exchange offers an FXO line.
type RingRequest struct {
	// CallerID is the caller's number ("+" and digits); "" withholds it.
	CallerID string `json:"caller_id"`
	// Name is the caller's name (FSK only).
	Name string `json:"name"`
	// Format is CLIPFSK (the default), CLIPDTMF or CLIPNone.
	Format string `json:"format"`
}

// validNumber reports whether s is a phone number the exchange can send:
// an optional "+" and 1 to 20 digits.
func validNumber(s string) bool {
	d := strings.TrimPrefix(s, "+")
	return len(d) >= 1 && len(d) <= 20 && strings.Trim(d, "0123456789") == ""
}

// clipSequence builds the caller ID sequence of r with the ring cadence of
// plan: the data burst and its sequencer, or nil for CLIPNone.
func clipSequence(r RingRequest, plan *dsp.TonePlan, now time.Time) (*dsp.CLIPSequencer, error) {
	if r.CallerID != "" && !validNumber(r.CallerID) {
		return nil, invalid("caller_id", "caller ID %q: want a number such as +74951234567", r.CallerID)
	}
	if len(r.Name) > 50 {
		return nil, invalid("name", "caller name of %d bytes: want at most 50", len(r.Name))
	}
	ring := dsp.Cadence(plan.Ring)
	switch r.Format {
	case CLIPFSK, "":
		c := dsp.CallerID{Time: now.Format("01021504"), Number: r.CallerID, Name: r.Name, CallType: 1}
		if r.CallerID == "" {
			c.NumberAbsent = 'P'
		}
		frame, err := c.AppendMDMF(nil)
		if err != nil {
			return nil, invalid("name", "caller ID message: %v", err)
		}
		data := make([]int16, dsp.FSKBurstLen(&dsp.DefaultFSKModOpts, len(frame)))
		if _, err := dsp.FSKModulate(data, &dsp.DefaultFSKModOpts, frame); err != nil {
			return nil, invalid("caller_id", "caller ID burst: %v", err)
		}
		return newSequencer(&dsp.DefaultCLIPAfterFirstRing, data, ring)
	case CLIPDTMF:
		if r.Name != "" {
			return nil, invalid("name", "DTMF caller ID carries no name; use the fsk format")
		}
		c := dsp.DTMFCallerID{Number: strings.TrimPrefix(r.CallerID, "+")}
		if c.Number == "" {
			c.Absent = 'P'
		}
		digits, err := c.Digits(dsp.DTMFCLIPA)
		if err != nil {
			return nil, invalid("caller_id", "DTMF caller ID: %v", err)
		}
		g, err := dsp.NewDTMFGen(&dsp.DefaultDTMFCLIPGenOpts)
		if err != nil {
			return nil, err
		}
		if err := g.Send(digits); err != nil {
			return nil, invalid("caller_id", "DTMF caller ID: %v", err)
		}
		data := make([]int16, dsp.DTMFCLIPBurstLen(len(digits), &dsp.DefaultDTMFCLIPGenOpts))
		g.Generate(data)
		return newSequencer(&dsp.DefaultDTMFCLIPBeforeRing, data, ring)
	case CLIPNone:
		return nil, nil
	}
	return nil, invalid("format", "caller ID format %q: want %q, %q or %q", r.Format, CLIPFSK, CLIPDTMF, CLIPNone)
}

func newSequencer(o *dsp.CLIPSeqOpts, data []int16, ring dsp.Cadence) (*dsp.CLIPSequencer, error) {
	s, err := dsp.NewCLIPSequencer(o, data, ring)
	if err != nil {
		return nil, invalid("caller_id", "caller ID sequence: %v", err)
	}
	return s, nil
}

// firstRingMs returns how long the first ring of a sequence lasts (the
// CLIPRing step), or 0 when it rings straight into the cadence.
func firstRingMs(s *dsp.CLIPSequencer) int {
	for _, st := range s.Steps() {
		if st.Action == dsp.CLIPRing {
			return st.Ms
		}
	}
	return 0
}
