package media

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

// These tests run sessions on fakeNet inside a synctest bubble: the clock
// is fake, so timeouts, pacing, RTCP intervals and jitter are exact and
// cost no real time.

var (
	fakeLocal = netip.MustParseAddr("10.0.0.1")
	fakePeer  = netip.MustParseAddrPort("10.0.0.2:4000")
)

func newFakeEngine(t *testing.T) *Engine {
	t.Helper()
	e, err := NewEngine(Config{IP: fakeLocal, PortMin: 20000, PortMax: 20099})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// sendEvery sends a PCMU packet from c to dst every 20 ms until stop.
func sendEvery(c *fakeConn, dst netip.AddrPort, ssrc uint32, stop <-chan struct{}) {
	payload := make([]byte, 160)
	var f call.Frame
	tone(&f, 0)
	dsp.EncodeULaw(payload, f[:])
	for i := 0; ; i++ {
		c.WriteToUDPAddrPort(rtpPacket(0, i == 0, uint16(i), uint32(i*160), ssrc, payload), dst)
		select {
		case <-stop:
			return
		case <-time.After(frameDur):
		}
	}
}

func TestMediaTimeout(t *testing.T) {
	const never = -1
	tests := []struct {
		name  string
		extra string        // SDP lines of the remote's offer
		send  time.Duration // how long the remote sends after Start
		want  time.Duration // when OnTimeout fires after Start
	}{
		{"no RTP at all", "", 0, 30 * time.Second},
		{"RTP for 10 s, then none", "", 10 * time.Second, 40 * time.Second},
		{"remote sendonly (it sends music on hold), silent", "a=sendonly\r\n", 0, 30 * time.Second},
		{"remote inactive: on hold, no timeout", "a=inactive\r\n", 0, never},
		{"remote recvonly: it sends nothing, no timeout", "a=recvonly\r\n", 0, never},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				n := newFakeNet()
				s, peer := n.answeredSession(t, tc.extra)
				fired := make(chan time.Duration, 2)
				start := time.Now()
				s.OnTimeout(func() { fired <- time.Since(start) })
				s.Start()
				stop := make(chan struct{})
				go sendEvery(peer, s.LocalAddr(), 1, stop)
				time.Sleep(tc.send)
				close(stop)

				time.Sleep(5 * time.Minute)
				synctest.Wait()
				switch {
				case tc.want == never && len(fired) > 0:
					t.Errorf("OnTimeout fired after %v; want never", <-fired)
				case tc.want != never && len(fired) != 1:
					t.Fatalf("OnTimeout fired %d times; want once", len(fired))
				case tc.want != never:
					// The last packet went out at tc.send - 20 ms at the latest.
					if d := <-fired; d < tc.want-frameDur || d > tc.want {
						t.Errorf("OnTimeout after %v; want %v", d, tc.want)
					}
				}
			})
		})
	}
}

// TestMediaTimeoutResume: a hold pauses the timeout; after the resume the
// full timeout counts from the resume.
func TestMediaTimeoutResume(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := newFakeNet()
		s := n.session(newFakeEngine(t), 20000)
		defer s.Close()
		if _, err := s.Answer(peerSDP(fakePeer, "a=inactive\r\n")); err != nil {
			t.Fatal(err)
		}
		fired := make(chan time.Time, 1)
		s.OnTimeout(func() { fired <- time.Now() })
		s.Start()
		time.Sleep(2 * time.Minute) // held: nothing
		resumed := time.Now()
		resume := strings.Replace(string(peerSDP(fakePeer, "")), "o=peer 1 1", "o=peer 1 2", 1)
		if _, err := s.Answer([]byte(resume)); err != nil {
			t.Fatal(err)
		}
		select {
		case at := <-fired:
			if d := at.Sub(resumed); d != 30*time.Second {
				t.Errorf("OnTimeout %v after the resume; want 30s", d)
			}
		case <-time.After(time.Minute):
			t.Fatal("no timeout after the resume")
		}
	})
}

// TestReadFramePacing: ReadFrame returns every 20 ms on the clock of its
// first call, and restarts the schedule when the caller falls far behind.
func TestReadFramePacing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := newFakeNet()
		s := n.session(newFakeEngine(t), 20000)
		defer s.Close()
		if _, err := s.Answer(peerSDP(fakePeer, "")); err != nil {
			t.Fatal(err)
		}
		var f call.Frame
		start := time.Now()
		for k := range 50 {
			if err := s.ReadFrame(&f); err != nil {
				t.Fatal(err)
			}
			if d := time.Since(start); d != time.Duration(k)*frameDur {
				t.Fatalf("frame %d at %v; want %v", k, d, time.Duration(k)*frameDur)
			}
		}
		// A caller 30 ms late catches up: the next frame is due at once,
		// the one after on the old schedule.
		time.Sleep(30 * time.Millisecond)
		t0 := time.Now()
		s.ReadFrame(&f)
		s.ReadFrame(&f)
		if d := time.Since(t0); d != 10*time.Millisecond {
			t.Errorf("catching up took %v; want 10ms", d)
		}
		// A caller 500 ms late starts a new schedule.
		time.Sleep(500 * time.Millisecond)
		t0 = time.Now()
		s.ReadFrame(&f)
		s.ReadFrame(&f)
		if d := time.Since(t0); d != frameDur {
			t.Errorf("after a long stall two frames took %v; want 20ms", d)
		}
	})
}

// TestReadFrameLateReader: a reader that stalls for 45 ms and catches up
// gets every frame: its own lateness is not network delay, so the jitter
// buffer drops nothing to shed it (before, the first late read dropped a
// frame and the catch-up read then found its packet not yet read).
func TestReadFrameLateReader(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := newFakeNet()
		s, peer := n.answeredSession(t, "")
		var f call.Frame
		s.ReadFrame(&f) // creates the jitter buffer
		stop := make(chan struct{})
		defer close(stop)
		time.Sleep(5 * time.Millisecond) // packets land 5 ms after the reads
		go sendEvery(peer, s.LocalAddr(), 9, stop)
		for i := range 300 {
			if i%100 == 99 {
				time.Sleep(45 * time.Millisecond)
			}
			if err := s.ReadFrame(&f); err != nil {
				t.Fatal(err)
			}
		}
		s.jbMu.Lock()
		st := s.jb.stats
		s.jbMu.Unlock()
		if st.Dropped != 0 || st.Concealed != 0 || st.Late != 0 {
			t.Errorf("jitter buffer %+v after two 45 ms stalls of the reader; want nothing dropped, concealed or late", st)
		}
	})
}

// TestJitterThroughSession: packets arrive alternately on time and 30 ms
// late; ReadFrame plays every frame of the tone and the target delay
// follows the jitter.
func TestJitterThroughSession(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := newFakeNet()
		k := 0
		n.delay = func(from, to netip.AddrPort, b []byte) (time.Duration, bool) {
			if from != fakePeer {
				return 0, true
			}
			k++
			return time.Duration(k%2) * 30 * time.Millisecond, true
		}
		s, peer := n.answeredSession(t, "")
		var f call.Frame
		s.ReadFrame(&f) // creates the jitter buffer
		stop := make(chan struct{})
		defer close(stop)
		go sendEvery(peer, s.LocalAddr(), 9, stop)
		quiet := 0
		for i := range 500 {
			if err := s.ReadFrame(&f); err != nil {
				t.Fatal(err)
			}
			if i > 100 && dsp.PowerDBm0(f[:]) < -20 {
				quiet++
			}
		}
		st := s.Stats()
		if quiet > 0 {
			t.Errorf("%d frames without the tone after the start; stats %+v", quiet, st)
		}
		if st.TargetDelay < 40*time.Millisecond || st.TargetDelay > 120*time.Millisecond {
			t.Errorf("target delay %v with 30 ms jitter; want 40 to 120 ms", st.TargetDelay)
		}
		if st.JitterMS < 10 || st.JitterMS > 30 {
			t.Errorf("RFC 3550 jitter %.1f ms; want about 30; %+v", st.JitterMS, st)
		}
	})
}

// TestRTCPReports: with 10 ms each way and every 10th packet from a to b
// lost, after some reports b counts the loss, a learns it from b's RR
// blocks, and a's round-trip time from LSR/DLSR is 20 ms.
func TestRTCPReports(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := newFakeNet()
		e := newFakeEngine(t)
		a, b := n.session(e, 20000), n.session(e, 20002)
		defer a.Close()
		defer b.Close()
		aAddr := a.LocalAddr()
		count := 0
		n.delay = func(from, to netip.AddrPort, pkt []byte) (time.Duration, bool) {
			if from == aAddr {
				count++
				if count%10 == 0 {
					return 0, false
				}
			}
			return 10 * time.Millisecond, true
		}
		negotiate(t, a, b)
		stop := make(chan struct{})
		for _, s := range []*Session{a, b} {
			go func() {
				var f call.Frame
				for {
					s.WriteFrame(&f)
					select {
					case <-stop:
						return
					case <-time.After(frameDur):
					}
				}
			}()
		}
		time.Sleep(20 * time.Second)
		close(stop)
		synctest.Wait()
		sa, sb := a.Stats(), b.Stats()
		if sb.PacketsLost < 90 || sb.PacketsLost > 110 {
			t.Errorf("b lost %d of about 1000; want about 100", sb.PacketsLost)
		}
		if !sa.RemoteReport || sa.RemoteLost < 50 {
			t.Errorf("a's view from b's reports: %+v", sa)
		}
		if sa.RemoteFractionLost < 0.08 || sa.RemoteFractionLost > 0.12 {
			t.Errorf("fraction lost %.3f; want about 0.1", sa.RemoteFractionLost)
		}
		if d := sa.RTT - 20*time.Millisecond; d < -time.Millisecond || d > time.Millisecond {
			t.Errorf("RTT %v; want 20ms", sa.RTT)
		}
		if sb.RTT == 0 || !sb.RemoteReport {
			t.Errorf("b has no RTT or report: %+v", sb)
		}
	})
}

// TestSendDigitsTiming checks the RFC 4733 2.5.1 packet train of one digit
// on the fake clock: a first packet with the marker, updates every 20 ms
// under one timestamp with growing durations, three end packets.
func TestSendDigitsTiming(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := newFakeNet()
		s, peer := n.answeredSession(t, "")
		start := time.Now()
		if err := s.SendDigits(context.Background(), "#"); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d != 80*time.Millisecond {
			t.Errorf("SendDigits took %v; want 80ms", d)
		}
		type ev struct {
			h   hdr
			end bool
			dur int
		}
		var got []ev
		for len(peer.in) > 0 {
			p := <-peer.in
			h := parseHdr(t, p.b)
			got = append(got, ev{h, p.b[13]&0x80 != 0, int(p.b[14])<<8 | int(p.b[15])})
			if h.pt != 101 || p.b[12] != 11 {
				t.Errorf("packet %+v event %d; want PT 101, event 11 (#)", h, p.b[12])
			}
		}
		wantDur := []int{160, 320, 480, 640, 800, 800, 800}
		if len(got) != len(wantDur) {
			t.Fatalf("%d packets; want %d", len(got), len(wantDur))
		}
		for i, g := range got {
			if g.dur != wantDur[i] || g.end != (i >= 4) || g.h.marker != (i == 0) || g.h.ts != got[0].h.ts || g.h.seq != got[0].h.seq+uint16(i) {
				t.Errorf("packet %d %+v; want duration %d, end %v, marker %v, same ts, seq +%d", i, g, wantDur[i], i >= 4, i == 0, i)
			}
		}
		// Cancelling mid-digit ends the event with end packets.
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(30*time.Millisecond, cancel)
		if err := s.SendDigits(ctx, "1"); err != context.Canceled {
			t.Errorf("cancelled SendDigits: %v", err)
		}
		var ends int
		for len(peer.in) > 0 {
			if p := <-peer.in; p.b[13]&0x80 != 0 {
				ends++
			}
		}
		if ends != 3 {
			t.Errorf("%d end packets after cancel; want 3", ends)
		}
	})
}
