package hal

import "testing"

// TestQueueDropOldest fills a queue of three frames with five: the two
// oldest are dropped, the newest three wait in order, and queueing a frame
// allocates nothing (it runs once per frame on the audio paths).
func TestQueueDropOldest(t *testing.T) {
	q := make(chan Frame, 3)
	dropped := 0
	for i := range 5 {
		dropped += QueueDropOldest(q, Frame{int16(i)})
	}
	if dropped != 2 {
		t.Errorf("QueueDropOldest dropped %d frames of 5 in a queue of 3; want 2", dropped)
	}
	for want := int16(2); want < 5; want++ {
		if f := <-q; f[0] != want {
			t.Errorf("frame %d queued; want %d", f[0], want)
		}
	}
	var f Frame
	if n := testing.AllocsPerRun(100, func() { QueueDropOldest(q, f) }); n != 0 {
		t.Errorf("QueueDropOldest allocates %v times a frame; want 0", n)
	}
}
