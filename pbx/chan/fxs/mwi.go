package fxs

import (
	"github.com/hookflash/firmware/drivers/fxs"
	"github.com/hookflash/firmware/pbx/dsp"
	"github.com/hookflash/firmware/pbx/store"
)

// mwiLead is what precedes MWI data on an ETSI line (EN 300 659-1, data
// not associated with ringing: line reversal, then DT-AS, then the data;
// the times are those of dsp.DefaultCLIPBeforeRing).
var mwiLead = dsp.Tone{Steps: []dsp.Step{
	{Ms: 150}, {Hz: []float64{2130, 2750}, Ms: 100}, {Ms: 100},
}, DBm0: -15, Once: true}

// setMessageWaiting records the indication and tells the phone when it is
// idle.
func (p *port) setMessageWaiting(on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mwi = on
	if p.state == stateIdle && p.mwi != p.mwiShown && !p.stopped {
		p.sendMWI()
	}
}

// sendMWI sends the MWI message on-hook: with line reversal and DT-AS as
// ETSI asks, or straight in on-hook transmission on a Bell 202 port. Fax
// ports get none. p.mu is held and the port is idle.
func (p *port) sendMWI() {
	cfg := p.current()
	if cfg.fax {
		p.mwiShown = p.mwi
		return
	}
	on := p.mwi
	o, lf := &dsp.DefaultFSKModOpts, fxs.ReverseOHT
	var lead []int16
	if cfg.callerID == store.CallerIDBell202 {
		o, lf = &bell202, fxs.ForwardOHT
	} else {
		g, err := dsp.NewToneGen(mwiLead)
		if err != nil {
			p.log.Error("fxs: message waiting", "err", err)
			return
		}
		lead = make([]int16, mwiLead.Period()*dsp.SampleRate/1000)
		g.Generate(lead)
	}
	// The message waiting indicator message (ETSI EN 300 659-3 type 0x82,
	// Telcordia MDMF VMWI) with only the visual indicator.
	msg := dsp.CallerID{MessageWaiting: dsp.MWIOff}
	if on {
		msg.MessageWaiting = dsp.MWIOn
	}
	frame, err := msg.AppendMWI(nil)
	if err != nil {
		p.log.Error("fxs: message waiting", "err", err)
		return
	}
	data, err := fskFrame(o, frame)
	if err != nil {
		p.log.Error("fxs: message waiting", "err", err)
		return
	}
	p.setLinefeed(lf)
	p.state = stateMWI
	p.media.stop()
	p.media.burst = append(lead, data...)
	p.media.burstDone = func() {
		p.mwiShown = on
		p.enterIdle() // feeds the line, and sends again if it changed meanwhile
	}
}
