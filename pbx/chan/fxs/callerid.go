package fxs

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
	"github.com/hookflash/firmware/pbx/store"
)

// callerIDLen is the longest number or name a caller ID message carries.
const callerIDLen = 20

// bell202 is Bell 202 on-hook transmission (Telcordia GR-30-CORE): channel
// seizure and mark as ETSI's, at -13 dBm0.
var bell202 = dsp.FSKModOpts{Standard: dsp.Bell202, DBm0: -13, SeizureBits: 300, MarkBits: 180}

// callerIDSeq returns the caller ID sequence that rings the phone for a
// call from from as the port is set, or nil when the port sends no caller
// ID.
func (p *port) callerIDSeq(cfg *portConfig, from call.Party, now time.Time) (*dsp.CLIPSequencer, error) {
	var (
		so   dsp.CLIPSeqOpts
		data []int16
		err  error
	)
	switch cfg.callerID {
	case store.CallerIDETSIBeforeRing:
		so = dsp.DefaultCLIPBeforeRing
		data, err = fskBurst(&dsp.DefaultFSKModOpts, p.callerID(from, now))
	case store.CallerIDETSIAfterRing:
		so = dsp.DefaultCLIPAfterFirstRing
		data, err = fskBurst(&dsp.DefaultFSKModOpts, p.callerID(from, now))
	case store.CallerIDBell202:
		so = dsp.DefaultCLIPAfterFirstRing
		data, err = fskBurst(&bell202, p.callerID(from, now))
	case store.CallerIDDTMF:
		so = dsp.DefaultDTMFCLIPBeforeRing
		data, err = dtmfBurst(from)
	default:
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return dsp.NewCLIPSequencer(&so, data, cadenceMs(cfg.ringing.Cadence))
}

// callerID is the caller ID message of a call from from: the time, the
// number and the name (the party's, else its extension's), or the reasons
// for their absence.
func (p *port) callerID(from call.Party, now time.Time) dsp.CallerID {
	m := dsp.CallerID{Time: now.Format("01021504"), CallType: 0}
	if from.Restricted {
		m.NumberAbsent, m.NameAbsent = 'P', 'P'
		return m
	}
	m.Number = clip(from.Number)
	if m.Number == "" {
		m.NumberAbsent = 'O'
	}
	name := from.Name
	if name == "" && from.Number != "" {
		name = p.c.conf.Load().names[from.Number]
	}
	m.Name = clip(name)
	return m
}

// clip cuts s to callerIDLen bytes at a character boundary.
func clip(s string) string {
	if len(s) <= callerIDLen {
		return s
	}
	s = s[:callerIDLen]
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

// fskBurst modulates m as an MDMF message.
func fskBurst(o *dsp.FSKModOpts, m dsp.CallerID) ([]int16, error) {
	frame, err := m.AppendMDMF(nil)
	if err != nil {
		return nil, err
	}
	return fskFrame(o, frame)
}

// fskFrame modulates a caller ID layer frame.
func fskFrame(o *dsp.FSKModOpts, frame []byte) ([]int16, error) {
	data := make([]int16, dsp.FSKBurstLen(o, len(frame)))
	_, err := dsp.FSKModulate(data, o, frame)
	return data, err
}

// dtmfBurst is the DTMF caller ID (A<number>C form) of a call from from.
func dtmfBurst(from call.Party) ([]int16, error) {
	m := dsp.DTMFCallerID{Number: strings.TrimPrefix(from.Number, "+")}
	if from.Restricted {
		m.Number, m.Absent = "", 'P'
	} else if m.Number == "" || strings.Trim(m.Number, "0123456789") != "" {
		m.Number, m.Absent = "", 'O'
	}
	digits, err := m.Digits(dsp.DTMFCLIPA)
	if err != nil {
		return nil, err
	}
	o := dsp.DefaultDTMFCLIPGenOpts
	g, err := dsp.NewDTMFGen(&o)
	if err != nil {
		return nil, err
	}
	if err := g.Send(digits); err != nil {
		return nil, err
	}
	data := make([]int16, dsp.DTMFCLIPBurstLen(len(digits), &o))
	g.Generate(data)
	return data, nil
}

// cadenceMs returns a ringing cadence in ms, as dsp takes it.
func cadenceMs(c []time.Duration) dsp.Cadence {
	out := make(dsp.Cadence, len(c))
	for i, d := range c {
		out[i] = int(d / time.Millisecond)
	}
	return out
}
