//go:build linux

package linuxhost

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/hookflash/firmware/hal"
)

// These tests drive a real kernel's ALSA through the backend: the loopback
// sound card of snd-aloop, whose playback device 0 comes back on capture
// device 1. They run where HOOKFLASH_ALSA_LOOPBACK names that card
// ("Loopback"), which the qemu guest of hal/linuxhost/qemutest does.

func loopbackCard(t *testing.T) string {
	card := os.Getenv("HOOKFLASH_ALSA_LOOPBACK")
	if card == "" {
		t.Skip("HOOKFLASH_ALSA_LOOPBACK is not set: run hal/linuxhost/qemutest, which loads snd-aloop in a qemu guest")
	}
	return card
}

// loopbackPaths returns the capture side of device 1 and the playback side
// of device 0: what is played on one is captured on the other.
func loopbackPaths(t *testing.T, card string) (capture, playback string) {
	capture, _, err := ALSADevice("hw:" + card + ",1")
	if err != nil {
		t.Fatal(err)
	}
	_, playback, err = ALSADevice("hw:" + card + ",0")
	if err != nil {
		t.Fatal(err)
	}
	return capture, playback
}

// slotFrame is frame k of slot s. Every sample names its slot and its
// place in the slot's stream (slot*1000 + 1..997, never 0), because a
// loopback returns the stream shifted by any number of samples, not by
// whole frames.
func slotFrame(s, k int) hal.Frame {
	var f hal.Frame
	for i := range f {
		f[i] = int16(s*1000 + 1 + (k*hal.FrameSamples+i)%997)
	}
	return f
}

// slotRuns checks the samples slot s read back: every sample that is not
// silence must be one of the slot's own, and consecutive ones must follow
// each other as slotFrame sent them, except where an overrun lost some
// (jumps) or silence came in between (an underrun or a late writer). It
// returns the longest run, the samples of the slot that came back, and the
// number of jumps.
func slotRuns(s int, samples []int16) (longest, total, jumps int, err error) {
	run := 0
	prev := int16(0)
	for i, v := range samples {
		switch {
		case v == 0:
			run = 0
		case int(v) <= s*1000 || int(v) > s*1000+997:
			return 0, 0, 0, fmt.Errorf("sample %d is %d, not one of slot %d's", i, v, s)
		case run > 0 && int(v)-s*1000-1 == (int(prev)-s*1000)%997:
			run++
		default:
			if run > 0 {
				jumps++
			}
			run = 1
		}
		if v != 0 {
			total++
		}
		prev = v
		longest = max(longest, run)
	}
	return longest, total, jumps, nil
}

func TestALSALoopbackHighway(t *testing.T) {
	card := loopbackCard(t)
	capture, playback := loopbackPaths(t, card)
	const channels = 8
	// A far deeper buffer and cushion than a board needs (500 and 200 ms):
	// an emulated CPU on a shared host stalls now and then for longer than
	// a board's 80 ms buffer. TestALSALoopbackXRun covers the stalls.
	port, err := OpenTDM(TDMConfig{Capture: capture, Playback: playback, PCM: PCMConfig{Channels: channels, Periods: 25, StartPeriods: 10}})
	if err != nil {
		t.Fatal(err)
	}
	h, err := hal.NewTDMHighway(port, channels, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()

	talking := []int{0, 3, 7} // slots that send their tagged frames
	const silent = 5          // a slot that is open but never written
	streams := map[int]hal.PCMStream{}
	for _, s := range append(talking, silent) {
		if streams[s], err = h.Stream(s); err != nil {
			t.Fatal(err)
		}
	}

	const periods = 100 // 2 s of audio
	// The writers keep 8 frames queued ahead, as a jitter buffer would, so
	// that a late test goroutine does not leave a period silent.
	const ahead = 8
	write := func(k int) {
		for _, s := range talking {
			f := slotFrame(s, k)
			if err := streams[s].WriteFrame(&f); err != nil {
				t.Fatalf("slot %d: WriteFrame: %v", s, err)
			}
		}
	}
	for k := range ahead {
		write(k)
	}
	got := map[int][]int16{}
	for k := range periods {
		write(k + ahead)
		for _, s := range append(talking, silent) {
			var f hal.Frame
			if err := streams[s].ReadFrame(&f); err != nil {
				t.Fatalf("slot %d: ReadFrame: %v", s, err)
			}
			got[s] = append(got[s], f[:]...)
		}
	}
	xc, xp := port.XRuns()
	if n, total, _, err := slotRuns(silent, got[silent]); err != nil || total != 0 {
		t.Errorf("slot %d that nobody wrote: %d samples (run %d), %v; want silence", silent, total, n, err)
	}
	var sb strings.Builder
	for _, s := range talking {
		longest, total, jumps, err := slotRuns(s, got[s])
		if err != nil {
			t.Fatalf("slot %d: %v", s, err)
		}
		// The cushion's 10 frames are still in flight at the end; a loaded
		// emulator may lose a few more to xruns or to the highway's queues
		// when this goroutine is late, each loss making at most one jump
		// in what was captured.
		losses := xc + xp + h.Lost()
		if longest < 10*hal.FrameSamples || total < periods/2*hal.FrameSamples || uint64(jumps) > losses {
			t.Errorf("slot %d: %d of %d samples came back, the longest run in order %d, %d jumps; want at least 10 frames in order, half of all, and no more jumps than losses (xruns: capture %d, playback %d; frames the highway dropped: %d)",
				s, total, periods*hal.FrameSamples, longest, jumps, xc, xp, h.Lost())
		}
		fmt.Fprintf(&sb, " slot%d=%d/%d", s, longest, total)
	}
	fmt.Printf("alsa-loopback-highway: %s%s silent-slot%d=ok xruns=%d/%d lost=%d\n", runtime.GOARCH, sb.String(), silent, xc, xp, h.Lost())
}

func TestALSALoopbackXRun(t *testing.T) {
	card := loopbackCard(t)
	capture, playback := loopbackPaths(t, card)
	c := PCMConfig{Channels: 2}
	cp, err := OpenPCM(capture, c)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	pp, err := OpenPCM(playback, c)
	if err != nil {
		t.Fatal(err)
	}
	defer pp.Close()
	buf := make([]int16, hal.FrameSamples*2)
	if err := pp.WriteSilence(2 * hal.FrameSamples); err != nil {
		t.Fatal(err)
	}
	if err := cp.ReadFrames(buf); err != nil {
		t.Fatal(err)
	}
	// Neither side is served for longer than the 4-period (80 ms) buffer:
	// capture overruns and playback underruns. Both recover on the next
	// transfer and count it.
	time.Sleep(300 * time.Millisecond)
	if err := pp.WriteFrames(buf); err != nil {
		t.Fatalf("write after an underrun: %v", err)
	}
	if err := cp.ReadFrames(buf); err != nil {
		t.Fatalf("read after an overrun: %v", err)
	}
	if cp.XRuns() == 0 || pp.XRuns() == 0 {
		t.Errorf("xruns after 300 ms unserved: capture %d, playback %d; want at least 1 each", cp.XRuns(), pp.XRuns())
	}
	for range 5 {
		if err := pp.WriteFrames(buf); err != nil {
			t.Fatal(err)
		}
		if err := cp.ReadFrames(buf); err != nil {
			t.Fatal(err)
		}
	}
	fmt.Printf("alsa-loopback-xrun: %s capture=%d playback=%d\n", runtime.GOARCH, cp.XRuns(), pp.XRuns())
}

func TestALSALoopbackRefusesBadConfig(t *testing.T) {
	card := loopbackCard(t)
	capture, _ := loopbackPaths(t, card)
	// snd-aloop offers 1..32 channels.
	_, err := OpenPCM(capture, PCMConfig{Channels: 64})
	if err == nil || !strings.Contains(err.Error(), "64 channels") || !strings.Contains(err.Error(), "offers 1..32") {
		t.Errorf("OpenPCM(64 channels) = %v; want it to name the channels and the range offered", err)
	}
	_, err = OpenPCM(strings.TrimSuffix(capture, "c")+"x", PCMConfig{Channels: 2})
	if err == nil {
		t.Errorf("OpenPCM of a path that is neither capture nor playback: no error")
	}
	// A device that another stream holds is refused at once.
	a, err := OpenPCM(capture, PCMConfig{Channels: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	_, err = OpenPCM(capture, PCMConfig{Channels: 2})
	if err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("OpenPCM of a busy device = %v; want \"in use\"", err)
	}
}

func TestALSALoopbackCloseUnblocksRead(t *testing.T) {
	card := loopbackCard(t)
	capture, _ := loopbackPaths(t, card)
	cp, err := OpenPCM(capture, PCMConfig{Channels: 2, Stall: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	res := make(chan error)
	go func() {
		buf := make([]int16, 2*hal.FrameSamples*100) // 2 s: still waiting when closed
		res <- cp.ReadFrames(buf)
	}()
	time.Sleep(100 * time.Millisecond)
	cp.Close()
	if err := <-res; !errors.Is(err, hal.ErrClosed) {
		t.Errorf("ReadFrames when closed = %v; want hal.ErrClosed", err)
	}
}

// The checker of TestALSALoopbackHighway, on samples made up here.
func TestSlotRuns(t *testing.T) {
	a, b, c, e := slotFrame(3, 0), slotFrame(3, 1), slotFrame(3, 2), slotFrame(3, 5)
	stream := func(parts ...[]int16) []int16 {
		var s []int16
		for _, p := range parts {
			s = append(s, p...)
		}
		return s
	}
	tests := []struct {
		name                  string
		samples               []int16
		longest, total, jumps int
		ok                    bool
	}{
		{"in order after silence", stream(make([]int16, 7), a[:], b[:]), 320, 320, 0, true},
		{"shifted by 5 samples", stream(a[5:], b[:]), 315, 315, 0, true},
		{"a lost frame is a jump", stream(a[:], c[:]), 160, 320, 1, true},
		{"silence between is no jump", stream(a[:], make([]int16, 3), e[:]), 160, 320, 0, true},
		{"another slot's sample", stream(a[:10], []int16{2001}), 0, 0, 0, false},
		{"a negative sample", stream(a[:10], []int16{-5}), 0, 0, 0, false},
	}
	for _, tc := range tests {
		l, n, j, err := slotRuns(3, tc.samples)
		if (err == nil) != tc.ok || (tc.ok && (l != tc.longest || n != tc.total || j != tc.jumps)) {
			t.Errorf("%s: slotRuns = %d, %d, %d, %v; want %d, %d, %d, ok=%v", tc.name, l, n, j, err, tc.longest, tc.total, tc.jumps, tc.ok)
		}
	}
}
