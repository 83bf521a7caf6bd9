package lab

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/hal"
	"periph.io/x/conn/v3/gpio"
)

// TestPressButton holds the simulated board's reset button through the
// HTTP API while the box watches it with hal.WatchButton: 600 ms is a short
// press, 12 s a long one reported at 10 s; bad holds are refused.
func TestPressButton(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, nil)
		h := r.lab.Handler()
		b := r.b.ResetButton
		pin := r.w.Pin(b.Pin)
		if code, v := do(t, h, "POST", "/button", `{"ms":600}`); code != 400 {
			t.Errorf("POST /button with nothing pulling the line up = %d %v; want 400", code, v)
		}
		pin.Set(gpio.High) // the board's pull-up, as pbxd sets it

		ctx, cancel := context.WithCancel(context.Background())
		var mu sync.Mutex
		var got []hal.Press
		var at []time.Duration
		start := time.Now()
		done := make(chan struct{})
		go func() {
			defer close(done)
			hal.WatchButton(ctx, pin, &hal.ButtonOpts{ActiveLow: b.ActiveLow}, func(p hal.Press) {
				mu.Lock()
				got, at = append(got, p), append(at, time.Since(start))
				mu.Unlock()
			})
		}()

		tests := []struct {
			body   string
			status int
			field  string
		}{
			{`{"ms":0}`, 400, "ms"},
			{`{"ms":60001}`, 400, "ms"},
			{`{"ms":"long"}`, 400, "ms"},
			{`{"ms":12000}`, 200, ""},
			{`{"ms":600}`, 400, ""}, // still held
		}
		for _, tc := range tests {
			code, v := do(t, h, "POST", "/button", tc.body)
			if code != tc.status || (tc.field != "" && v["field"] != tc.field) {
				t.Errorf("POST /button %s = %d %v; want %d field %q", tc.body, code, v, tc.status, tc.field)
			}
		}
		time.Sleep(13 * time.Second)
		if code, v := do(t, h, "POST", "/button", `{"ms":600}`); code != 200 || v["ms"] != 600.0 || v["pin"] != string(b.Pin) {
			t.Errorf("POST /button {ms:600} = %d %v; want 200 with the pin and 600", code, v)
		}
		time.Sleep(2 * time.Second)
		if code, _ := do(t, h, "GET", "/button", ""); code != 404 {
			t.Errorf("GET /button = %d; want 404", code)
		}
		cancel()
		<-done
		mu.Lock()
		defer mu.Unlock()
		if len(got) != 2 || got[0] != hal.PressLong || got[1] != hal.PressShort {
			t.Fatalf("presses %v; want [long short]", got)
		}
		if at[0] < 10*time.Second || at[0] > 10200*time.Millisecond {
			t.Errorf("long press seen at %v; want at 10 s of holding", at[0])
		}
	})
}
