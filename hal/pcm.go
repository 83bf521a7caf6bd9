package hal

import "time"

// PCM audio: one stream per channel (an FXS port, an FXO line, a modem) of
// 20 ms frames of 8 kHz signed 16-bit linear samples.
const (
	// SampleRate is the PCM sample rate in Hz.
	SampleRate = 8000
	// FrameSamples is the number of samples in one frame.
	FrameSamples = 160
	// FrameDuration is the duration of one frame.
	FrameDuration = 20 * time.Millisecond
)

// Frame is one 20 ms frame of 8 kHz linear PCM.
type Frame [FrameSamples]int16

// QueueDropOldest queues f on q without blocking, first taking out the
// oldest frames while q is full, and returns how many it took out: the
// frame queue of a reader that may fall behind a clocked source. q must
// have one sender (the caller); receivers may run concurrently. It does
// not allocate, so per-frame audio paths may call it.
func QueueDropOldest[F any](q chan F, f F) (dropped int) {
	for {
		select {
		case q <- f:
			return dropped
		default:
		}
		select {
		case <-q:
			dropped++
		default:
		}
	}
}

// PCMStream is the audio of one channel. ReadFrame blocks until the next
// frame from the line is available (one every FrameDuration); WriteFrame
// queues a frame towards the line and does not wait for the frame clock.
// One goroutine may read while another writes; Close unblocks both.
type PCMStream interface {
	ReadFrame(f *Frame) error
	WriteFrame(f *Frame) error
	Close() error
}
