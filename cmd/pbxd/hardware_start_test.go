package main

import (
	"context"
	"log/slog"
	"testing"
	"testing/synctest"
	"time"
)

// TestHardwareStartWaitsForPINs: the simulated board's chips start before
// the SIM PINs are known, the modems wait for them, and once they come
// every module opens. Runs in a synctest bubble's time.
func TestHardwareStartWaitsForPINs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var logs syncBuffer
		log := slog.New(slog.NewTextHandler(&logs, nil))
		h := startHardware(context.Background(), "sim", log)
		time.Sleep(time.Minute) // the SLICs calibrate in about 3 s
		synctest.Wait()
		select {
		case <-h.done:
			t.Fatalf("the hardware opened before the SIM PINs were given: %s", logs.String())
		default:
		}
		h.setPINs(map[int]string{})
		hw, err := h.wait()
		if err != nil {
			t.Fatalf("wait() = %v", err)
		}
		if len(hw.fxs) != 4 || len(hw.fxo) != 2 || len(hw.gsm) != 2 || len(hw.failed) != 0 {
			t.Errorf("opened fxs=%d fxo=%d gsm=%d failed=%+v; want 4, 2, 2 and none failed", len(hw.fxs), len(hw.fxo), len(hw.gsm), hw.failed)
		}
		if err := h.stop(context.Background()); err != nil {
			t.Errorf("stop() = %v", err)
		}
	})
}

// TestHardwareStartStopBeforePINs: a start that fails before the store
// gave the SIM PINs (it cannot be opened) stops the opening under way: the
// modems give up waiting and stop returns.
func TestHardwareStartStopBeforePINs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		log := slog.New(slog.NewTextHandler(&syncBuffer{}, nil))
		h := startHardware(context.Background(), "sim", log)
		if err := h.stop(context.Background()); err != nil {
			t.Errorf("stop() = %v", err)
		}
		select {
		case <-h.done:
		default:
			t.Fatal("stop returned before the opening ended")
		}
	})
}

// TestHardwareStartUnknownBoard: an unknown board is wait's error, as
// pbxd's start reports it.
func TestHardwareStartUnknownBoard(t *testing.T) {
	h := startHardware(context.Background(), "no-such-board", slog.New(slog.NewTextHandler(&syncBuffer{}, nil)))
	if _, err := h.wait(); err == nil {
		t.Error("wait() on an unknown board = nil error; want one naming the board")
	}
	if err := h.stop(context.Background()); err != nil {
		t.Errorf("stop() = %v", err)
	}
}
