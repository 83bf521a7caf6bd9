package sim

import (
	"testing"
	"testing/synctest"
	"time"

	"periph.io/x/conn/v3/gpio"
)

func TestWatchdog(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := NewWatchdog(nil, time.Second)
		fired := make(chan struct{})
		w.mu.Lock()
		w.OnExpire = func() { close(fired) }
		w.mu.Unlock()
		for i := 0; i < 5; i++ {
			time.Sleep(900 * time.Millisecond)
			w.Kick()
		}
		if w.Expired() {
			t.Fatal("expired although kicked every 900 ms")
		}
		time.Sleep(1100 * time.Millisecond)
		<-fired
		if !w.Expired() {
			t.Fatal("did not expire")
		}
		w2 := NewWatchdog(nil, time.Second)
		w2.Close()
		time.Sleep(2 * time.Second)
		if w2.Expired() {
			t.Error("expired after the magic close")
		}
	})
}

func TestPins(t *testing.T) {
	var ps Pins
	if ps.Pin("sim:a") != ps.Pin("a") {
		t.Fatal("sim:a and a are different pins")
	}
	ps.Pin("a").Out(gpio.High)
	if ps.Pin("a").Read() != gpio.High {
		t.Fatal("level lost")
	}
}
