package hal

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// A TDM/PCM highway carries every analog port's audio in one frame-synced
// serial stream: at each 8 kHz frame sync, the SLICs and DAAs each put one
// sample into their own time slot. Linux exposes such a highway as one
// sound-card PCM device with one channel per time slot (a TDM DAI), read
// and written as interleaved multichannel frames. The slots carry 16-bit
// linear samples (the ProSLIC's and the Si3050's 16-bit linear PCM mode),
// so a channel is one hal.Frame sample stream and hal needs no G.711.

// TDMPort is an interleaved multichannel PCM device clocked by the highway,
// such as the one linuxhost.OpenTDM returns. A period is FrameSamples
// frames of n channels (one per 16-bit time slot), sample i of channel c at
// p[i*n+c]. ReadPeriod blocks until the device captured the next period;
// WritePeriod hands one period to the device towards the lines and may
// block while the device's buffer is full. Close ends a blocked ReadPeriod
// or WritePeriod with an error.
type TDMPort interface {
	ReadPeriod(p []int16) error
	WritePeriod(p []int16) error
	Close() error
}

// TDMOpts configures a TDMHighway. The zero value is usable.
type TDMOpts struct {
	// Queue is how many frames each slot buffers per direction (default 10,
	// 200 ms). From the line, a reader that falls behind loses its oldest
	// frames; towards the line, a writer running ahead of the highway loses
	// its newest.
	Queue int
}

// TDMHighway splits a TDMPort's interleaved stream into one PCMStream per
// channel. One goroutine, paced by the port, reads each period, hands every
// open channel its frame and writes back one period with each channel's
// next queued frame, or silence for a channel nobody wrote. A slow reader of
// one channel loses its own oldest frames and never holds up the highway.
// It is safe for concurrent use.
type TDMHighway struct {
	port     TDMPort
	channels int
	queue    int

	mu    sync.Mutex
	slots []*tdmSlot // by channel; nil where no stream is open
	err   error      // why the highway ended, once it has

	done  chan struct{} // closed by Close
	ended chan struct{} // closed when the highway's goroutine returned
	once  sync.Once

	lost atomic.Uint64 // frames dropped by a full queue, either direction
}

// NewTDMHighway starts a highway of channels time slots over port, which it
// owns from then on and closes on Close.
func NewTDMHighway(port TDMPort, channels int, o *TDMOpts) (*TDMHighway, error) {
	if port == nil {
		return nil, errors.New("hal: tdm: no port; open the highway's PCM device first")
	}
	if channels < 1 || channels > 128 {
		return nil, fmt.Errorf("hal: tdm: %d channels: want 1..128", channels)
	}
	if o == nil {
		o = &TDMOpts{}
	}
	q := o.Queue
	if q <= 0 {
		q = 10
	}
	h := &TDMHighway{
		port:     port,
		channels: channels,
		queue:    q,
		slots:    make([]*tdmSlot, channels),
		done:     make(chan struct{}),
		ended:    make(chan struct{}),
	}
	go h.run()
	return h, nil
}

// Lost returns how many frames the channels' queues have dropped so far:
// the oldest from the line when a reader fell behind, the newest towards
// the line when a writer ran ahead.
func (h *TDMHighway) Lost() uint64 { return h.lost.Load() }

// Channels returns the number of channels (16-bit time slots).
func (h *TDMHighway) Channels() int { return h.channels }

// TDMChannel returns the channel of a board profile's module: timeslot is
// its first 8-bit time slot (Module.Timeslot) and slotBits the width of the
// highway's channels (16 for linear PCM). A module must start on a channel
// boundary.
func TDMChannel(timeslot, slotBits int) (int, error) {
	if slotBits != 8 && slotBits != 16 {
		return 0, fmt.Errorf("hal: tdm: %d-bit slots: want 8 or 16", slotBits)
	}
	per := slotBits / 8
	if timeslot < 0 || timeslot%per != 0 {
		return 0, fmt.Errorf("hal: tdm: time slot %d: a %d-bit channel starts on a multiple of %d", timeslot, slotBits, per)
	}
	return timeslot / per, nil
}

// Stream opens channel ch (0-based) as a PCMStream. A channel has at most
// one open stream; closing it frees the channel for the next Stream.
func (h *TDMHighway) Stream(ch int) (PCMStream, error) {
	if ch < 0 || ch >= h.channels {
		return nil, fmt.Errorf("hal: tdm: channel %d: want 0..%d", ch, h.channels-1)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	select {
	case <-h.done:
		return nil, ErrClosed
	case <-h.ended:
		return nil, h.err
	default:
	}
	if h.slots[ch] != nil {
		return nil, fmt.Errorf("hal: tdm: channel %d is already open; close its stream first", ch)
	}
	s := &tdmSlot{
		h:      h,
		ch:     ch,
		in:     make(chan Frame, h.queue),
		out:    make(chan Frame, h.queue),
		closed: make(chan struct{}),
	}
	h.slots[ch] = s
	return s, nil
}

// run moves one period in each direction per period the port captures,
// until the port fails or the highway is closed.
func (h *TDMHighway) run() {
	n := h.channels
	in := make([]int16, FrameSamples*n)
	out := make([]int16, FrameSamples*n)
	var err error
	for {
		if err = h.port.ReadPeriod(in); err != nil {
			break
		}
		h.mu.Lock()
		for c, s := range h.slots {
			var f Frame
			if s == nil {
				clearChannel(out, c, n)
				continue
			}
			for i := range f {
				f[i] = in[i*n+c]
			}
			s.deliver(f)
			select {
			case f = <-s.out:
				for i, v := range f {
					out[i*n+c] = v
				}
			default:
				clearChannel(out, c, n)
			}
		}
		h.mu.Unlock()
		if err = h.port.WritePeriod(out); err != nil {
			break
		}
	}
	h.mu.Lock()
	select {
	case <-h.done:
		h.err = ErrClosed
	default:
		h.err = fmt.Errorf("hal: tdm: the highway stopped: %w", err)
	}
	h.mu.Unlock()
	close(h.ended)
}

func clearChannel(p []int16, c, n int) {
	for i := c; i < len(p); i += n {
		p[i] = 0
	}
}

// Close stops the highway: it closes the port, which ends the highway's
// goroutine, and waits for it. Every stream's ReadFrame and WriteFrame
// return ErrClosed from then on.
func (h *TDMHighway) Close() error {
	var err error
	h.once.Do(func() {
		close(h.done)
		if cerr := h.port.Close(); cerr != nil {
			err = fmt.Errorf("hal: tdm: %w", cerr)
		}
		<-h.ended
	})
	return err
}

// tdmSlot is the PCMStream of one channel of a TDMHighway.
type tdmSlot struct {
	h      *TDMHighway
	ch     int
	in     chan Frame // from the line
	out    chan Frame // towards the line
	closed chan struct{}
	once   sync.Once
}

// deliver queues f for ReadFrame, dropping the oldest queued frame when the
// reader fell behind. Only the highway's goroutine calls it.
func (s *tdmSlot) deliver(f Frame) { s.h.lost.Add(uint64(QueueDropOldest(s.in, f))) }

// ReadFrame implements PCMStream: the channel's next frame from the line,
// one every FrameDuration as the highway clocks them.
func (s *tdmSlot) ReadFrame(f *Frame) error {
	select {
	case <-s.closed:
		return ErrClosed
	default:
	}
	select {
	case fr := <-s.in:
		*f = fr
		return nil
	case <-s.closed:
		return ErrClosed
	case <-s.h.ended:
		select {
		case fr := <-s.in:
			*f = fr
			return nil
		default:
		}
		s.h.mu.Lock()
		defer s.h.mu.Unlock()
		return s.h.err
	}
}

// WriteFrame implements PCMStream: f is queued for the channel's next free
// period; it is lost when the queue is full.
func (s *tdmSlot) WriteFrame(f *Frame) error {
	select {
	case <-s.closed:
		return ErrClosed
	case <-s.h.ended:
		s.h.mu.Lock()
		defer s.h.mu.Unlock()
		return s.h.err
	default:
	}
	select {
	case s.out <- *f:
	default:
		s.h.lost.Add(1)
	}
	return nil
}

// Close implements PCMStream: it frees the channel (which then carries
// silence towards the line) and leaves the highway running.
func (s *tdmSlot) Close() error {
	s.once.Do(func() {
		s.h.mu.Lock()
		if s.h.slots[s.ch] == s {
			s.h.slots[s.ch] = nil
		}
		s.h.mu.Unlock()
		close(s.closed)
	})
	return nil
}
