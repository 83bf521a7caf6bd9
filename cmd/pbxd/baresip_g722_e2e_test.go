package main

import (
	"math"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/dsp"
)

// baresip names G.722 by its sampling rate, not SDP's clock rate.
const baresipG722 = "G722/16000/1"

// TestE2EBaresipG722: G.722 through pbxd with baresip, whose G.722 module
// is spandsp's codec, so pbxd's codec meets an independent one.
//   - 101 offers G.722 only and calls 102, which speaks PCMU only: pbxd
//     answers each in its codec and decodes, resamples and re-encodes
//     between them. A 1 kHz tone at -10 dBm0 from 101 reaches 102 at that
//     level within 1 dB (pbxd's decoder tracks spandsp's encoder), and one
//     from 102 reaches 101 the same way (spandsp's decoder tracks pbxd's
//     encoder).
//   - Both speak G.722: pbxd relays the packets untouched, so a 6 kHz tone,
//     which no 8 kHz path carries, reaches 102 at its level.
func TestE2EBaresipG722(t *testing.T) {
	t.Parallel()
	needTool(t, "baresip", "baresip-core")
	modules := baresipModules(t)
	b := startBox(t, baresipPair)

	t.Run("G.722 to PCMU", func(t *testing.T) {
		// 101's file: 0.5 s of silence, 2 s of tone, 0.5 s of silence, then
		// it hangs up; 102's tone plays while 101 is in the call.
		caller := startBaresipCodecs(t, b, "101", writeWAVRate(t, "caller.wav", slices.Concat(
			make([]int16, 8000), wideTone(1000, -10, 2*time.Second), make([]int16, 8000)), 16000), modules, baresipG722)
		callee := startBaresipCodecs(t, b, "102", writeWAV(t, "callee.wav", slices.Concat(
			silence(500*time.Millisecond), tone(t, 1000, -10, 2*time.Second), silence(10*time.Second))), modules, "PCMU")
		callThrough(t, b, 1, caller, callee)

		ms, level := toneHeard(callee.heard(t), 1000)
		t.Logf("102 (PCMU) heard 101's (G.722) 1 kHz for %d ms at %.2f dBm0", ms, level)
		if ms < 1600 || math.Abs(level-(-10)) > 1 {
			t.Errorf("102 heard 1 kHz for %d ms at %.1f dBm0; want at least 1600 ms of the 2000 sent, at -10 dBm0 ± 1 dB", ms, level)
		}
		ms, level = toneHeardAt(caller.heardAt(t, 16000), 1000, 16000)
		t.Logf("101 (G.722) heard 102's (PCMU) 1 kHz for %d ms at %.2f dBm0", ms, level)
		if ms < 1600 || math.Abs(level-(-10)) > 1 {
			t.Errorf("101 heard 1 kHz for %d ms at %.1f dBm0; want at least 1600 ms of the 2000 sent, at -10 dBm0 ± 1 dB", ms, level)
		}
		legs := recordLegs(t, b.waitRecords(t, 1)[0])
		if len(legs) != 2 || legs[0].Media == nil || legs[1].Media == nil {
			t.Fatalf("call record legs %+v; want two with media", legs)
		}
		if legs[0].Media.Codec != "G722" || legs[1].Media.Codec != "PCMU" {
			t.Errorf("codecs %s and %s; want G722 for 101 and PCMU for 102", legs[0].Media.Codec, legs[1].Media.Codec)
		}
	})

	t.Run("G.722 both ways is relayed with its full band", func(t *testing.T) {
		caller := startBaresipCodecs(t, b, "101", writeWAVRate(t, "caller.wav", slices.Concat(
			make([]int16, 8000), wideTone(6000, -10, 2*time.Second), make([]int16, 8000)), 16000), modules, baresipG722)
		callee := startBaresipCodecs(t, b, "102", writeWAVRate(t, "callee.wav", make([]int16, 16000*10), 16000), modules, baresipG722)
		callThrough(t, b, 2, caller, callee)

		ms, level := toneHeardAt(callee.heardAt(t, 16000), 6000, 16000)
		t.Logf("102 heard 101's 6 kHz for %d ms at %.2f dBm0", ms, level)
		if ms < 1600 || math.Abs(level-(-10)) > 1 {
			t.Errorf("102 heard 6 kHz for %d ms at %.1f dBm0; want at least 1600 ms of the 2000 sent, at -10 dBm0 ± 1 dB", ms, level)
		}
		legs := recordLegs(t, b.waitRecords(t, 2)[1])
		if len(legs) != 2 || legs[0].Media == nil || legs[1].Media == nil {
			t.Fatalf("call record legs %+v; want two with media", legs)
		}
		if legs[0].Media.Codec != "G722" || legs[1].Media.Codec != "G722" {
			t.Errorf("codecs %s and %s; want G722 for both", legs[0].Media.Codec, legs[1].Media.Codec)
		}
	})
}

// callThrough has caller dial callee through box b, once both registered
// for the nth time, and waits until the caller's file ended and the call
// closed on both phones.
func callThrough(t *testing.T, b *box, nth int, caller, callee *baresipPhone) {
	t.Helper()
	for _, p := range []*baresipPhone{caller, callee} {
		re := regexp.MustCompile(`msg="sip: registered" part=sip device=` + p.number + ` `)
		waitUntil(t, p.number+" to register", 10*time.Second, func() bool { return len(re.FindAllString(b.output(), -1)) >= nth })
	}
	caller.ctl.send(t, "dial", "sip:"+callee.number+"@"+b.sip)
	caller.ctl.waitEvent(t, "CALL_ESTABLISHED", 10*time.Second)
	callee.ctl.waitEvent(t, "CALL_ESTABLISHED", 10*time.Second)
	caller.ctl.waitEvent(t, "CALL_CLOSED", 15*time.Second) // its file ended
	callee.ctl.waitEvent(t, "CALL_CLOSED", 10*time.Second)
}

// wideTone returns d of hz at dbm0 dBm0, sampled at 16 kHz.
func wideTone(hz, dbm0 float64, d time.Duration) []int16 {
	pcm := make([]int16, int(d.Seconds()*16000))
	for i := range pcm {
		pcm[i] = int16(math.Round(dsp.PeakFromDBm0(dbm0) * math.Sin(2*math.Pi*hz*float64(i)/16000)))
	}
	return pcm
}
