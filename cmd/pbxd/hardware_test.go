package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/hookflash/firmware/drivers/fxs"
	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/hal/sim"
)

// TestHardwareWrongChipLeftOut: a module whose chip answers as another
// part is logged with its profile line and kept as failed in its port's
// place; the module after it opens as port 2. The chips calibrate in a
// synctest bubble's time.
func TestHardwareWrongChipLeftOut(t *testing.T) {
	b, err := hal.LoadBoard("wrong.board", []byte(`
board wrong
arch sim
spi sim0 bus=0 native-cs=8
pcm slots=32
module fxs1 fxs si3215 spi=sim0 cs=0 irq=sim:fxs1-int reset=sim:slic-reset ts=0
module fxs2 fxs si3210 spi=sim0 cs=1 irq=sim:fxs2-int reset=sim:slic-reset ts=1
`))
	if err != nil {
		t.Fatal(err)
	}
	synctest.Test(t, func(t *testing.T) { wrongChip(t, b) })
}

func wrongChip(t *testing.T, b *hal.BoardProfile) {
	w, err := sim.NewWorld(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	var stack stopStack
	hw := &hardware{board: b, world: w}
	openModules(context.Background(), &stack, hw, nil, log, hw.openSim)
	defer stack.stop(context.Background(), log)

	if len(hw.fxs) != 1 || hw.fxs[0].slot != "fxs2" || hw.fxs[0].number != 2 {
		t.Fatalf("opened %+v; want fxs2 as port 2", hw.fxs)
	}
	if len(hw.failed) != 1 || hw.failed[0].slot != "fxs1" || hw.failed[0].number != 1 || !errors.Is(hw.failed[0].err, fxs.ErrUnsupportedPart) {
		t.Fatalf("failed %+v; want fxs1 (port 1) with ErrUnsupportedPart", hw.failed)
	}
	if want := fmt.Sprintf("module=fxs1 line=wrong.board:%d", b.Modules[0].Line); !strings.Contains(logs.String(), want) {
		t.Errorf("log does not name fxs1 and its line (%q):\n%s", want, logs.String())
	}
	if hw.ports(hal.KindFXS) != 2 {
		t.Errorf("ports(fxs) = %d; want 2", hw.ports(hal.KindFXS))
	}
}

// syncBuffer is a log sink the modules' goroutines write to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
