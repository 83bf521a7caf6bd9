package main

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
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
// 101 hears ringback, FXS port 3 rings showing 101 and answers, which ends
// baresip's call, and 101 and 103 talk both ways. The lab phones' ears measure every step.
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
	ringback := func(p lab.PhoneState) bool { return p.ToneHz != nil && math.Abs(*p.ToneHz-425) < 5 }
	b.waitPhone(t, "fxs1", "ringback while 103 rings", 6*time.Second, ringback)
	carol := b.waitPhone(t, "fxs3", "ringing with caller ID", 15*time.Second, func(p lab.PhoneState) bool {
		return p.Ringing && p.CallerID != nil
	})
	if carol.CallerID.Number != "101" {
		t.Errorf("fxs3 shows caller ID %+v; want 101, who is transferred", *carol.CallerID)
	}
	// 102 stays in the call until the transfer is done (RFC 5589 section
	// 6.1): 103's answer, told in the REFER's NOTIFY, ends its part.
	b.act(t, "phones/fxs3/offhook", nil)
	phone.ctl.waitEvent(t, "CALL_CLOSED", 10*time.Second)
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
	b.act(t, "phones/fxs3/tone", map[string]any{"hz": 1000, "dbm0": -10, "ms": 2000})
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
	// The hang-up follows the tone's end at once: the last few hundred ms
	// may still be on their way.
	if ms < 1200 || math.Abs(level-(-10)) > 1 {
		t.Errorf("102 heard 103's 1 kHz for %d ms at %.1f dBm0; want at least 1200 ms of the 2000 sent at -10 dBm0 ± 1 dB", ms, level)
	}
}

// TestE2ESIPAttendedTransfer: a SIP phone (sipp) talks to baresip on 101
// in one call and, from a second line (104), to baresip on 103 in
// another; it asks to join the two with a REFER carrying Replaces for the
// second dialog (RFC 3891). The box hangs up both of the phone's dialogs,
// and 103 hears 101's tone through the two calls; 103's hang-up ends 101's
// call too.
func TestE2ESIPAttendedTransfer(t *testing.T) {
	t.Parallel()
	needTool(t, "baresip", "baresip-core")
	needTool(t, "sipp", "sip-tester")
	modules := baresipModules(t)
	b := startBox(t, func(ctx context.Context, st *store.Store) error {
		if err := st.PutSetting(ctx, sipauth.AlgorithmsSetting, []string{sipauth.MD5}); err != nil {
			return err
		}
		for _, n := range []string{"101", "102", "103", "104"} {
			if err := addPhone(ctx, st, n, store.OutboundInternal); err != nil {
				return err
			}
		}
		return nil
	})
	first := startBaresip(t, b, "101", writeWAV(t, "tone.wav", tone(t, 1000, -10, 40*time.Second)), modules)
	second := startBaresip(t, b, "103", writeWAV(t, "quiet.wav", silence(40*time.Second)), modules)
	for _, n := range []string{"101", "103"} {
		b.waitLog(t, n+" to register", regexp.MustCompile(`msg="sip: registered" part=sip device=`+n+` `), 10*time.Second)
	}

	// The phone's second line calls 103 and stays until the box's BYE.
	line2 := registerPhone(t, b, "104").dial(t, "103", "wait", nil)
	second.ctl.waitEvent(t, "CALL_ESTABLISHED", 10*time.Second)
	// Its dialog, as the phone knows it: sipp's Call-ID and From tag, and
	// the box's To tag from the 200 OK it logged.
	pid := line2.cmd.Process.Pid
	callID, fromTag := fmt.Sprintf("1-%d@127.0.0.1", pid), fmt.Sprintf("%dC1", pid)
	okTag := regexp.MustCompile(`(?s)SIP/2.0 200 OK\r?\n.*?\nTo: [^\n]*;tag=([A-Za-z0-9.~_-]+)`)
	var toTag string
	waitUntil(t, "the 200 OK of 104's call in sipp's log", 10*time.Second, func() bool {
		data, _ := os.ReadFile(filepath.Join(line2.dir, "messages.log"))
		if m := okTag.FindSubmatch(data); m != nil {
			toTag = string(m[1])
		}
		return toTag != ""
	})

	line1 := registerPhone(t, b, "102")
	sf := scenario(t, "refer_call.xml", map[string]any{"From": "102", "ReferTo": "103",
		"Replaces": url.QueryEscape(callID + ";to-tag=" + toTag + ";from-tag=" + fromTag)})
	transferring := startSipp(t, "102 transfers", b.sip, "-sf", sf, "-m", "1", "-t", "u1", "-p", strconv.Itoa(line1.port),
		"-s", "101", "-au", "102", "-ap", phonePassword, "-mi", "127.0.0.1", "-mp", strconv.Itoa(freePorts(t, 4)))
	first.ctl.waitEvent(t, "CALL_ESTABLISHED", 10*time.Second)
	transferring.expect(t, 0) // 202, NOTIFY, and the box's BYE
	line2.expect(t, 0)        // the box's BYE on the second line

	time.Sleep(2 * time.Second) // 101 and 103 talk this long
	second.ctl.send(t, "hangup", "")
	second.ctl.waitEvent(t, "CALL_CLOSED", 10*time.Second)
	first.ctl.waitEvent(t, "CALL_CLOSED", 10*time.Second) // through the join

	ms, level := toneHeard(second.heard(t), 1000)
	t.Logf("103 heard 101's 1 kHz for %d ms at %.1f dBm0", ms, level)
	if ms < 1000 || math.Abs(level-(-10)) > 1 {
		t.Errorf("103 heard 101's 1 kHz for %d ms at %.1f dBm0; want at least 1000 ms at -10 dBm0 ± 1 dB", ms, level)
	}
}
