package media

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

// RFC 4733 sending parameters.
const (
	dtmfTone       = 100 * time.Millisecond // how long each digit's event lasts
	dtmfPause      = 60 * time.Millisecond  // the pause between two digits
	dtmfVolume     = 10                     // -10 dBm0, a telephone's level
	dtmfEndRepeats = 3                      // the end packet is sent three times (2.5.1.4)
	dtmfLostEnd    = 500 * time.Millisecond // an event without end packets is over after this
)

// dtmfEvents are the RFC 4733 section 3.2 event codes 0-15, by digit.
const dtmfEvents = "0123456789*#ABCD"

// eventOf returns the event code of digit d (a-d too), or false.
func eventOf(d byte) (uint8, bool) {
	if d >= 'a' && d <= 'd' {
		d -= 'a' - 'A'
	}
	for i := 0; i < len(dtmfEvents); i++ {
		if dtmfEvents[i] == d {
			return uint8(i), true
		}
	}
	return 0, false
}

// digitOf returns the digit of event code ev, or 0 for events that are
// not digits (flash, tones).
func digitOf(ev uint8) byte {
	if int(ev) < len(dtmfEvents) {
		return dtmfEvents[ev]
	}
	return 0
}

// putEvent writes an RFC 4733 section 2.3 payload into b (4 bytes).
func putEvent(b []byte, ev uint8, end bool, duration uint16) {
	b[0] = ev
	b[1] = dtmfVolume
	if end {
		b[1] |= 0x80
	}
	b[2], b[3] = byte(duration>>8), byte(duration)
}

// dtmfReceiver turns telephone-event packets into digits, each reported
// once (RFC 4733 section 2.5.2): an event is known by its timestamp; it is
// reported at its first end packet (the retransmitted ends and any update
// are ignored), or, when its end packets are lost, once a newer event
// starts or dtmfLostEnd passed without its packets. Packets of events
// older than the current one (late retransmissions) are ignored. It is not
// safe for concurrent use.
type dtmfReceiver struct {
	on       bool
	ts       uint32 // the current event's timestamp
	code     uint8
	reported bool
	last     time.Duration // arrival of the event's last packet
}

// event takes a telephone-event packet with timestamp ts and payload p
// arriving at at, and returns the digits to report (0: none): an earlier
// event that never ended, then this one if it ended.
func (r *dtmfReceiver) event(ts uint32, p []byte, at time.Duration) (prev, cur byte) {
	if len(p) < 4 {
		return 0, 0
	}
	ev, end := p[0], p[1]&0x80 != 0
	if r.on && ts != r.ts {
		if int32(ts-r.ts) < 0 {
			return 0, 0 // an older event
		}
		if !r.reported {
			prev = digitOf(r.code)
		}
		r.on = false
	}
	if !r.on {
		r.on, r.ts, r.code, r.reported = true, ts, ev, false
	}
	r.last = at
	if end && !r.reported {
		r.reported = true
		cur = digitOf(r.code)
	}
	return prev, cur
}

// idle is told of any other packet arriving at at; it returns the digit of
// an event whose end never came, once it is over.
func (r *dtmfReceiver) idle(at time.Duration) byte {
	if r.on && !r.reported && at-r.last >= dtmfLostEnd {
		r.reported = true
		return digitOf(r.code)
	}
	return 0
}

// SendDigits sends digits (0-9, *, #, A-D) to the far end as RFC 4733
// events when telephone-event was negotiated, otherwise as in-band DTMF
// tones in the codec: each digit lasts 100 ms, with 60 ms between digits.
// It returns when the last digit is sent, or early with ctx's error
// (ending the current event properly). Audio from WriteFrame or a relay is
// held back meanwhile. Calls are serialised.
func (s *Session) SendDigits(ctx context.Context, digits string) error {
	for i := 0; i < len(digits); i++ {
		if _, ok := eventOf(digits[i]); !ok {
			return fmt.Errorf("media: dtmf: %q is not a DTMF digit; use 0-9, *, #, A-D", digits[i])
		}
	}
	s.dtmfMu.Lock()
	defer s.dtmfMu.Unlock()
	if s.closing.Load() {
		return ErrClosed
	}
	st := s.state.Load()
	if st == nil {
		return errors.New("media: dtmf: no negotiated stream yet; send digits after the answer")
	}
	tm := time.NewTimer(time.Hour)
	defer tm.Stop()
	if st.sendTE < 0 {
		return s.sendInband(ctx, tm, digits)
	}
	for i := 0; i < len(digits); i++ {
		if i > 0 {
			if err := s.sleep(ctx, tm, dtmfPause); err != nil {
				return err
			}
		}
		ev, _ := eventOf(digits[i])
		if err := s.sendEvent(ctx, tm, ev); err != nil {
			return err
		}
	}
	return nil
}

// sleep waits d on tm, or until ctx is done or the session closes.
func (s *Session) sleep(ctx context.Context, tm *time.Timer, d time.Duration) error {
	tm.Reset(d)
	select {
	case <-tm.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-s.done:
		return ErrClosed
	}
}

// sendEvent sends one event (RFC 4733 section 2.5.1): a first packet with
// the marker bit and a duration of one frame, an update every 20 ms with
// the duration so far under the same timestamp, and the end packet three
// times. Cancelling ctx ends the event early.
func (s *Session) sendEvent(ctx context.Context, tm *time.Timer, ev uint8) error {
	t := &s.tx
	t.mu.Lock()
	t.dtmf = true
	start, _ := t.nextTS(time.Now())
	t.mu.Unlock()
	defer func() {
		t.mu.Lock()
		t.dtmf = false
		t.mu.Unlock()
	}()
	total := uint16(dtmfTone / sampleDur)
	dur := uint16(frameTS)
	s.sendEventPacket(ev, start, dur, true, false)
	var err error
	for dur < total {
		if err = s.sleep(ctx, tm, frameDur); err != nil {
			break
		}
		dur += frameTS
		if dur < total {
			s.sendEventPacket(ev, start, dur, false, false)
		}
	}
	for range dtmfEndRepeats {
		s.sendEventPacket(ev, start, dur, false, true)
	}
	t.mu.Lock()
	// The stream's time moves to the end of the event.
	t.ts, t.at = start+uint32(dur)-frameTS, time.Now()
	t.mu.Unlock()
	return err
}

// sendEventPacket sends one telephone-event packet.
func (s *Session) sendEventPacket(ev uint8, ts uint32, dur uint16, marker, end bool) {
	st := s.state.Load()
	t := &s.tx
	t.mu.Lock()
	defer t.mu.Unlock()
	if st == nil || st.sendTE < 0 || !st.canSend() || !addrUsable(t.dst) {
		return
	}
	h := t.putHeader(uint8(st.sendTE), marker, ts)
	putEvent(t.buf[h:], ev, end, dur)
	now := time.Now()
	s.rtpConn.WriteToUDPAddrPort(t.buf[:h+4], t.dst)
	t.sentPacket(t.seq+1, ts, 4, now)
}

// sendInband plays digits as DTMF tones (pbx/dsp) through the codec, one
// frame every 20 ms.
func (s *Session) sendInband(ctx context.Context, tm *time.Timer, digits string) error {
	gen, err := dsp.NewDTMFGen(&dsp.DTMFGenOpts{LowDBm0: -6, HighDBm0: -4,
		OnMs: int(dtmfTone / time.Millisecond), OffMs: int(dtmfPause / time.Millisecond)})
	if err != nil {
		return fmt.Errorf("media: dtmf: %w", err)
	}
	t := &s.tx
	t.mu.Lock()
	t.dtmf = true
	t.mu.Unlock()
	defer func() {
		t.mu.Lock()
		t.dtmf = false
		t.mu.Unlock()
	}()
	var f call.Frame
	for len(digits) > 0 || gen.Busy() {
		if n := min(len(digits), 32); n > 0 && !gen.Busy() {
			if err := gen.Send(digits[:n]); err != nil {
				return fmt.Errorf("media: dtmf: %w", err)
			}
			digits = digits[n:]
		}
		gen.Generate(f[:])
		st := s.state.Load()
		t.mu.Lock()
		if st.canSend() && addrUsable(t.dst) {
			s.sendFrameLocked(st, &f, time.Now())
		}
		t.mu.Unlock()
		if err := s.sleep(ctx, tm, frameDur); err != nil {
			return err
		}
	}
	return nil
}
