package sim_test

import (
	"strings"
	"testing"
	"testing/synctest"

	"github.com/hookflash/firmware/drivers/fxo"
	"github.com/hookflash/firmware/drivers/fxs"
	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/hal/sim"
)

// sixteenBitBoard is the sim board's analog part on a 16-bit highway.
const sixteenBitBoard = `board t16
arch sim
spi sim0 bus=0 native-cs=8
pcm slots=32 width=16
module fxs1 fxs si3210 spi=sim0 cs=0 irq=sim:fxs1-int reset=sim:slic-reset ts=0
module fxs2 fxs si3210 spi=sim0 cs=1 irq=sim:fxs2-int reset=sim:slic-reset ts=2
module fxo1 fxo si3050 spi=sim0 cs=4 irq=sim:fxo1-int reset=sim:daa-reset ts=4
`

// The emulated chips decode the PCM mode the drivers write and refuse a
// format whose width is not the highway's: on a 16-bit highway the
// drivers' linear mode is accepted with each module's start count, µ-law
// is a protocol error.
func TestWorldPCMModeFollowsHighway(t *testing.T) {
	for _, linear := range []bool{true, false} {
		t.Run(map[bool]string{true: "linear", false: "µ-law"}[linear], func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				b, err := hal.LoadBoard("t16.board", []byte(sixteenBitBoard))
				if err != nil {
					t.Fatal(err)
				}
				w, err := sim.NewWorld(b, nil)
				if err != nil {
					t.Fatal(err)
				}
				defer w.Close()
				for _, m := range b.Modules {
					c, err := w.SPI(m)
					if err != nil {
						t.Fatal(err)
					}
					var pcm sim.PCMSetup
					var errs []string
					switch m.Kind {
					case hal.KindFXS:
						if _, err := fxs.New(c, &fxs.Opts{Timeslot: m.Timeslot, PCMLinear: linear}); err != nil {
							t.Fatalf("fxs.New(%s): %v", m.Slot, err)
						}
						s, _ := w.SLIC(m.Slot)
						pcm, errs = s.PCM(), s.ProtocolErrors()
					case hal.KindFXO:
						if _, err := fxo.New(c, &fxo.Opts{Timeslot: m.Timeslot, PCMLinear: linear}); err != nil {
							t.Fatalf("fxo.New(%s): %v", m.Slot, err)
						}
						d, _ := w.DAA(m.Slot)
						pcm, errs = d.PCM(), d.ProtocolErrors()
					}
					ts, ok := pcm.Timeslot()
					if !ok || ts != m.Timeslot || pcm.TXStart != 8*m.Timeslot {
						t.Errorf("%s: start counts tx %d rx %d; want %d PCLKs (slot %d)", m.Slot, pcm.TXStart, pcm.RXStart, 8*m.Timeslot, m.Timeslot)
					}
					switch {
					case linear && (pcm.Format != sim.PCMLinear16 || len(errs) != 0):
						t.Errorf("%s: PCM %v, errors %q; want 16-bit linear, none", m.Slot, pcm.Format, errs)
					case !linear && (pcm.Format != sim.PCMULaw || len(errs) != 1 || !strings.Contains(errs[0], "µ-law (8 bits) on a highway of 16-bit channels")):
						t.Errorf("%s: PCM %v, errors %q; want µ-law refused by the 16-bit highway", m.Slot, pcm.Format, errs)
					}
				}
			})
		})
	}
}
