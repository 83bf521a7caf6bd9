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

// PCMStream is the audio of one channel. ReadFrame blocks until the next
// frame from the line is available (one every FrameDuration); WriteFrame
// queues a frame towards the line and does not wait for the frame clock.
// One goroutine may read while another writes; Close unblocks both.
type PCMStream interface {
	ReadFrame(f *Frame) error
	WriteFrame(f *Frame) error
	Close() error
}
