//go:build linux

package main

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/hal/sim"
)

// TestHardwareHighwayNotOpening opens a board whose PCM highway's ALSA
// device is missing or refuses: the module on the highway (a modem at
// ts=6, on a UART that needs no fixture) is left out with a message naming
// the device, the profile's pcm line and the reason, and the box starts.
func TestHardwareHighwayNotOpening(t *testing.T) {
	cape, err := hal.LoadBoard("cape.board", []byte("board cape\narch armv7\npcm slots=32 width=16 alsa=hw:hookflash,0\nmodule gsm1 gsm ec25 serial=uart:/dev/ttyS4 power=P8_9 ts=6\n"))
	if err != nil {
		t.Fatal(err)
	}
	noALSA, err := hal.LoadBoard("noalsa.board", []byte("board noalsa\narch armv7\npcm slots=32 width=16\nmodule gsm1 gsm ec25 serial=uart:/dev/ttyS4 power=P8_9 ts=6\n"))
	if err != nil {
		t.Fatal(err)
	}
	narrow, err := hal.LoadBoard("narrow.board", []byte("board narrow\narch armv7\npcm slots=32 alsa=hw:hookflash,0\nmodule gsm1 gsm ec25 serial=uart:/dev/ttyS4 power=P8_9 ts=6\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		board  *hal.BoardProfile
		sound  func(r string) // builds the fixture under the roots' base
		prefix string         // the device and the profile line
		reason string
	}{
		{"no sound card", cape, nil, "PCM highway hw:hookflash,0 (cape.board:3)",
			`no sound card "hookflash": the system has no sound cards (is the PCM interface's device tree overlay loaded?)`},
		{"card without device nodes", cape, func(base string) { soundCard(t, base, nil) }, "PCM highway hw:hookflash,0 (cape.board:3)",
			"open {dev}/snd/pcmC0D0c: no such file or directory"},
		{"device node that is no PCM", cape, func(base string) {
			soundCard(t, base, func(snd string) {
				for _, n := range []string{"pcmC0D0c", "pcmC0D0p"} {
					if err := os.WriteFile(filepath.Join(snd, n), nil, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			})
		}, "PCM highway hw:hookflash,0 (cape.board:3)", "{dev}/snd/pcmC0D0c: not a pollable device"},
		{"pcm line without alsa=", noALSA, nil, "PCM highway (noalsa.board:3)", "the pcm line names no ALSA device; add alsa=hw:CARD,DEV"},
		{"8-bit highway", narrow, nil, "PCM highway hw:hookflash,0 (narrow.board:3)", "8-bit channels: the ALSA highway carries 16-bit linear channels; set width=16"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := emptyRoots(t)
			if tc.sound != nil {
				tc.sound(filepath.Dir(r.Dev))
			}
			var logs syncBuffer
			log := slog.New(slog.NewTextHandler(&logs, nil))
			var stack stopStack
			hw, err := openBoard(context.Background(), &stack, tc.board, newBoardHost(r, log), nil, log)
			if err != nil {
				t.Fatalf("openBoard = %v; want the box to start without its highway", err)
			}
			defer stack.stop(context.Background(), log)
			var gsmErr error
			for _, f := range hw.failed {
				if f.slot == "gsm1" {
					gsmErr = f.err
				}
			}
			reason := strings.ReplaceAll(tc.reason, "{dev}", r.Dev)
			if gsmErr == nil || !strings.HasPrefix(gsmErr.Error(), tc.prefix+": ") || !strings.Contains(gsmErr.Error(), reason) {
				t.Fatalf("gsm1 failed with %v; want %q then %q", gsmErr, tc.prefix, reason)
			}
			if !strings.Contains(logs.String(), "PCM highway not available") {
				t.Errorf("log does not report the highway:\n%s", logs.String())
			}
		})
	}
}

// soundCard makes sysfs under base show card 0 with id "hookflash" and
// creates base/dev/snd, where nodes adds device nodes.
func soundCard(t *testing.T, base string, nodes func(snd string)) {
	t.Helper()
	dir := filepath.Join(base, "sys/class/sound/card0")
	snd := filepath.Join(base, "dev/snd")
	for _, d := range []string{dir, snd} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "id"), []byte("hookflash\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if nodes != nil {
		nodes(snd)
	}
}

// numberedPort is a highway port clocked by the test: each tick captures a
// period whose channel c carries samples 1000·(c+1) + i, and each period
// the highway writes arrives on tx.
type numberedPort struct {
	channels int
	tick     chan struct{}
	tx       chan []int16
	closed   chan struct{}
}

func (p *numberedPort) ReadPeriod(b []int16) error {
	select {
	case <-p.tick:
	case <-p.closed:
		return errors.New("closed")
	}
	for i := range b {
		b[i] = int16(1000*(i%p.channels+1) + i/p.channels)
	}
	return nil
}

func (p *numberedPort) WritePeriod(b []int16) error {
	p.tx <- append([]int16(nil), b...)
	return nil
}

func (p *numberedPort) Close() error { close(p.closed); return nil }

// TestHardwareHighwayChannels: each ts= module of the reference boards gets
// the 16-bit channel its first 8-bit slot starts (ts/2) in both directions,
// and a module cannot take a channel twice or start inside one.
func TestHardwareHighwayChannels(t *testing.T) {
	for _, name := range []string{"cm4-carrier", "bbb-cape"} {
		t.Run(name, func(t *testing.T) {
			b, err := hal.Board(name)
			if err != nil {
				t.Fatal(err)
			}
			channels := b.PCMSlots * 8 / b.PCMWidth
			port := &numberedPort{channels: channels, tick: make(chan struct{}), tx: make(chan []int16, 1), closed: make(chan struct{})}
			tdm, err := hal.NewTDMHighway(port, channels, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer tdm.Close()
			open := highwayStreams(tdm, b.PCMWidth)
			for _, m := range b.Modules {
				if m.Timeslot < 0 {
					continue
				}
				s, err := open(m)
				if err != nil {
					t.Fatalf("%s: %v", m.Slot, err)
				}
				var f hal.Frame
				for i := range f {
					f[i] = int16(7000 + m.Timeslot)
				}
				if err := s.WriteFrame(&f); err != nil {
					t.Fatal(err)
				}
				port.tick <- struct{}{} // one period each way
				out := <-port.tx
				for c := range channels {
					want := int16(0)
					if c == m.Timeslot/2 {
						want = int16(7000 + m.Timeslot)
					}
					if out[c] != want {
						t.Errorf("%s (ts=%d): channel %d sends %d towards the lines; want %d", m.Slot, m.Timeslot, c, out[c], want)
					}
				}
				if err := s.ReadFrame(&f); err != nil {
					t.Fatal(err)
				}
				if want := int16(1000 * (m.Timeslot/2 + 1)); f[0] != want || f[1] != want+1 {
					t.Errorf("%s (ts=%d) reads %d, %d...; want channel %d's %d, %d", m.Slot, m.Timeslot, f[0], f[1], m.Timeslot/2, want, want+1)
				}
				if _, err := open(m); err == nil {
					t.Errorf("%s: a second stream on channel %d opened", m.Slot, m.Timeslot/2)
				}
				s.Close()
			}
			if _, err := open(hal.Module{Slot: "odd", Timeslot: 3}); err == nil || !strings.Contains(err.Error(), "starts on a multiple of 2") {
				t.Errorf("ts=3 on a 16-bit highway = %v; want refused", err)
			}
		})
	}
}

// TestHardwareLinearPCMFromProfile: a profile with a 16-bit highway puts
// the SLICs and DAAs in 16-bit linear mode (the emulated chips refuse any
// other width on it), the 8-bit sim board keeps µ-law.
func TestHardwareLinearPCMFromProfile(t *testing.T) {
	wide, err := hal.LoadBoard("wide.board", []byte(`board wide
arch sim
spi sim0 bus=0 native-cs=8
pcm slots=32 width=16
module fxs1 fxs si3210 spi=sim0 cs=0 irq=sim:fxs1-int reset=sim:slic-reset ts=2
module fxo1 fxo si3050 spi=sim0 cs=4 irq=sim:fxo1-int reset=sim:daa-reset ts=6
`))
	if err != nil {
		t.Fatal(err)
	}
	narrow, err := hal.Board("sim")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		board *hal.BoardProfile
		want  sim.PCMFormat
	}{{wide, sim.PCMLinear16}, {narrow, sim.PCMULaw}} {
		t.Run(tc.board.Name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				w, err := sim.NewWorld(tc.board, nil)
				if err != nil {
					t.Fatal(err)
				}
				defer w.Close()
				log := slog.New(slog.DiscardHandler)
				var stack stopStack
				hw := &hardware{board: tc.board, world: w}
				openModules(context.Background(), &stack, hw, nil, log, hw.openSim)
				defer stack.stop(context.Background(), log)
				for _, f := range hw.failed {
					if f.kind != hal.KindGSM {
						t.Errorf("module %s failed: %v", f.slot, f.err)
					}
				}
				for _, m := range tc.board.Modules {
					var pcm sim.PCMSetup
					var errs []string
					switch m.Kind {
					case hal.KindFXS:
						s, _ := w.SLIC(m.Slot)
						pcm, errs = s.PCM(), s.ProtocolErrors()
					case hal.KindFXO:
						d, _ := w.DAA(m.Slot)
						pcm, errs = d.PCM(), d.ProtocolErrors()
					default:
						continue
					}
					if ts, ok := pcm.Timeslot(); pcm.Format != tc.want || !ok || ts != m.Timeslot || len(errs) != 0 {
						t.Errorf("%s: PCM %v at slot %d (%v), chip errors %q; want %v at slot %d", m.Slot, pcm.Format, ts, ok, errs, tc.want, m.Timeslot)
					}
				}
			})
		})
	}
}
