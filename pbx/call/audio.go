package call

// FrameSamples is the number of samples in one frame: 20 ms at 8 kHz.
const FrameSamples = 160

// Frame is 20 ms of 8 kHz linear 16-bit PCM.
type Frame [FrameSamples]int16

// Audio is a leg's media as PCM frames. Channels that carry G.711 decode
// through pbx/dsp to offer it; analog ports and GSM modules offer it
// natively. ReadFrame and WriteFrame may be called from different
// goroutines, each by one goroutine at a time.
type Audio interface {
	// ReadFrame fills f with the next 20 ms heard from the far end. It
	// blocks until a frame is due (a jitter buffer or the hardware paces
	// it), returning within about one frame time even when nothing arrived
	// (concealment or silence), and returns io.EOF once the leg's media has
	// ended. It does not keep f.
	ReadFrame(f *Frame) error
	// WriteFrame sends 20 ms towards the far end. It does not keep f.
	WriteFrame(f *Frame) error
}

// Relayer is Audio that can be joined to another Relayer without decoding:
// two RTP streams with the same codec relay packets with rewritten headers.
// The switch uses it when both legs of a bridge offer it and nothing else
// listens in (no recording, no conference).
type Relayer interface {
	Audio
	// Relay starts sending this leg's received media straight to other's
	// far end and back. It returns ok false, changing nothing, when the two
	// cannot be relayed (different codecs). stop ends the relay, after
	// which ReadFrame and WriteFrame work again.
	Relay(other Relayer) (stop func(), ok bool)
}

// MediaStats is what a leg's media measured, for the call record.
type MediaStats struct {
	Codec       string  `json:"codec,omitempty"` // "PCMU", "PCMA", "G722", "pcm"
	PacketsSent int64   `json:"packets_sent"`
	PacketsRecv int64   `json:"packets_received"`
	PacketsLost int64   `json:"packets_lost"`
	JitterMS    float64 `json:"jitter_ms"` // interarrival jitter as RFC 3550 6.4.1 defines it
}

// StatsReporter is implemented by legs that measure their media.
type StatsReporter interface {
	MediaStats() MediaStats
}
