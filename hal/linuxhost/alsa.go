//go:build linux

package linuxhost

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"github.com/hookflash/firmware/hal"
	"golang.org/x/sys/unix"
)

// PCM is one direction of an ALSA PCM device (/dev/snd/pcmC<card>D<dev>c
// for capture, ...p for playback), opened through the kernel's ioctls for
// interleaved signed 16-bit little-endian samples. An xrun (the reader or
// writer fell a whole buffer behind) is recovered by preparing the stream
// again and counted. One goroutine may read or write while another closes.
type PCM struct {
	path    string
	capture bool
	cfg     PCMConfig
	f       *os.File
	rc      syscall.RawConn
	buffer  int // frames, as the kernel chose

	xruns   atomic.Uint64
	closing atomic.Bool
}

// OpenPCM opens the PCM device at path (capture when it ends in 'c',
// playback when in 'p') and configures it: interleaved access, S16_LE,
// c.Channels channels at c.Rate with periods of exactly c.PeriodFrames.
// A configuration the device cannot do is refused with the parameter it
// does not support and the range it offers.
func OpenPCM(path string, c PCMConfig) (*PCM, error) {
	if err := c.defaults(); err != nil {
		return nil, fmt.Errorf("linuxhost: alsa %s: %w", path, err)
	}
	var capture bool
	switch {
	case strings.HasSuffix(path, "c"):
		capture = true
	case strings.HasSuffix(path, "p"):
	default:
		return nil, fmt.Errorf("linuxhost: alsa %s: want a PCM device /dev/snd/pcmC<card>D<device>c or ...p", path)
	}
	// Opened non-blocking: a busy device fails at once instead of waiting
	// for its owner, and reads and writes wait in Go's poller, so Close and
	// deadlines end them.
	fd, err := unix.Open(path, unix.O_RDWR|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		if errors.Is(err, unix.EBUSY) {
			return nil, fmt.Errorf("linuxhost: alsa %s: in use by another program (fuser %s shows which)", path, path)
		}
		return nil, fmt.Errorf("linuxhost: alsa: open %s: %w", path, err)
	}
	p := &PCM{path: path, capture: capture, cfg: c, f: os.NewFile(uintptr(fd), path)}
	if err := p.f.SetDeadline(time.Time{}); err != nil {
		p.f.Close()
		return nil, fmt.Errorf("linuxhost: alsa %s: not a pollable device: %w", path, err)
	}
	if p.rc, err = p.f.SyscallConn(); err != nil {
		p.f.Close()
		return nil, fmt.Errorf("linuxhost: alsa %s: %w", path, err)
	}
	if err := p.setup(); err != nil {
		p.f.Close()
		return nil, fmt.Errorf("linuxhost: alsa %s: %w", path, err)
	}
	return p, nil
}

// ioctl runs one ioctl on the device, never waiting.
func (p *PCM) ioctl(req uintptr, arg unsafe.Pointer) error {
	var errno syscall.Errno
	err := p.rc.Control(func(fd uintptr) {
		_, _, errno = unix.Syscall(unix.SYS_IOCTL, fd, req, uintptr(arg))
	})
	if err != nil {
		return err
	}
	if errno != 0 {
		return errno
	}
	return nil
}

// setup checks the protocol version and sets the hardware and software
// parameters, then prepares the stream.
func (p *PCM) setup() error {
	var ver int32
	if err := p.ioctl(ioctlPVersion, unsafe.Pointer(&ver)); err != nil {
		return fmt.Errorf("not an ALSA PCM device: %w", err)
	}
	if ver>>16 != sndPCMVersionMajor {
		return fmt.Errorf("PCM protocol %d.%d.%d: want 2.x", ver>>16, ver>>8&0xff, ver&0xff)
	}
	c := p.cfg
	want := p.wanted()
	hw := *want
	if err := p.ioctl(ioctlHWRefine, unsafe.Pointer(&hw)); err != nil {
		return p.unsupported(err)
	}
	hw = *want
	if err := p.ioctl(ioctlHWParams, unsafe.Pointer(&hw)); err != nil {
		return fmt.Errorf("hw_params: %w", err)
	}
	if got := hw.interval(hwParamPeriodSize); got.min != uint32(c.PeriodFrames) {
		return fmt.Errorf("the device chose %d-frame periods; want %d", got.min, c.PeriodFrames)
	}
	p.buffer = int(hw.interval(hwParamBufferSize).min)

	sw := sndSWParams{
		periodStep:     1,
		availMin:       uintptr(c.PeriodFrames),
		xferAlign:      1,
		startThreshold: 1,
		stopThreshold:  uintptr(p.buffer),
		proto:          sndPCMVersion,
	}
	if !p.capture {
		sw.startThreshold = uintptr(c.StartPeriods * c.PeriodFrames)
	}
	if err := p.ioctl(ioctlSWParams, unsafe.Pointer(&sw)); err != nil {
		return fmt.Errorf("sw_params: %w", err)
	}
	if err := p.ioctl(ioctlPrepare, nil); err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	return nil
}

// wanted returns the hardware parameters the configuration asks for.
func (p *PCM) wanted() *sndHWParams {
	c := p.cfg
	hw := anyHWParams()
	hw.setMask(hwParamAccess, sndPCMAccessRWInterleaved)
	hw.setMask(hwParamFormat, sndPCMFormatS16LE)
	hw.setInt(hwParamChannels, uint32(c.Channels))
	hw.setInt(hwParamRate, uint32(c.Rate))
	hw.setInt(hwParamPeriodSize, uint32(c.PeriodFrames))
	hw.setInt(hwParamPeriods, uint32(c.Periods))
	return hw
}

// unsupported explains a refused configuration: it tries each parameter
// alone against the device's whole space and names the first it refuses,
// with the range the device offers.
func (p *PCM) unsupported(refineErr error) error {
	c := p.cfg
	space := anyHWParams()
	if err := p.ioctl(ioctlHWRefine, unsafe.Pointer(space)); err != nil {
		return fmt.Errorf("the device refuses every configuration: %w", err)
	}
	rng := func(k int) string {
		iv := space.interval(k)
		return fmt.Sprintf("%d..%d", iv.min, iv.max)
	}
	tries := []struct {
		what, offers string
		set          func(*sndHWParams)
	}{
		{"interleaved read/write access", "", func(h *sndHWParams) { h.setMask(hwParamAccess, sndPCMAccessRWInterleaved) }},
		{"signed 16-bit little-endian samples (S16_LE)", "", func(h *sndHWParams) { h.setMask(hwParamFormat, sndPCMFormatS16LE) }},
		{fmt.Sprintf("%d channels", c.Channels), rng(hwParamChannels), func(h *sndHWParams) { h.setInt(hwParamChannels, uint32(c.Channels)) }},
		{fmt.Sprintf("a rate of %d Hz", c.Rate), rng(hwParamRate), func(h *sndHWParams) { h.setInt(hwParamRate, uint32(c.Rate)) }},
		{fmt.Sprintf("%d-frame periods", c.PeriodFrames), rng(hwParamPeriodSize), func(h *sndHWParams) { h.setInt(hwParamPeriodSize, uint32(c.PeriodFrames)) }},
		{fmt.Sprintf("%d periods", c.Periods), rng(hwParamPeriods), func(h *sndHWParams) { h.setInt(hwParamPeriods, uint32(c.Periods)) }},
	}
	for _, t := range tries {
		h := anyHWParams()
		t.set(h)
		if err := p.ioctl(ioctlHWRefine, unsafe.Pointer(h)); err != nil {
			if t.offers != "" {
				return fmt.Errorf("the device does not support %s (it offers %s)", t.what, t.offers)
			}
			return fmt.Errorf("the device does not support %s", t.what)
		}
	}
	return fmt.Errorf("the device does not support %d channels of S16_LE at %d Hz with %d periods of %d frames together (channels %s, rate %s, period %s): %w",
		c.Channels, c.Rate, c.Periods, c.PeriodFrames, rng(hwParamChannels), rng(hwParamRate), rng(hwParamPeriodSize), refineErr)
}

// Path returns the device path.
func (p *PCM) Path() string { return p.path }

// BufferFrames returns the size of the device's buffer in frames.
func (p *PCM) BufferFrames() int { return p.buffer }

// XRuns returns how many overruns (capture) or underruns (playback) the
// stream recovered from.
func (p *PCM) XRuns() uint64 { return p.xruns.Load() }

// ReadFrames fills buf with len(buf)/Channels interleaved frames from a
// capture stream, waiting for the device as needed.
func (p *PCM) ReadFrames(buf []int16) error {
	if !p.capture {
		return fmt.Errorf("linuxhost: alsa %s: read from a playback stream", p.path)
	}
	return p.xfer(buf, ioctlReadIFrms)
}

// WriteFrames queues len(buf)/Channels interleaved frames to a playback
// stream, waiting while the device's buffer is full.
func (p *PCM) WriteFrames(buf []int16) error {
	if p.capture {
		return fmt.Errorf("linuxhost: alsa %s: write to a capture stream", p.path)
	}
	return p.xfer(buf, ioctlWriteIFrms)
}

// WriteSilence queues n frames of silence to a playback stream.
func (p *PCM) WriteSilence(n int) error {
	return p.WriteFrames(make([]int16, n*p.cfg.Channels))
}

func (p *PCM) xfer(buf []int16, req uintptr) error {
	n := p.cfg.Channels
	if len(buf) == 0 || len(buf)%n != 0 {
		return fmt.Errorf("linuxhost: alsa %s: buffer of %d samples is not a whole number of %d-channel frames", p.path, len(buf), n)
	}
	var pin runtime.Pinner
	defer pin.Unpin()
	pin.Pin(&buf[0])
	frames, done := len(buf)/n, 0
	deadline := time.Now().Add(p.cfg.Stall)
	for done < frames {
		x := sndXferI{buf: unsafe.Pointer(&buf[done*n]), frames: uintptr(frames - done)}
		var errno syscall.Errno
		try := func(fd uintptr) bool {
			_, _, errno = unix.Syscall(unix.SYS_IOCTL, fd, req, uintptr(unsafe.Pointer(&x)))
			return errno != unix.EAGAIN
		}
		var err error
		if p.capture {
			p.f.SetReadDeadline(deadline)
			err = p.rc.Read(try)
		} else {
			p.f.SetWriteDeadline(deadline)
			err = p.rc.Write(try)
		}
		switch {
		case errors.Is(err, os.ErrDeadlineExceeded):
			return fmt.Errorf("linuxhost: alsa %s: no audio moved for %v: is the PCM clock (bit clock and frame sync) running?", p.path, p.cfg.Stall)
		case err != nil:
			return p.closedOr(err)
		}
		switch errno {
		case 0:
			done += x.result
		case unix.EPIPE, unix.ESTRPIPE:
			// Overrun or underrun (or a resume from suspend): the stream
			// stopped; prepare it again and carry on.
			p.xruns.Add(1)
			if err := p.ioctl(ioctlPrepare, nil); err != nil {
				return p.closedOr(fmt.Errorf("prepare after xrun: %w", err))
			}
			if !p.capture {
				if err := p.refill(); err != nil {
					return err
				}
			}
			deadline = time.Now().Add(p.cfg.Stall)
		case unix.EINTR:
		default:
			return p.closedOr(errno)
		}
	}
	return nil
}

// refill queues StartPeriods of silence after an underrun so that playback
// restarts with its cushion.
func (p *PCM) refill() error {
	return p.xfer(make([]int16, p.cfg.StartPeriods*p.cfg.PeriodFrames*p.cfg.Channels), ioctlWriteIFrms)
}

func (p *PCM) closedOr(err error) error {
	if p.closing.Load() || errors.Is(err, os.ErrClosed) {
		return hal.ErrClosed
	}
	return fmt.Errorf("linuxhost: alsa %s: %w", p.path, err)
}

// Close stops the stream at once (DROP), discarding what is queued, and
// closes the device; a read or write waiting in another goroutine returns
// hal.ErrClosed.
func (p *PCM) Close() error {
	if p.closing.Swap(true) {
		return nil
	}
	p.ioctl(ioctlDrop, nil)
	if err := p.f.Close(); err != nil {
		return fmt.Errorf("linuxhost: alsa %s: %w", p.path, err)
	}
	return nil
}
