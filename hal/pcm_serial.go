package hal

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// SerialFrameBytes is the size of one 20 ms frame on a modem's PCM-over-USB
// serial interface: 160 samples of signed 16-bit little-endian linear PCM
// at 8 kHz, mono.
const SerialFrameBytes = 2 * FrameSamples

// Modem audio over a USB serial interface. Facts from public sources (the
// vendors' application notes themselves were not at hand, so each is marked
// with how it was checked):
//
//   - Quectel EC25/EG25 "Voice over USB": AT+QPCMV=<enable>[,<port>], where
//     port 0 is the USB NMEA interface (USB interface 1, the second ttyUSB
//     of the module), 1 the UART and 2 the USB Audio Class (UAC) sound card.
//     AT+QPCMV=1,0 carries the call audio as raw 8 kHz, 16-bit, mono PCM on
//     that serial interface; AT+QPCMV=0 turns it off. AT+QPCMV=1,2 is not a
//     serial stream: it makes the module a UAC sound card (ALSA). Checked
//     against several independent public drivers and test fixtures
//     (QPCMV=? answers "+QPCMV: (0,1),(0-2)"), not against the Quectel
//     "Voice over USB and UAC" application note itself.
//   - SIMCom SIM7600: AT+CPCMREG=1 starts, AT+CPCMREG=0 stops raw PCM on the
//     "Audio" USB serial interface (8 kHz, 16-bit, mono; AT+CPCMFRM selects
//     8 or 16 kHz); public code sends it once the call is up ("VOICE CALL:
//     BEGIN"). The interface number differs between USB compositions (4 or
//     6 seen), so board profiles name it by USB path. Checked against public
//     drivers, not against the SIMCom USB Audio application note.
//   - Byte order little-endian: what public drivers on both families use;
//     not confirmed in a vendor document.
//   - Pacing: the modem sends one frame's worth of bytes every 20 ms while
//     the voice path is open, and nothing otherwise; USB bulk transfers may
//     split or merge frames, so reads reassemble them.

// SerialPCMOpts configures a SerialPCM. The zero value is usable.
type SerialPCMOpts struct {
	// Clock runs read deadlines; nil means SystemClock.
	Clock Clock
	// Queue is how many frames each direction buffers (default 10, 200 ms).
	// Towards the line, a writer running ahead of the modem loses its newest
	// frames beyond it; from the line, a reader that falls behind loses the
	// oldest.
	Queue int
}

// SerialPCM is a PCMStream over a modem's PCM-over-USB serial interface
// (see SerialFrameBytes for the format). ReadFrame returns frames as the
// modem paces them, reassembled from reads of any size; it blocks while the
// modem sends nothing (no call, voice over USB off) until the read deadline
// or Close. WriteFrame queues a frame for a writer goroutine and never
// blocks on the port. One goroutine may read while another writes; Close,
// from any goroutine, unblocks both and closes the port.
type SerialPCM struct {
	port  io.ReadWriteCloser
	clock Clock

	in   chan Frame
	out  chan Frame
	done chan struct{}
	wg   sync.WaitGroup
	once sync.Once

	mu       sync.Mutex
	deadline time.Time
	err      error // why the port's stream ended, once it has
	ended    chan struct{}
}

// NewSerialPCM returns a SerialPCM over port, e.g. the SerialPort that
// OpenSerial opened on the audio interface a board profile's audio=usb:PATH
// names, or an emulated modem's audio stream. The SerialPCM owns port from
// then on and closes it on Close.
func NewSerialPCM(port io.ReadWriteCloser, o *SerialPCMOpts) (*SerialPCM, error) {
	if port == nil {
		return nil, errors.New("hal: serial pcm: no port; open the modem's audio interface first")
	}
	if o == nil {
		o = &SerialPCMOpts{}
	}
	q := o.Queue
	if q <= 0 {
		q = 10
	}
	s := &SerialPCM{
		port:  port,
		clock: OrSystem(o.Clock),
		in:    make(chan Frame, q),
		out:   make(chan Frame, q),
		done:  make(chan struct{}),
		ended: make(chan struct{}),
	}
	s.wg.Add(2)
	go func() { defer s.wg.Done(); s.readLoop() }()
	go func() { defer s.wg.Done(); s.writeLoop() }()
	return s, nil
}

// readLoop reassembles frames from the port's reads until the stream ends.
func (s *SerialPCM) readLoop() {
	buf := make([]byte, 4*SerialFrameBytes)
	var acc [SerialFrameBytes]byte
	n := 0
	for {
		r, err := s.port.Read(buf)
		for _, b := range buf[:r] {
			acc[n] = b
			if n++; n == SerialFrameBytes {
				n = 0
				s.deliver(decodeFrame(&acc))
			}
		}
		if err == nil {
			continue
		}
		var te interface{ Timeout() bool }
		if errors.As(err, &te) && te.Timeout() {
			continue
		}
		s.mu.Lock()
		select {
		case <-s.done:
			s.err = ErrClosed
		default:
			if errors.Is(err, io.EOF) || errors.Is(err, ErrClosed) {
				s.err = fmt.Errorf("hal: serial pcm: the modem's audio stream ended: %w", ErrClosed)
			} else {
				s.err = fmt.Errorf("hal: serial pcm: read: %w", err)
			}
		}
		s.mu.Unlock()
		close(s.ended)
		return
	}
}

// deliver queues f for ReadFrame, dropping the oldest queued frame when the
// reader fell behind.
func (s *SerialPCM) deliver(f Frame) { QueueDropOldest(s.in, f) }

func (s *SerialPCM) writeLoop() {
	var b [SerialFrameBytes]byte
	for {
		select {
		case <-s.done:
			return
		case <-s.ended:
			return
		case f := <-s.out:
			encodeFrame(&f, &b)
			if _, err := s.port.Write(b[:]); err != nil {
				return // the read side reports why the stream ended
			}
		}
	}
}

func decodeFrame(b *[SerialFrameBytes]byte) Frame {
	var f Frame
	for i := range f {
		f[i] = int16(binary.LittleEndian.Uint16(b[2*i:]))
	}
	return f
}

func encodeFrame(f *Frame, b *[SerialFrameBytes]byte) {
	for i, v := range f {
		binary.LittleEndian.PutUint16(b[2*i:], uint16(v))
	}
}

// SetReadDeadline makes ReadFrame return os.ErrDeadlineExceeded once t has
// passed with no frame. The zero time means no deadline. It is safe for
// concurrent use.
func (s *SerialPCM) SetReadDeadline(t time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deadline = t
	return nil
}

// ReadFrame implements PCMStream: the next frame the modem sent. Frames
// already received are returned even after the stream ended.
func (s *SerialPCM) ReadFrame(f *Frame) error {
	select {
	case <-s.done:
		return ErrClosed
	default:
	}
	s.mu.Lock()
	dl := s.deadline
	s.mu.Unlock()
	var expired chan struct{}
	if !dl.IsZero() {
		d := dl.Sub(s.clock.Now())
		if d <= 0 {
			select {
			case fr := <-s.in:
				*f = fr
				return nil
			default:
				return os.ErrDeadlineExceeded
			}
		}
		expired = make(chan struct{})
		t := s.clock.AfterFunc(d, func() { close(expired) })
		defer t.Stop()
	}
	select {
	case fr := <-s.in:
		*f = fr
		return nil
	case <-s.done:
		return ErrClosed
	case <-s.ended:
		select {
		case fr := <-s.in:
			*f = fr
			return nil
		default:
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.err
	case <-expired:
		return os.ErrDeadlineExceeded
	}
}

// WriteFrame implements PCMStream: f is queued for the modem; it is lost
// when the queue is full (the modem stopped taking audio).
func (s *SerialPCM) WriteFrame(f *Frame) error {
	select {
	case <-s.done:
		return ErrClosed
	case <-s.ended:
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.err
	default:
	}
	select {
	case s.out <- *f:
	default:
	}
	return nil
}

// Close implements PCMStream: it closes the port, which ends a blocked
// read (SerialPort returns ErrClosed within its poll interval), and waits
// for the stream's goroutines.
func (s *SerialPCM) Close() error {
	var err error
	s.once.Do(func() {
		close(s.done)
		if cerr := s.port.Close(); cerr != nil {
			err = fmt.Errorf("hal: serial pcm: %w", cerr)
		}
		s.wg.Wait()
	})
	return err
}
