package main

import (
	"context"
	"math"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/chan/sip/sipauth"
	"github.com/hookflash/firmware/pbx/dsp"
	"github.com/hookflash/firmware/pbx/store"
)

// TestE2EBaresipG722: baresip on 101 offers G.722 only (its module is
// spandsp's codec) and calls baresip on 102, which speaks PCMU only.
// pbxd answers 101 in G.722 and 102 in PCMU, so it decodes, resamples and
// re-encodes between them. 101 plays a 1 kHz tone at -10 dBm0: 102 must
// hear it at that level within 1 dB, which only a G.722 decoder that
// tracks spandsp's encoder can deliver. The call record names both codecs.
func TestE2EBaresipG722(t *testing.T) {
	t.Parallel()
	needTool(t, "baresip", "baresip-core")
	modules := baresipModules(t)
	b := startBox(t, func(ctx context.Context, st *store.Store) error {
		if err := st.PutSetting(ctx, sipauth.AlgorithmsSetting, []string{sipauth.MD5}); err != nil {
			return err
		}
		if err := addPhone(ctx, st, "101", store.OutboundInternal); err != nil {
			return err
		}
		return addPhone(ctx, st, "102", store.OutboundInternal)
	})
	// baresip's file source must run at the codec's 16 kHz.
	wide := make([]int16, 16000*2)
	for i := range wide {
		wide[i] = int16(math.Round(dsp.PeakFromDBm0(-10) * math.Sin(2*math.Pi*1000*float64(i)/16000)))
	}
	callerWAV := writeWAVRate(t, "caller.wav", slices.Concat(make([]int16, 8000), wide, make([]int16, 4800)), 16000)
	calleeWAV := writeWAV(t, "callee.wav", silence(10*time.Second))
	caller := startBaresipCodecs(t, b, "101", callerWAV, modules, "G722/16000/1")
	callee := startBaresipCodecs(t, b, "102", calleeWAV, modules, "PCMU")
	for _, n := range []string{"101", "102"} {
		b.waitLog(t, n+" to register", regexp.MustCompile(`msg="sip: registered" part=sip device=`+n+` `), 10*time.Second)
	}

	caller.ctl.send(t, "dial", "sip:102@"+b.sip)
	caller.ctl.waitEvent(t, "CALL_ESTABLISHED", 10*time.Second)
	callee.ctl.waitEvent(t, "CALL_ESTABLISHED", 10*time.Second)
	caller.ctl.waitEvent(t, "CALL_CLOSED", 15*time.Second) // its file ended
	callee.ctl.waitEvent(t, "CALL_CLOSED", 10*time.Second)

	ms, level := toneHeard(callee.heard(t), 1000)
	t.Logf("102 (PCMU) heard 101's (G.722) 1 kHz for %d ms at %.2f dBm0", ms, level)
	if ms < 1600 || math.Abs(level-(-10)) > 1 {
		t.Errorf("102 heard 1 kHz for %d ms at %.1f dBm0; want at least 1600 ms of the 2000 sent, at -10 dBm0 ± 1 dB", ms, level)
	}

	legs := recordLegs(t, b.waitRecords(t, 1)[0])
	if len(legs) != 2 || legs[0].Media == nil || legs[1].Media == nil {
		t.Fatalf("call record legs %+v; want two with media", legs)
	}
	if legs[0].Media.Codec != "G722" || legs[1].Media.Codec != "PCMU" {
		t.Errorf("codecs %s and %s; want G722 for 101 and PCMU for 102", legs[0].Media.Codec, legs[1].Media.Codec)
	}
	if legs[0].Media.PacketsRecv < 100 || legs[1].Media.PacketsSent < 100 {
		t.Errorf("G.722 packets from 101: %d, PCMU packets to 102: %d; want at least 100 each", legs[0].Media.PacketsRecv, legs[1].Media.PacketsSent)
	}
}
