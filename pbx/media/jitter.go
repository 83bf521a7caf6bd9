package media

import (
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

// Jitter buffer sizes and bounds, in 8 kHz samples unless stated.
const (
	jbRing      = 4096                   // codes held: 512 ms
	jbMask      = jbRing - 1             // ring index mask
	jbMinTarget = 20 * 8                 // 20 ms: the least delay kept
	jbMaxTarget = 200 * 8                // 200 ms: the most delay kept
	jbWindow    = 2 * 8000               // 2 s windows for the lowest transit time
	jbFar       = 8000                   // a packet 1 s from the play point is a jump
	jbFarCount  = 3                      // jumps in a row that restart the buffer
	jbMaxAhead  = jbRing - jbMaxTarget/2 // how far ahead of the play point codes are kept
	jbSpikeHold = 9                      // the late allowance decays by 1/512 per frame (about 10 s)
	jbJitterK   = 3                      // target = 3 times the jitter, within the bounds
	jbAttenuate = 1                      // a concealed frame is the last one shifted right: -6 dB
	jbBand      = 2 * frameTS            // how far the play point may lag the target: two frames
	frameTS64   = int64(frameTS)         // one frame
	sampleDur   = time.Second / 8000     // one sample
)

// jitterBuffer turns RTP packets that arrive with jitter, out of order,
// late or not at all into a steady 20 ms frame per call of get.
//
// It keeps G.711 codes in a ring indexed by RTP timestamp and plays from a
// play point that advances by one frame per get. The play point tracks a
// target delay behind the fastest packets: transit time (arrival minus
// timestamp) is measured per packet; its lowest value over the last 2 to 4
// s is the path's base delay, and the target is three times the
// interarrival jitter (RFC 3550 6.4.1 estimator) or the lateness of a
// recent late packet, whichever is larger, within 20 and 200 ms. The play
// point may lag the target by up to two frames: when it lags by two, one
// frame is dropped; when it runs ahead, a concealment frame is inserted.
// Either move lands it a frame inside that band, so a reader that wakes a
// little early or late cannot flip it back (with a band one frame wide,
// such a reader dropped and inserted a frame by turns). A frame that is
// missing at its time is concealed: the first by repeating the last frame
// at -6 dB, then silence. Packets that arrive after their time are dropped and raise the
// target.
//
// Times are passed in (the injectable clock), so tests drive it
// deterministically. It is not safe for concurrent use.
type jitterBuffer struct {
	epoch time.Time // reference for arrival times
	codec *codec
	wide  *wideRx // the wideband decoder, made when the codec is one
	on    bool
	ssrc  uint32
	play  int64 // extended RTP timestamp of the next sample to play

	codes [jbRing]byte
	valid [jbRing / 64]uint64

	minCur, minPrev int64 // lowest transit in the current and the previous window, in samples
	winEnd          int64 // arrival at which the current window ends
	lastTransit     int64
	haveTransit     bool
	jitter          float64 // interarrival jitter, in samples
	spike           int64   // allowance for a recent late packet, in samples
	target          int64   // delay kept above the base delay, in samples
	far             int     // packets in a row far from the play point

	last     call.Frame // the last frame played from received audio
	haveLast bool
	lostRun  int // frames in a row concealed
	scratch  [frameTS]byte

	stats jbStats
}

// jbStats counts what the jitter buffer did.
type jbStats struct {
	Late      int64 // packets dropped for arriving after their play time
	Concealed int64 // frames played without received audio (loss, late, underrun)
	Dropped   int64 // frames skipped to shrink the delay
	Inserted  int64 // frames inserted to grow the delay
}

// newJitterBuffer returns an empty jitter buffer whose arrival times count
// from epoch.
func newJitterBuffer(epoch time.Time) *jitterBuffer {
	return &jitterBuffer{epoch: epoch, target: jbMinTarget}
}

// arrival returns t in samples since the epoch.
func (jb *jitterBuffer) arrival(t time.Time) int64 { return int64(t.Sub(jb.epoch) / sampleDur) }

// reset empties the buffer; the next packet starts it again. The delay
// estimates are kept: they describe the network, not the stream.
func (jb *jitterBuffer) reset() {
	jb.on = false
	jb.valid = [jbRing / 64]uint64{}
	jb.lostRun = 0
	jb.haveLast = false
}

// restart starts playing the stream of source ssrc in codec c from its
// packet of timestamp ts that arrived at arr, target samples from now.
func (jb *jitterBuffer) restart(c *codec, ssrc uint32, ts uint32, arr int64) {
	jb.reset()
	jb.on, jb.codec, jb.ssrc = true, c, ssrc
	jb.play = int64(ts) - jb.target
	jb.minCur = arr - int64(ts)
	jb.minPrev = jb.minCur
	jb.winEnd = arr + jbWindow
	jb.haveTransit = false
	jb.far = 0
}

// put stores a packet of source ssrc in codec c with timestamp ts and
// payload payload (G.711 codes, one per sample) that arrived at now. It
// allocates nothing.
func (jb *jitterBuffer) put(now time.Time, c *codec, ssrc uint32, ts uint32, payload []byte) {
	arr := jb.arrival(now)
	if !jb.on || c != jb.codec || ssrc != jb.ssrc {
		jb.restart(c, ssrc, ts, arr)
	}
	ext := jb.play + int64(int32(ts-uint32(jb.play)))
	if ext < jb.play-jbFar || ext > jb.play+jbFar {
		// A timestamp jump: the source restarted its clock. Take it
		// once it is confirmed, so one stray packet does not upset play.
		if jb.far++; jb.far < jbFarCount {
			return
		}
		jb.restart(c, ssrc, ts, arr)
		ext = int64(ts)
	}
	jb.far = 0
	transit := arr - ext
	jb.track(transit, arr)

	end := ext + int64(len(payload))
	if end <= jb.play {
		// Late: its time has passed. Allow for such lateness from now.
		jb.stats.Late++
		jb.spike = min(max(jb.spike, transit-jb.base()+frameTS64), jbMaxTarget)
		jb.retarget()
		return
	}
	start := max(ext, jb.play)
	end = min(end, jb.play+jbMaxAhead)
	for i := start; i < end; i++ {
		k := i & jbMask
		jb.codes[k] = payload[i-ext]
		jb.valid[k>>6] |= 1 << (k & 63)
	}
}

// track folds a packet's transit time into the delay estimates.
func (jb *jitterBuffer) track(transit, arr int64) {
	if arr >= jb.winEnd {
		jb.minPrev, jb.minCur, jb.winEnd = jb.minCur, transit, arr+jbWindow
	} else if transit < jb.minCur {
		jb.minCur = transit
	}
	if jb.haveTransit {
		d := transit - jb.lastTransit
		if d < 0 {
			d = -d
		}
		jb.jitter += (float64(d) - jb.jitter) / 16
	}
	jb.lastTransit, jb.haveTransit = transit, true
	jb.retarget()
}

// retarget sets the target delay from the jitter and the spike allowance.
func (jb *jitterBuffer) retarget() {
	t := max(int64(jbJitterK*jb.jitter), jb.spike)
	jb.target = min(max(t, jbMinTarget), jbMaxTarget)
}

// base returns the path's base transit time: the lowest of the last two
// windows.
func (jb *jitterBuffer) base() int64 { return min(jb.minCur, jb.minPrev) }

// get fills out with the frame due at now. It allocates nothing.
func (jb *jitterBuffer) get(now time.Time, out *call.Frame) {
	if !jb.on {
		clear(out[:])
		return
	}
	jb.spike -= (jb.spike + 1<<jbSpikeHold - 1) >> jbSpikeHold
	jb.retarget()
	desired := jb.arrival(now) - jb.base() - jb.target
	switch diff := desired - jb.play; {
	case diff >= jbBand:
		// Too much delay: skip a frame.
		jb.clearRange(jb.play, jb.play+frameTS64)
		jb.play += frameTS64
		jb.stats.Dropped++
	case diff < 0:
		// Too little delay: play a concealment frame and wait.
		jb.stats.Inserted++
		jb.conceal(out)
		return
	}
	valid := jb.fetch(jb.play)
	if valid == 0 {
		jb.play += frameTS64
		if jb.haveLast {
			jb.stats.Concealed++ // not while the first audio is awaited
		}
		jb.conceal(out)
		return
	}
	if jb.codec.wideband {
		if jb.wide == nil {
			jb.wide = new(wideRx)
		}
		jb.wide.decode(out[:], jb.scratch[:])
	} else {
		jb.codec.decode(out[:], jb.scratch[:])
	}
	if valid != frameTS {
		// Part of the frame came (another packet size): silence the rest.
		for i := range frameTS {
			if !jb.isValid(jb.play + int64(i)) {
				out[i] = 0
			}
		}
	}
	jb.clearRange(jb.play, jb.play+frameTS64)
	jb.play += frameTS64
	jb.last, jb.haveLast, jb.lostRun = *out, true, 0
}

// fetch copies the codes of the frame at from into scratch and returns how
// many of its samples were received.
func (jb *jitterBuffer) fetch(from int64) int {
	n := 0
	for i := range frameTS {
		k := (from + int64(i)) & jbMask
		jb.scratch[i] = jb.codes[k]
		if jb.valid[k>>6]&(1<<(k&63)) != 0 {
			n++
		}
	}
	return n
}

// isValid reports whether the sample at extended timestamp x was received
// (before clearRange forgets it).
func (jb *jitterBuffer) isValid(x int64) bool {
	k := x & jbMask
	return jb.valid[k>>6]&(1<<(k&63)) != 0
}

// clearRange forgets the samples from extended timestamp from up to to.
func (jb *jitterBuffer) clearRange(from, to int64) {
	for x := from; x < to; x++ {
		k := x & jbMask
		jb.valid[k>>6] &^= 1 << (k & 63)
	}
}

// conceal fills out for a frame with no audio: the last frame at -6 dB for
// the first such frame, silence after.
func (jb *jitterBuffer) conceal(out *call.Frame) {
	jb.lostRun++
	if jb.lostRun > 1 || !jb.haveLast {
		clear(out[:])
		return
	}
	for i, v := range jb.last {
		out[i] = v >> jbAttenuate
	}
}

// targetDelay returns the current target delay.
func (jb *jitterBuffer) targetDelay() time.Duration { return time.Duration(jb.target) * sampleDur }
