package bbbtest

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hookflash/firmware/hal"
)

// headerPin is a BeagleBone Black header pin in GPIO use: its AM335x pad
// (offset from the pin multiplexer at 0x44e10800) and its GPIO bank and
// line (BeagleBone Black System Reference Manual, P8/P9 tables).
type headerPin struct{ pad, bank, line int }

var headerPins = map[hal.Pin]headerPin{
	"P8_7": {0x090, 2, 2}, "P8_8": {0x094, 2, 3}, "P8_9": {0x09c, 2, 5}, "P8_10": {0x098, 2, 4},
	"P8_11": {0x034, 1, 13}, "P9_12": {0x078, 1, 28}, "P9_15": {0x040, 1, 16}, "P9_16": {0x04c, 1, 19},
	"P9_23": {0x044, 1, 17}, "P9_24": {0x184, 0, 15}, "P9_25": {0x1ac, 3, 21}, "P9_26": {0x180, 0, 14},
	"P9_27": {0x1a4, 3, 19},
}

// gpioMode is the pad multiplexer mode that makes a pad a GPIO.
const gpioMode = 7

// overlay is the compiled overlay, read with fdtget.
type overlay struct {
	t    *testing.T
	file string
}

func (o overlay) get(typ, node, prop string) string {
	o.t.Helper()
	out, err := exec.Command("fdtget", "-t", typ, o.file, node, prop).CombinedOutput()
	if err != nil {
		o.t.Fatalf("fdtget %s %s: %v: %s", node, prop, err, out)
	}
	return strings.TrimSpace(string(out))
}

func (o overlay) ints(node, prop string) []int {
	o.t.Helper()
	var out []int
	for _, f := range strings.Fields(o.get("u", node, prop)) {
		n, err := strconv.Atoi(f)
		if err != nil {
			o.t.Fatalf("%s %s: %q is no number", node, prop, f)
		}
		out = append(out, n)
	}
	return out
}

func (o overlay) children(node string) []string {
	o.t.Helper()
	out, err := exec.Command("fdtget", "-l", o.file, node).CombinedOutput()
	if err != nil {
		o.t.Fatalf("fdtget -l %s: %v: %s", node, err, out)
	}
	return strings.Fields(string(out))
}

// strings reads a string list property, keeping empty strings.
func (o overlay) strings(node, prop string) []string {
	o.t.Helper()
	var b []byte
	for _, f := range strings.Fields(o.get("hhx", node, prop)) {
		n, err := strconv.ParseUint(f, 16, 8)
		if err != nil {
			o.t.Fatalf("%s %s: %q is no byte", node, prop, f)
		}
		b = append(b, byte(n))
	}
	return strings.Split(strings.TrimSuffix(string(b), "\x00"), "\x00")
}

// target returns the fragment whose target is the base tree's label.
func (o overlay) target(label string) string {
	o.t.Helper()
	for _, ref := range strings.Fields(o.get("s", "/__fixups__", label)) {
		if frag, ok := strings.CutSuffix(ref, ":target:0"); ok {
			return frag
		}
	}
	o.t.Fatalf("no fragment of the overlay targets &%s", label)
	return ""
}

// compile compiles the overlay with dtc, which must not warn.
func compile(t *testing.T) overlay {
	if _, err := exec.LookPath("dtc"); err != nil {
		t.Skip("no dtc: install Debian's device-tree-compiler")
	}
	src, err := filepath.Abs("../../buildroot/board/hookflash/bbb/hookflash-cape.dts")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "hookflash-cape.dtbo")
	var stderr bytes.Buffer
	cmd := exec.Command("dtc", "-@", "-I", "dts", "-O", "dtb", "-o", out, src)
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Fatalf("dtc %s: %v\n%s", src, err, stderr.String())
	}
	return overlay{t: t, file: out}
}

// TestCapeOverlay checks that the overlay gives the profile what it
// assumes: every GPIO the profile names muxed as a GPIO and named as the
// profile names it, one spidev chip select a chip on the SPI bus, and the
// ALSA card "hookflash" with the profile's highway; and that no pad serves
// two purposes.
func TestCapeOverlay(t *testing.T) {
	o := compile(t)
	board, err := hal.Board("bbb-cape")
	if err != nil {
		t.Fatal(err)
	}

	// The pads the overlay multiplexes, and their modes.
	modes := map[int]int{}
	pinmux := o.target("am33xx_pinmux") + "/__overlay__"
	for _, group := range o.children(pinmux) {
		pins := o.ints(pinmux+"/"+group, "pinctrl-single,pins")
		if len(pins)%3 != 0 {
			t.Fatalf("%s: %d cells; want pad, configuration, mode triples", group, len(pins))
		}
		for i := 0; i < len(pins); i += 3 {
			if _, dup := modes[pins[i]]; dup {
				t.Errorf("pad %#x is multiplexed twice (again in %s)", pins[i], group)
			}
			modes[pins[i]] = pins[i+2]
		}
	}
	lineNames := map[int][]string{}
	for bank := range 4 {
		lineNames[bank] = o.strings(o.target("gpio"+strconv.Itoa(bank))+"/__overlay__", "gpio-line-names")
		if len(lineNames[bank]) != 32 {
			t.Errorf("gpio%d: %d line names; want 32", bank, len(lineNames[bank]))
		}
	}

	// Every GPIO of the profile.
	var pins []hal.Pin
	for _, l := range board.LEDs {
		pins = append(pins, l.Pin)
	}
	if board.ResetButton != nil {
		pins = append(pins, board.ResetButton.Pin)
	}
	for _, m := range board.Modules {
		pins = append(pins, m.IRQ, m.Reset, m.PowerKey, m.Status)
	}
	checked := 0
	for _, p := range pins {
		if p == "" {
			continue
		}
		h, ok := headerPins[p]
		if !ok {
			t.Errorf("the profile uses %s, which this test does not know: add its pad and GPIO line to headerPins", p)
			continue
		}
		if mode, ok := modes[h.pad]; !ok || mode != gpioMode {
			t.Errorf("%s (pad %#x): mode %d, multiplexed %v; want GPIO mode %d", p, h.pad, mode, ok, gpioMode)
		}
		if names := lineNames[h.bank]; h.line >= len(names) || names[h.line] != string(p) {
			t.Errorf("%s: gpio%d line %d is not named %q", p, h.bank, h.line, p)
		}
		checked++
	}

	// SPI: a node with reg 0, 1, ... for each chip select of the profile's
	// modules, and each GPIO chip select's pad a GPIO.
	bus, ok := board.SPIBusByName("spi0")
	if !ok {
		t.Fatal("the profile has no spi0")
	}
	spi := o.target("spi0") + "/__overlay__"
	var regs []int
	for _, c := range o.children(spi) {
		regs = append(regs, o.ints(spi+"/"+c, "reg")[0])
	}
	slices.Sort(regs)
	var want []int
	for _, m := range board.Modules {
		if m.SPI == bus.Name {
			want = append(want, m.CS.Native)
		}
	}
	slices.Sort(want)
	if !slices.Equal(regs, want) {
		t.Errorf("spi0 children reg %v; want the profile's chip selects %v", regs, want)
	}
	cs := o.ints(spi, "cs-gpios")
	if len(cs) != 1+3*(bus.NativeCS-1) || cs[0] != 0 {
		t.Fatalf("cs-gpios = %v; want <0> (the controller's CS0) and %d GPIOs", cs, bus.NativeCS-1)
	}
	for i := 1; i < len(cs); i += 3 {
		line := cs[i+1]
		var pad = -1
		for _, h := range headerPins {
			if h.bank == 1 && h.line == line { // both chip selects are on gpio1 (the fixups say which bank)
				pad = h.pad
			}
		}
		if mode, ok := modes[pad]; pad < 0 || !ok || mode != gpioMode {
			t.Errorf("chip select gpio1 %d: its pad is not a GPIO (pad %#x, mode %d)", line, pad, mode)
		}
	}
	if fix := o.get("s", "/__fixups__", "gpio1"); strings.Count(fix, ":cs-gpios:") != bus.NativeCS-1 {
		t.Errorf("gpio1 fixups %q; want the %d GPIO chip selects on gpio1", fix, bus.NativeCS-1)
	}

	// The sound card: its name is the profile's ALSA card, its TDM slots
	// carry the profile's highway.
	root := ""
	for _, f := range o.children("/") {
		if out, err := exec.Command("fdtget", "-t", "s", o.file, "/"+f, "target-path").Output(); err == nil && strings.TrimSpace(string(out)) == "/" {
			root = "/" + f + "/__overlay__"
		}
	}
	if root == "" {
		t.Fatal("no fragment adds nodes to the root (the sound card)")
	}
	card := root + "/hookflash-sound"
	name := o.get("s", card, "simple-audio-card,name")
	if board.PCMDevice != "hw:"+name+",0" {
		t.Errorf("sound card %q; the profile wants %s", name, board.PCMDevice)
	}
	slots := o.ints(card+"/simple-audio-card,cpu", "dai-tdm-slot-num")[0]
	width := o.ints(card+"/simple-audio-card,cpu", "dai-tdm-slot-width")[0]
	if width != board.PCMWidth || slots*width != board.PCMSlots*8 {
		t.Errorf("TDM %d slots of %d bits; the profile's highway is %d eight-bit slots carrying %d-bit channels", slots, width, board.PCMSlots, board.PCMWidth)
	}
	if mcasp := o.ints(o.target("mcasp0")+"/__overlay__", "tdm-slots")[0]; mcasp != slots {
		t.Errorf("mcasp0 tdm-slots %d; want the card's %d", mcasp, slots)
	}
	t.Logf("checked %d GPIOs, %d chip selects and the %s card", checked, len(want), name)
}
