package main

import (
	"context"
	"math"
	"regexp"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/chan/sip/sipauth"
	"github.com/hookflash/firmware/pbx/lab"
	"github.com/hookflash/firmware/pbx/store"
)

// sipAndAnalogOffice is 101 Alice on FXS port 1, 103 Carol on FXS port 3
// (Russian ports) and 102 as a SIP phone; the box challenges with MD5
// only, for baresip (see TestE2EBaresip).
func sipAndAnalogOffice(ctx context.Context, st *store.Store) error {
	if err := st.PutSetting(ctx, sipauth.AlgorithmsSetting, []string{sipauth.MD5}); err != nil {
		return err
	}
	for _, x := range []struct {
		number, name string
		port         int
	}{{"101", "Alice", 1}, {"103", "Carol", 3}} {
		e := store.Extension{Number: x.number, Name: x.name, OnDuty: true, Outbound: store.OutboundInternal}
		if err := st.Extensions().Create(ctx, &e); err != nil {
			return err
		}
		p := store.FXSPort{Port: x.port, ExtensionID: &e.ID, Mode: store.FXSVoice, CallerID: store.CallerIDETSIAfterRing, Country: "RU", EchoCancel: true}
		if err := st.FXSPorts().Create(ctx, &p); err != nil {
			return err
		}
	}
	return addPhone(ctx, st, "102", store.OutboundInternal)
}

// TestE2ESIPHoldAndTransfer: an analog phone (FXS port 1, 101) calls
// baresip on 102, which answers and sends a 1 kHz tone. baresip puts the
// call on hold (re-INVITE a=sendonly): the analog phone hears the box's
// music on hold instead of the tone; baresip resumes and the tone is
// back. baresip then transfers the analog caller to 103 (REFER, blind):
// 101 hears ringback, FXS port 3 rings showing 101, answers, and 101 and
// 103 talk both ways. The lab phones' ears measure every step.
func TestE2ESIPHoldAndTransfer(t *testing.T) {
	t.Parallel()
	needTool(t, "baresip", "baresip-core")
	modules := baresipModules(t)
	b := startLabBox(t, sipAndAnalogOffice)
	src := writeWAV(t, "tone.wav", tone(t, 1000, -10, 50*time.Second))
	phone := startBaresip(t, b.box, "102", src, modules)
	b.waitLog(t, "102 to register", regexp.MustCompile(`msg="sip: registered" part=sip device=102 `), 10*time.Second)

	hearsTone := func(p lab.PhoneState) bool { return p.ToneHz != nil && math.Abs(*p.ToneHz-1000) < 5 }
	b.act(t, "phones/fxs1/offhook", nil)
	b.waitPhone(t, "fxs1", "dial tone", 5*time.Second, func(p lab.PhoneState) bool { return p.Hears == lab.HearsDial })
	b.act(t, "phones/fxs1/dial", map[string]string{"digits": "102", "mode": "dtmf"})
	phone.ctl.waitEvent(t, "CALL_ESTABLISHED", 15*time.Second)
	b.waitPhone(t, "fxs1", "102's 1 kHz tone", 5*time.Second, hearsTone)

	phone.ctl.send(t, "hold", "")
	b.waitPhone(t, "fxs1", "music on hold", 5*time.Second, onHoldMusic)
	phone.ctl.send(t, "resume", "")
	b.waitPhone(t, "fxs1", "102's tone again after the resume", 5*time.Second, hearsTone)

	phone.ctl.send(t, "transfer", "sip:103@"+b.sip)
	phone.ctl.waitEvent(t, "CALL_CLOSED", 10*time.Second)
	ringback := func(p lab.PhoneState) bool { return p.ToneHz != nil && math.Abs(*p.ToneHz-425) < 5 }
	b.waitPhone(t, "fxs1", "ringback while 103 rings", 6*time.Second, ringback)
	carol := b.waitPhone(t, "fxs3", "ringing with caller ID", 15*time.Second, func(p lab.PhoneState) bool {
		return p.Ringing && p.CallerID != nil
	})
	if carol.CallerID.Number != "101" {
		t.Errorf("fxs3 shows caller ID %+v; want 101, who is transferred", *carol.CallerID)
	}
	b.act(t, "phones/fxs3/offhook", nil)
	b.talkThenHangUp(t, "fxs1", "fxs3")

	r := b.waitRecords(t, 1)[0]
	if r.Source != "fxs/1" || r.Destination != "fxs/3" || r.AnsweredAt.IsZero() {
		t.Errorf("call record %s; want from fxs/1, ending at fxs/3, answered", describe(r))
	}
}

// TestE2EAnalogTransfersSIPCaller: baresip on 102 calls the analog phone
// on 101 (FXS port 1), which hook-flashes, dials 103 and hangs up while it
// rings (a blind transfer); FXS port 3 answers, hears baresip's 1500 Hz
// hum and sends a 1 kHz tone. What baresip heard, measured in its
// recording: the box's music on hold while 101 dialled, then the tone
// from 103 at its level.
func TestE2EAnalogTransfersSIPCaller(t *testing.T) {
	t.Parallel()
	needTool(t, "baresip", "baresip-core")
	modules := baresipModules(t)
	b := startLabBox(t, sipAndAnalogOffice)
	phone := startBaresip(t, b.box, "102", writeWAV(t, "hum.wav", tone(t, 1500, -20, 40*time.Second)), modules)
	b.waitLog(t, "102 to register", regexp.MustCompile(`msg="sip: registered" part=sip device=102 `), 10*time.Second)

	phone.ctl.send(t, "dial", "sip:101@"+b.sip)
	b.waitPhone(t, "fxs1", "ringing", 15*time.Second, func(p lab.PhoneState) bool { return p.Ringing })
	b.act(t, "phones/fxs1/offhook", nil)
	phone.ctl.waitEvent(t, "CALL_ESTABLISHED", 10*time.Second)

	b.act(t, "phones/fxs1/flash", map[string]int{"ms": 300})
	b.waitPhone(t, "fxs1", "the second dial tone", 5*time.Second, func(p lab.PhoneState) bool { return p.Hears == lab.HearsDial })
	time.Sleep(2 * time.Second) // 101 holds this long before it dials: the music for baresip to record
	b.act(t, "phones/fxs1/dial", map[string]string{"digits": "103", "mode": "dtmf"})
	b.waitPhone(t, "fxs3", "ringing", 15*time.Second, func(p lab.PhoneState) bool { return p.Ringing })
	b.act(t, "phones/fxs1/onhook", nil)
	b.act(t, "phones/fxs3/offhook", nil)
	b.waitPhone(t, "fxs3", "102's 1500 Hz, once the box joined them", 5*time.Second, func(p lab.PhoneState) bool {
		return p.ToneHz != nil && math.Abs(*p.ToneHz-1500) < 5
	})
	b.act(t, "phones/fxs3/tone", map[string]any{"hz": 1000, "dbm0": -10, "ms": 1500})
	b.waitPhone(t, "fxs3", "its tone", 5*time.Second, func(p lab.PhoneState) bool { return p.Dialling })
	b.waitPhone(t, "fxs3", "the end of its tone", 10*time.Second, func(p lab.PhoneState) bool { return !p.Dialling })
	phone.ctl.send(t, "hangup", "")
	phone.ctl.waitEvent(t, "CALL_CLOSED", 10*time.Second)

	heard := phone.heard(t)
	music := 0
	for _, hz := range []float64{493.88, 523.25, 587.33, 659.25, 783.99} {
		ms, _ := toneHeard(heard, hz)
		music += ms
	}
	ms, level := toneHeard(heard, 1000)
	t.Logf("102 heard %d ms of the music's notes and 103's 1 kHz for %d ms at %.1f dBm0", music, ms, level)
	if music < 500 {
		t.Errorf("102 heard %d ms of music on hold while 101 dialled; want at least 500 ms", music)
	}
	if ms < 1200 || math.Abs(level-(-10)) > 1 {
		t.Errorf("102 heard 103's 1 kHz for %d ms at %.1f dBm0; want at least 1200 ms of the 1500 sent at -10 dBm0 ± 1 dB", ms, level)
	}
}
