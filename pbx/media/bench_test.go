package media

import (
	"net/netip"
	"runtime"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

// BenchmarkWriteFrame measures the PCM path out: encode a 20 ms frame to
// PCMU and send it as an RTP packet on a loopback socket.
func BenchmarkWriteFrame(b *testing.B) {
	e := newTestEngine(b, nil)
	s := newTestSession(b, e)
	p := newPeer(b)
	if _, err := s.Answer(peerSDP(p.addr, "")); err != nil {
		b.Fatal(err)
	}
	go func() {
		buf := make([]byte, 1500)
		for {
			if _, _, err := p.conn.ReadFromUDPAddrPort(buf); err != nil {
				return
			}
		}
	}()
	var f call.Frame
	tone(&f, 0)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s.WriteFrame(&f); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkJitterBuffer measures the PCM path in, without the socket: one
// packet into the jitter buffer and one frame decoded out of it.
func BenchmarkJitterBuffer(b *testing.B) {
	t0 := time.Now()
	jb := newJitterBuffer(t0)
	payload := make([]byte, 160)
	var f call.Frame
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		now := t0.Add(time.Duration(i) * frameDur)
		jb.put(now, pcmu, 1, uint32(i*160), payload)
		jb.get(now, &f)
	}
}

// BenchmarkSessionMemory reports what one live, negotiated session costs:
// Go heap plus goroutine stacks, and goroutines, per session, for a
// relayed leg (sessions relayed in pairs, no jitter buffer) and for a PCM
// leg (jitter buffer allocated by ReadFrame). Each session has received
// an RTP and an RTCP packet, so its goroutines' stacks have grown to what
// a call needs. A call through the box is two sessions. The kernel's
// socket buffers come on top and are not measured here.
func BenchmarkSessionMemory(b *testing.B) {
	for _, pcm := range []bool{false, true} {
		name := "relay"
		if pcm {
			name = "pcm"
		}
		b.Run(name, func(b *testing.B) {
			e := newTestEngine(b, func(c *Config) { c.PortMin, c.PortMax = 40000, 59999 })
			p := newPeer(b)
			offer := peerSDP(p.addr, "")
			rtpPkt := rtpPacket(0, false, 1, 160, 0x1234, make([]byte, 160))
			rtcpPkt := appendRTCP(nil, 0x1234, nil, nil, "bench@peer", false)
			// Sessions are made and measured in chunks that fit the
			// process's file descriptor limit (two sockets each).
			const chunk = 200
			var heapSum, stackSum, goSum float64
			var measured int
			b.ResetTimer()
			for done := 0; done < b.N; {
				n := min(chunk, b.N-done)
				n += n % 2 // relayed in pairs
				sessions := make([]*Session, 0, n)
				var before, after runtime.MemStats
				b.StopTimer()
				runtime.GC()
				runtime.ReadMemStats(&before)
				goBefore := runtime.NumGoroutine()
				b.StartTimer()
				for range n {
					s, err := e.NewSession()
					if err != nil {
						b.Fatal(err)
					}
					if _, err := s.Answer(offer); err != nil {
						b.Fatal(err)
					}
					if pcm {
						var f call.Frame
						s.ReadFrame(&f)
					}
					sessions = append(sessions, s)
				}
				if !pcm {
					for i := 0; i < n; i += 2 {
						if _, ok := sessions[i].Relay(sessions[i+1]); !ok {
							b.Fatal("no relay")
						}
					}
				}
				for _, s := range sessions {
					p.conn.WriteToUDPAddrPort(rtpPkt, s.LocalAddr())
					p.conn.WriteToUDPAddrPort(rtcpPkt, netip.AddrPortFrom(s.LocalAddr().Addr(), s.LocalAddr().Port()+1))
				}
				for _, s := range sessions {
					waitFor(b, 5*time.Second, "RTP and RTCP received", func() bool {
						s.drainRTCP()
						s.rxMu.Lock()
						defer s.rxMu.Unlock()
						return s.rx.packets > 0 && s.rtcpRx.latched
					})
				}
				b.StopTimer()
				runtime.GC()
				runtime.ReadMemStats(&after)
				heapSum += float64(after.HeapAlloc) - float64(before.HeapAlloc)
				stackSum += float64(after.StackInuse) - float64(before.StackInuse)
				goSum += float64(runtime.NumGoroutine() - goBefore)
				measured += n
				for _, s := range sessions {
					s.Close()
				}
				done += n
				b.StartTimer()
			}
			b.StopTimer()
			heap, stack := heapSum/float64(measured), stackSum/float64(measured)
			b.ReportMetric(heap, "heap-B/session")
			b.ReportMetric(stack, "stack-B/session")
			b.ReportMetric(heap+stack, "B/session")
			b.ReportMetric(goSum/float64(measured), "goroutines/session")
		})
	}
}
