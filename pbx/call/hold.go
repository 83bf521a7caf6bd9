package call

import (
	"sync"
	"time"
)

// Hold implements Transferrer.
func (c *Call) Hold(leg Leg, src FrameSource) (resume func()) {
	a := leg.Audio()
	if a == nil {
		return func() {}
	}
	quit, done := make(chan struct{}), make(chan struct{})
	c.sw.wg.Add(1) // the handler's goroutine is counted, so this is safe
	go func() {
		defer c.sw.wg.Done()
		defer close(done)
		tick := time.NewTicker(FrameDuration)
		defer tick.Stop()
		var f Frame
		eof := false
		for {
			if eof || src.ReadFrame(&f) != nil {
				eof = true
				clear(f[:])
			}
			if a.WriteFrame(&f) != nil {
				return // the leg ended
			}
			select {
			case <-tick.C:
			case <-quit:
				return
			case <-c.life.Done():
				return
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(quit)
			<-done
		})
	}
}
