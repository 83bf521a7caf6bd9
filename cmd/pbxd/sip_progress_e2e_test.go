package main

import (
	"context"
	"math"
	"net"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/pion/rtp"

	"github.com/hookflash/firmware/pbx/dsp"
	"github.com/hookflash/firmware/pbx/store"
)

// TestE2EProgress: what a SIP caller gets while the party it calls rings,
// with sipp as the caller and the called party, and the caller's RTP
// received by the test itself. Every caller gives up with CANCEL before
// any answer, so all the audio measured came before a 200 OK.
//   - a phone is told 180 Ringing at once, even when the phone it calls
//     never says that it rings;
//   - a trunk's caller gets 183 Session Progress and the box's ringback
//     tone of the country's plan (the United Kingdom's 400+450 Hz,
//     0.4-0.2-0.4-2.0 s, here), measured in frequency, level and cadence;
//   - a phone calling out through a trunk whose provider answers 183 with
//     an announcement hears the provider's audio (a 1 kHz tone at -10
//     dBm0) before any answer, at its level.
func TestE2EProgress(t *testing.T) {
	t.Parallel()
	needTool(t, "sipp", "sip-tester")
	provider, sipPort := freePort(t), freePort(t)
	b := startBoxEnv(t, sipPort, func(ctx context.Context, st *store.Store) error {
		if err := st.PutSetting(ctx, "country", "GB"); err != nil {
			return err
		}
		if err := addPhone(ctx, st, "101", store.OutboundInternal); err != nil {
			return err
		}
		if err := addPhone(ctx, st, "102", store.OutboundNational); err != nil {
			return err
		}
		tr := store.SIPTrunk{Name: "Provider", Host: "127.0.0.1", Port: provider, Transport: "udp", Enabled: true}
		if err := st.SIPTrunks().Create(ctx, &tr); err != nil {
			return err
		}
		return st.OutboundRules().Create(ctx, &store.OutboundRule{
			Name: "national", Prefix: "8", Strip: 1, Prepend: "+7", Level: store.OutboundNational, SIPTrunkID: &tr.ID,
		})
	}, "PBX_RING_TIMEOUT=20s")

	t.Run("a phone hears 180 at once", func(t *testing.T) {
		callee := registerPhone(t, b, "101")
		caller := registerPhone(t, b, "102")
		answering := callee.answer(t, "silent", nil)
		caller.dial(t, "101", "cancel", nil).expect(t, 0) // it waits for a 180 before its CANCEL
		answering.expect(t, 0)
	})

	t.Run("a trunk's caller hears the box's ringback", func(t *testing.T) {
		callee := registerPhone(t, b, "101")
		answering := callee.answer(t, "ring", nil)
		heard := listenRTP(t)
		sf := scenario(t, "early_call.xml", map[string]any{"Auth": false, "From": outsideCaller, "RTPPort": heard.port, "ListenMS": 3800})
		startSipp(t, "provider calls 101", b.sip, "-sf", sf, "-m", "1", "-t", "u1", "-p", strconv.Itoa(provider), "-s", "101").expect(t, 0)
		answering.expect(t, 0)

		pcm := heard.pcm(t)
		on := ringbackFrames(pcm, 400, 450)
		runs := cadence(on)
		t.Logf("ringback cadence in 20 ms frames, on first: %v", runs)
		want := []int{20, 10, 20, 100} // 400, 200, 400, 2000 ms
		if len(runs) < len(want)+1 {
			t.Fatalf("ringback cadence %v; want %v frames of on, off, on, off and the next on", runs, want)
		}
		for i, w := range want {
			if abs(runs[i]-w) > 1 {
				t.Errorf("ringback cadence %v; want %v frames ± 1", runs[:len(want)], want)
				break
			}
		}
		// Both tones at -13 dBm0 each, as the plan says: -10 dBm0 together.
		var tone []int16
		for i, o := range on {
			if o {
				tone = append(tone, pcm[i*160:(i+1)*160]...)
			}
		}
		if level := dsp.PowerDBm0(tone); math.Abs(level-(-10)) > 1 {
			t.Errorf("ringback at %.1f dBm0; want -10 ± 1 (400 and 450 Hz at -13 dBm0 each)", level)
		}
	})

	t.Run("a phone hears a trunk's early media", func(t *testing.T) {
		pcap := tonePcap(t, 4*time.Second)
		sf := scenario(t, "early_answer.xml", map[string]any{"Pcap": pcap})
		announcing := startSipp(t, "provider announces", b.sip, "-sf", sf, "-m", "1", "-t", "u1", "-p", strconv.Itoa(provider),
			"-mi", "127.0.0.1", "-mp", strconv.Itoa(freePorts(t, 4)))
		phone := registerPhone(t, b, "102")
		heard := listenRTP(t)
		sf = scenario(t, "early_call.xml", map[string]any{"Auth": true, "From": "102", "RTPPort": heard.port, "ListenMS": 2500})
		startSipp(t, "102 calls out", b.sip, "-sf", sf, "-m", "1", "-t", "u1", "-p", strconv.Itoa(phone.port),
			"-s", dialled, "-au", "102", "-ap", phonePassword).expect(t, 0)
		announcing.expect(t, 0)

		ms, level := toneHeard(heard.pcm(t), 1000)
		t.Logf("102 heard the provider's 1 kHz for %d ms at %.1f dBm0 before any answer", ms, level)
		if ms < 1500 || math.Abs(level-(-10)) > 1 {
			t.Errorf("102 heard 1 kHz for %d ms at %.1f dBm0 before any answer; want at least 1500 ms at -10 dBm0 ± 1 dB", ms, level)
		}
	})
}

// rtpSink is a UDP port on loopback where the test receives a caller's
// RTP in place of sipp.
type rtpSink struct {
	port int
	conn *net.UDPConn
	done chan struct{}

	mu   sync.Mutex
	pkts []rtp.Packet
}

// listenRTP opens an rtpSink that keeps every RTP packet until the test
// ends.
func listenRTP(t *testing.T) *rtpSink {
	t.Helper()
	port := freePorts(t, 2)
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port})
	if err != nil {
		t.Fatal(err)
	}
	s := &rtpSink{port: port, conn: conn, done: make(chan struct{})}
	t.Cleanup(func() { conn.Close(); <-s.done })
	go func() {
		defer close(s.done)
		buf := make([]byte, 1500)
		for {
			n, err := conn.Read(buf)
			if err != nil {
				return
			}
			var p rtp.Packet
			if p.Unmarshal(slices.Clone(buf[:n])) != nil {
				continue
			}
			s.mu.Lock()
			s.pkts = append(s.pkts, p)
			s.mu.Unlock()
		}
	}()
	return s
}

// pcm returns the PCMU audio received so far, decoded in sequence order
// from the first packet, with silence for packets lost.
func (s *rtpSink) pcm(t *testing.T) []int16 {
	t.Helper()
	s.mu.Lock()
	var pkts []rtp.Packet
	for _, p := range s.pkts {
		if p.PayloadType == 0 {
			pkts = append(pkts, p)
		}
	}
	s.mu.Unlock()
	if len(pkts) == 0 {
		t.Fatal("no PCMU RTP arrived")
	}
	first := pkts[0].SequenceNumber
	frames := map[int][]byte{}
	last := 0
	for _, p := range pkts {
		i := int(p.SequenceNumber - first) // wraps as uint16 does
		frames[i] = p.Payload
		last = max(last, i)
	}
	pcm := make([]int16, 0, (last+1)*160)
	for i := 0; i <= last; i++ {
		f, ok := frames[i]
		if !ok {
			f = slices.Repeat([]byte{0xff}, 160) // µ-law silence
		}
		for _, u := range f {
			pcm = append(pcm, dsp.ULawDecode(u))
		}
	}
	return pcm
}

// ringbackFrames tells, for each 20 ms frame of pcm, whether it holds the
// dual tone of hz1 and hz2: at least 80 % of its power in their two DFT
// bins (a frame of 160 samples has 50 Hz bins).
func ringbackFrames(pcm []int16, hz1, hz2 float64) []bool {
	const n = 160
	var on []bool
	for i := 0; i+n <= len(pcm); i += n {
		w := pcm[i : i+n]
		var energy float64
		for _, s := range w {
			energy += float64(s) * float64(s)
		}
		share := 0.0
		if energy > 0 {
			share = (goertzel(w, hz1) + goertzel(w, hz2)) * 2 / (n * energy)
		}
		on = append(on, share >= 0.8 && dsp.PowerDBm0(w) > -30)
	}
	return on
}

// cadence returns the lengths of the runs of on and off frames, starting
// with the first on.
func cadence(on []bool) []int {
	start := slices.Index(on, true)
	if start < 0 {
		return nil
	}
	var runs []int
	for i := start; i < len(on); {
		j := i
		for j < len(on) && on[j] == on[i] {
			j++
		}
		runs = append(runs, j-i)
		i = j
	}
	return runs
}

func abs(x int) int { return max(x, -x) }
