package media

import (
	"encoding/binary"
	"math"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

// faxListener is a call.RelayListener that runs the DSP's fax-tone
// detector, as the switch's ear does, over what it is given.
type faxListener struct {
	det    *dsp.FaxToneDetector
	ev     []dsp.FaxToneEvent
	want   bool
	wants  atomic.Int64 // Wants calls
	frames atomic.Int64 // Hear calls, counted as each ends
	heard  dsp.FaxTone
	last   call.Frame
}

func newFaxListener(t testing.TB, want bool) *faxListener {
	det, err := dsp.NewFaxToneDetector(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &faxListener{det: det, ev: make([]dsp.FaxToneEvent, 0, 8), want: want}
}

func (l *faxListener) Wants(time.Time) bool { l.wants.Add(1); return l.want }

func (l *faxListener) Hear(f *call.Frame) {
	defer l.frames.Add(1)
	l.last = *f
	l.ev = l.det.Process(f[:], l.ev[:0])
	for _, e := range l.ev {
		if !e.End && e.Tone != dsp.FaxToneNone && l.heard == dsp.FaxToneNone {
			l.heard = e.Tone
		}
	}
}

// signal returns n samples of s(i) in PCMU.
func signal(n int, s func(i int) float64) []byte {
	out := make([]byte, n)
	for i := range out {
		out[i] = dsp.ULawEncode(int16(s(i)))
	}
	return out
}

// cngAt is T.30's CNG at -15 dBm0: 0.5 s of 1100 Hz, then 3 s of silence.
func cngAt(i int) float64 {
	if i%28000 >= 4000 {
		return 0
	}
	return 4050 * math.Sin(2*math.Pi*1100*float64(i)/8000)
}

// speechAt is voice-like: three formant-like tones whose loudness comes
// and goes at syllable rate.
func speechAt(i int) float64 {
	t := float64(i) / 8000
	env := 0.5 + 0.5*math.Sin(2*math.Pi*4*t)
	return env * (2000*math.Sin(2*math.Pi*310*t) + 1500*math.Sin(2*math.Pi*1150*t+math.Sin(2*math.Pi*3*t)) + 700*math.Sin(2*math.Pi*2400*t))
}

// TestRelayHear: a relaying session gives a call.RelayListener the G.711
// it relays, decoded into 20 ms frames whatever the packets' ptime (here
// sipp's 30 ms), after relaying each packet unchanged in its payload, and
// only while the listener wants it. CNG in the relayed stream is heard by
// the fax-tone detector; speech and silence are not.
func TestRelayHear(t *testing.T) {
	tests := []struct {
		name   string
		s      func(int) float64
		want   bool
		frames int64
		heard  dsp.FaxTone
	}{
		{"CNG", cngAt, true, 201, dsp.FaxToneCNG},
		{"speech", speechAt, true, 201, dsp.FaxToneNone},
		{"silence", func(int) float64 { return 0 }, true, 201, dsp.FaxToneNone},
		{"CNG outside the listener's window", cngAt, false, 0, dsp.FaxToneNone},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newRelayRig(t)
			stop, ok := r.a.Relay(r.b)
			if !ok {
				t.Fatal("Relay refused two PCMU sessions")
			}
			defer stop()
			l := newFaxListener(t, tc.want)
			r.a.HearRelayed(l)
			const ptime = 240              // samples per packet
			pcm := signal(134*ptime, tc.s) // 4 s
			for i := 0; i*ptime < len(pcm); i++ {
				payload := pcm[i*ptime : (i+1)*ptime]
				r.phone1.send(r.a.LocalAddr(), 0, i == 0, uint16(i), uint32(i*ptime), 0x5eed, payload)
				got, _ := r.phone2.recv(time.Second)
				if string(got[12:]) != string(payload) {
					t.Fatalf("packet %d: relayed payload changed", i)
				}
			}
			waitFor(t, time.Second, "the last packet heard", func() bool {
				return l.wants.Load() == int64(len(pcm)/ptime) && l.frames.Load() == tc.frames
			})
			r.a.HearRelayed(nil)
			if l.heard != tc.heard {
				t.Errorf("heard tone %v; want %v", l.heard, tc.heard)
			}
			if tc.frames > 0 {
				var want call.Frame
				dsp.DecodeULaw(want[:], pcm[len(pcm)-160:])
				if l.last != want {
					t.Error("the last frame heard is not the last 20 ms sent, decoded")
				}
			}
		})
	}
}

// BenchmarkRelayHear measures a relayed packet's cost on the receiving
// goroutine (checks, rewrite, send) without a listener, with one whose
// window is shut (what most of a long call costs), and with one hearing
// it: G.711 decode and the fax-tone detector on top of the relay.
func BenchmarkRelayHear(b *testing.B) {
	for _, mode := range []string{"none", "shut", "hearing"} {
		b.Run(mode, func(b *testing.B) {
			r := newRelayRig(b)
			stop, ok := r.a.Relay(r.b)
			if !ok {
				b.Fatal("no relay")
			}
			defer stop()
			if mode != "none" {
				r.a.HearRelayed(newFaxListener(b, mode == "hearing"))
			}
			go func() { // drain phone 2
				buf := make([]byte, 1500)
				for {
					if _, _, err := r.phone2.conn.ReadFromUDPAddrPort(buf); err != nil {
						return
					}
				}
			}()
			r.phone2.conn.SetReadDeadline(time.Time{})
			tmpl := rtpPacket(0, false, 0, 0, 0x1234, signal(160, speechAt))
			pkt := make([]byte, len(tmpl))
			from, now := r.phone1.addr, time.Now()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				copy(pkt, tmpl)
				binary.BigEndian.PutUint16(pkt[2:], uint16(i))
				binary.BigEndian.PutUint32(pkt[4:], uint32(i)*160)
				r.a.handleRTP(pkt, from, now)
			}
		})
	}
}

// BenchmarkRelayEar measures the side listener alone on one 20 ms G.711
// packet: a shut window (one Wants call), and hearing it (decode and the
// fax-tone detector). Compare with BenchmarkRelayHear/none, the relay's
// own cost.
func BenchmarkRelayEar(b *testing.B) {
	payload := signal(160, speechAt)
	for _, hearing := range []bool{false, true} {
		name := "shut"
		if hearing {
			name = "hearing"
		}
		b.Run(name, func(b *testing.B) {
			e := &relayEar{l: newFaxListener(b, hearing)}
			now := time.Now()
			c := findCodec("PCMU", 8000)
			b.ReportAllocs()
			for b.Loop() {
				e.hear(c, payload, now)
			}
		})
	}
}
