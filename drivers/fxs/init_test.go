package fxs

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/hookflash/firmware/hal/sim"
	"periph.io/x/conn/v3/conntest"
	"periph.io/x/conn/v3/spi"
)

// recorder is an spi.Conn that records every packet, conntest style.
type recorder struct {
	spi.Conn
	mu  sync.Mutex
	ops []conntest.IO
}

func (r *recorder) TxPackets(p []spi.Packet) error {
	err := r.Conn.TxPackets(p)
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, pk := range p {
		r.ops = append(r.ops, conntest.IO{W: append([]byte(nil), pk.W...), R: append([]byte(nil), pk.R...)})
	}
	return err
}

// playback replays recorded packets through conntest.Playback.
type playback struct {
	conntest.Playback
}

func (p *playback) TxPackets(pk []spi.Packet) error {
	for _, x := range pk {
		if err := p.Tx(x.W, x.R); err != nil {
			return err
		}
	}
	return nil
}

// decode turns ProSLIC SPI frames (control byte, data byte) into "rNN" and
// "wNN=VV" tokens, collapsing repeated reads of one register (a poll).
func decode(ops []conntest.IO) ([]string, error) {
	var out []string
	for i := 0; i+1 < len(ops); i += 2 {
		if len(ops[i].W) != 1 || len(ops[i+1].W) != 1 {
			return nil, fmt.Errorf("frame %d: want one byte per chip-select frame, got %d and %d", i, len(ops[i].W), len(ops[i+1].W))
		}
		ctrl, data := ops[i].W[0], ops[i+1].W[0]
		var tok string
		if ctrl&0x80 != 0 {
			tok = fmt.Sprintf("r%d", ctrl&0x7f)
			if n := len(out); n > 0 && out[n-1] == tok {
				continue
			}
		} else {
			tok = fmt.Sprintf("w%d=%02x", ctrl, data)
		}
		out = append(out, tok)
	}
	if len(ops)%2 != 0 {
		return nil, fmt.Errorf("odd number of frames: %d", len(ops))
	}
	return out, nil
}

// expand turns the datasheet script into tokens: "iNN=VVVV" is an indirect
// write (poll IAS in DR31, IDA low in DR28, IDA high in DR29, address in
// DR30); "sweepR/E/LAST" is the manual gain calibration writing register R
// from 0x1f down to LAST, reading the mismatch register E after each step.
func expand(script string) []string {
	var out []string
	for _, tok := range strings.Fields(script) {
		switch {
		case strings.HasPrefix(tok, "i"):
			reg, val, _ := strings.Cut(tok[1:], "=")
			v, _ := strconv.ParseUint(val, 16, 16)
			out = append(out, "r31", fmt.Sprintf("w28=%02x", v&0xff), fmt.Sprintf("w29=%02x", v>>8), fmt.Sprintf("w30=%02x", mustAtoi(reg)))
		case strings.HasPrefix(tok, "sweep"):
			f := strings.Split(tok[5:], "/")
			last, _ := strconv.ParseUint(f[2], 16, 8)
			for g := uint64(0x1f); g >= last; g-- {
				out = append(out, fmt.Sprintf("w%s=%02x", f[0], g), "r"+f[1])
			}
		default:
			out = append(out, tok)
		}
	}
	return out
}

func mustAtoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(err)
	}
	return n
}

// an35Sequence is the Si3210 bring-up of the data sheet and AN35, for the
// default options (25 Hz ringing at 65 Vpk, VBATH 75 V, VOC 48 V, 23 mA)
// against a chip whose RING gain calibrates at 0x0a and TIP gain at 0x0c.
const an35Sequence = `
	r8 r11                                    # step 8: SPI check (0x02, 0x33)
	r1 r0                                     # part and revision
	i13=0000 i14=0000 i15=0000                # step 9: indirect registers
	i16=0000 i17=0000 i18=0000
	i23=0000 i24=0000 i25=0000
	i26=4000 i27=4000 i28=1000 i29=3600 i30=1000 i31=0200
	i32=07c0 i33=2600 i34=1b80 i35=8000
	i37=008c i38=0100 i39=0010 i40=0200 i41=0c00 i43=0e00
	w93=12 w92=ff                             # steps 10-11: slow PWM
	r80 r81                                   # foreign voltage check
	w74=32 w14=00                             # VBATH 75 V, converter on
	r82                                       # wait for the battery
	w92=7f w93=14 w93=94 r93                  # step 12-13: DC-DC calibration
	w21=00 w22=00 w23=00 w64=00               # step 14: interrupts off, line open
	w97=1e w96=47 r96                         # step 15: automatic calibration
	w99=10 sweep98/88/0a sweep99/89/0c        # step 16: manual gain calibration
	w23=04 w64=01 r68                         # step 17: feed, check on-hook
	w64=00 w97=01 w96=40 r96 r20              # steps 18-19: longitudinal balance
	i19=0000 i20=7e6d i21=01b5 i22=0000       # ringing: 25 Hz, 65 Vpk
	i36=0320                                  # ring trip filter (20 Hz row)
	w65=61 w71=01 w72=20 w69=0a w70=0b w34=00 # linefeed parameters
	w18=ff w19=ff w20=ff w22=03               # clear and enable interrupts
	w64=01                                    # forward active
`

func stripComments(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		l, _, _ = strings.Cut(l, "#")
		b.WriteString(l + "\n")
	}
	return b.String()
}

// TestInitRegisterSequence records the bring-up against the emulated chip
// and compares it with the datasheet script: without PCM, and with PCM at
// 8-bit slot 4 in µ-law and in 16-bit linear mode (start counts in PCLK
// cycles, 4×8 = 32, then the mode: PCME with PCMF µ-law, or PCMF linear
// with the 16-bit transfer bit PCMT), written before the interrupts.
func TestInitRegisterSequence(t *testing.T) {
	const beforeIRQs = "w18=ff w19=ff w20=ff w22=03"
	tests := []struct {
		name string
		o    *Opts
		pcm  string // writes before beforeIRQs
	}{
		{"no PCM", nil, ""},
		{"µ-law", &Opts{Timeslot: 4}, "w2=20 w3=00 w4=20 w5=00 w1=28"},
		{"16-bit linear", &Opts{Timeslot: 4, PCMLinear: true}, "w2=20 w3=00 w4=20 w5=00 w1=3c"},
		{"16-bit linear, channel 9", &Opts{Timeslot: 18, PCMLinear: true}, "w2=90 w3=00 w4=90 w5=00 w1=3c"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := sim.NewSLIC(nil)
				rec := &recorder{Conn: s.Port().Conn()}
				if _, err := New(rec, tc.o); err != nil {
					t.Fatal(err)
				}
				got, err := decode(rec.ops)
				if err != nil {
					t.Fatal(err)
				}
				script := strings.Replace(stripComments(an35Sequence), beforeIRQs, tc.pcm+" "+beforeIRQs, 1)
				want := expand(script)
				for i := 0; i < max(len(got), len(want)); i++ {
					var g, w string
					if i < len(got) {
						g = got[i]
					}
					if i < len(want) {
						w = want[i]
					}
					if g != w {
						lo := max(0, i-4)
						t.Fatalf("init op %d = %q; want %q\ngot  ...%v\nwant ...%v", i, g, w, got[lo:min(len(got), i+4)], want[lo:min(len(want), i+4)])
					}
				}

				// Playback: the recording alone is enough to bring the driver
				// up, so the sequence is deterministic and needs nothing but
				// the bus.
				pb := &playback{Playback: conntest.Playback{Ops: rec.ops, DontPanic: true}}
				if _, err := New(pb, tc.o); err != nil {
					t.Fatalf("New on playback: %v", err)
				}
				if err := pb.Close(); err != nil {
					t.Fatal(err)
				}
			})
		})
	}
}

// An odd time slot cannot hold a 16-bit channel: New refuses it before
// touching the chip.
func TestLinearPCMOddSlot(t *testing.T) {
	s := sim.NewSLIC(nil)
	_, err := New(s.Port().Conn(), &Opts{Timeslot: 3, PCMLinear: true})
	if err == nil || !strings.Contains(err.Error(), "timeslot 3: 16-bit linear PCM") {
		t.Fatalf("New(ts 3, linear) = %v; want the odd slot refused", err)
	}
	if got := s.Reg(1); got != 0 {
		t.Errorf("PCM mode register = 0x%02x after a refused New; want untouched", got)
	}
}

func TestNoChip(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := &playback{Playback: conntest.Playback{Ops: []conntest.IO{{W: []byte{0x88}}, {W: []byte{0}, R: []byte{0xff}}}, DontPanic: true}}
		if _, err := New(c, nil); err == nil || !strings.Contains(err.Error(), "no ProSLIC") {
			t.Errorf("New on an empty bus = %v; want ErrNoChip", err)
		}
	})
}
