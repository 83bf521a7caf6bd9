package fxs

import (
	"io"
	"sync"
	"time"

	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/pbx/call"
)

// Audio buffering between the port's audio loop and the switch.
const (
	rxFrames = 4 // frames from the phone the switch has not read yet
	txFrames = 6 // frames for the phone the audio loop has not played yet
	// txPrefill is how many frames for the phone are kept before they
	// start playing, and again after the queue ran dry, so that the two
	// frame clocks' jitter does not cut gaps into the audio.
	txPrefill = 2
	// readWait is how long ReadFrame waits for a frame from the phone
	// before it returns silence.
	readWait = 30 * time.Millisecond
)

// audio is a leg's call.Audio: frames from the phone as the port's audio
// loop pushes them, and frames for the phone queued for it to pull.
type audio struct {
	done  <-chan struct{}
	rx    chan call.Frame
	timer *time.Timer // ReadFrame's; one reader at a time

	mu      sync.Mutex
	tx      [txFrames]call.Frame
	head, n int
	playing bool
}

func newAudio(done <-chan struct{}) *audio {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return &audio{done: done, rx: make(chan call.Frame, rxFrames), timer: t}
}

// ReadFrame implements call.Audio: the next 20 ms from the phone, or
// silence when none came within 30 ms (the leg's audio is not flowing
// yet); io.EOF once the leg ended.
func (a *audio) ReadFrame(f *call.Frame) error {
	select {
	case <-a.done:
		return io.EOF
	default:
	}
	select {
	case *f = <-a.rx:
		return nil
	default:
	}
	a.timer.Reset(readWait)
	defer a.timer.Stop()
	select {
	case <-a.done:
		return io.EOF
	case *f = <-a.rx:
	case <-a.timer.C:
		clear(f[:])
	}
	return nil
}

// WriteFrame implements call.Audio: f is queued for the phone; when the
// queue is full the oldest frame is dropped.
func (a *audio) WriteFrame(f *call.Frame) error {
	select {
	case <-a.done:
		return call.ErrLegEnded
	default:
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.n == txFrames {
		a.head = (a.head + 1) % txFrames
		a.n--
	}
	a.tx[(a.head+a.n)%txFrames] = *f
	a.n++
	return nil
}

// push hands a frame from the phone to the switch, dropping the oldest
// when the switch lags. Only the audio loop calls it.
func (a *audio) push(pcm []int16) {
	var f call.Frame
	copy(f[:], pcm)
	hal.QueueDropOldest(a.rx, f)
}

// pull fills out with the next frame for the phone, or silence while the
// queue fills. Only the audio loop calls it.
func (a *audio) pull(out []int16) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.playing && a.n >= txPrefill {
		a.playing = true
	}
	if !a.playing || a.n == 0 {
		a.playing = false
		clear(out)
		return
	}
	copy(out, a.tx[a.head][:])
	a.head = (a.head + 1) % txFrames
	a.n--
}
