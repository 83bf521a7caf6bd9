package hal_test

import (
	"context"
	"github.com/hookflash/firmware/hal"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/hal/sim"
	"periph.io/x/conn/v3/gpio"
)

func TestResetButton(t *testing.T) {
	tests := []struct {
		name string
		hold time.Duration
		want []hal.Press
	}{
		{"bounce only", 20 * time.Millisecond, nil},
		{"short press reboots", 600 * time.Millisecond, []hal.Press{hal.PressShort}},
		{"just under long", 9900 * time.Millisecond, []hal.Press{hal.PressShort}},
		{"long press factory resets", 12 * time.Second, []hal.Press{hal.PressLong}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				pin := sim.NewPin("reset", gpio.High) // pulled up
				ctx, cancel := context.WithCancel(context.Background())
				var got []hal.Press
				var at []time.Duration
				start := time.Now()
				done := make(chan struct{})
				go func() {
					hal.WatchButton(ctx, pin, &hal.ButtonOpts{ActiveLow: true}, func(p hal.Press) {
						got = append(got, p)
						at = append(at, time.Since(start))
					})
					close(done)
				}()
				// Press with contact bounce: 5 ms of chatter, then hold.
				for i := 0; i < 3; i++ {
					pin.Out(gpio.Low)
					time.Sleep(time.Millisecond)
					pin.Out(gpio.High)
					time.Sleep(time.Millisecond)
				}
				pin.Out(gpio.Low)
				time.Sleep(tc.hold)
				pin.Out(gpio.High)
				time.Sleep(time.Second)
				cancel()
				<-done
				if len(got) != len(tc.want) || (len(got) == 1 && got[0] != tc.want[0]) {
					t.Fatalf("held %v: presses %v; want %v", tc.hold, got, tc.want)
				}
				if len(got) == 1 && got[0] == hal.PressLong && (at[0] < 10*time.Second || at[0] > 10100*time.Millisecond) {
					t.Errorf("long press reported at %v; want as soon as the hold reaches 10 s", at[0])
				}
			})
		})
	}
}

func TestModemLines(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		key := sim.NewPin("pwrkey", gpio.Low)
		status := sim.NewPin("status", gpio.High)
		m := &hal.ModemLines{PowerKey: key, Status: status}
		start := time.Now()
		go func() {
			time.Sleep(500 * time.Millisecond)
			if key.Read() != gpio.High {
				t.Errorf("power key not held during the press")
			}
		}()
		if err := m.PressPowerKey(context.Background(), 1200*time.Millisecond); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d != 1200*time.Millisecond || key.Read() != gpio.Low {
			t.Errorf("press lasted %v, key now %v; want 1.2 s and released", d, key.Read())
		}
		if on, err := m.PoweredOn(); err != nil || !on {
			t.Errorf("PoweredOn = %v, %v", on, err)
		}
		if err := m.PulseReset(context.Background(), time.Millisecond); err == nil {
			t.Errorf("PulseReset with no reset line = nil; want ErrNotWired")
		}
	})
}
