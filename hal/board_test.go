package hal

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

func TestBuiltInBoards(t *testing.T) {
	names := Boards()
	want := []string{"bbb-cape", "cm4-carrier", "sim"}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Fatalf("Boards() = %v; want %v", names, want)
	}
	sim, err := Board("sim")
	if err != nil {
		t.Fatal(err)
	}
	counts := map[ModuleKind]int{}
	for _, m := range sim.Modules {
		counts[m.Kind]++
	}
	if counts[KindFXS] != 4 || counts[KindFXO] != 2 || counts[KindGSM] != 2 {
		t.Errorf("sim board modules = %v; want 4 fxs, 2 fxo, 2 gsm", counts)
	}
	arches := map[string]string{"cm4-carrier": "arm64", "bbb-cape": "armv7", "sim": "sim"}
	for name, arch := range arches {
		b, err := Board(name)
		if err != nil {
			t.Fatal(err)
		}
		if b.Arch != arch {
			t.Errorf("Board(%q).Arch = %q; want %q", name, b.Arch, arch)
		}
	}
	if _, err := Board("nope"); !errors.Is(err, ErrUnknownBoard) || !strings.Contains(err.Error(), "sim") {
		t.Errorf("Board(nope) = %v; want ErrUnknownBoard listing the known boards", err)
	}
}

const goodBoard = `board t
arch arm64
spi spi0 bus=0 native-cs=2
pcm slots=32
module fxs1 fxs si3210 spi=spi0 cs=0 irq=GPIO16 reset=GPIO17 ts=0
module fxs2 fxs si3210 spi=spi0 cs=1 irq=GPIO26 reset=GPIO17 ts=1
module gsm1 gsm ec25 serial=usb:1-1.3:1.2 power=GPIO5 pcm=usb audio=usb:1-1.3:1.1
`

func TestLoadBoardGood(t *testing.T) {
	b, err := LoadBoard("t.board", []byte(goodBoard))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Modules) != 3 || b.Modules[1].CS.Native != 1 || b.Modules[1].Timeslot != 1 || b.Modules[2].Serial.USBPath != "1-1.3:1.2" || !b.Modules[2].PCMOverUSB || b.Modules[2].Audio.USBPath != "1-1.3:1.1" {
		t.Errorf("LoadBoard = %+v", b.Modules)
	}
	if b.Modules[0].Reset != b.Modules[1].Reset {
		t.Errorf("shared reset line not kept")
	}
}

func TestLoadBoardRefuses(t *testing.T) {
	// Each case replaces one line of goodBoard (1-based) or appends one.
	tests := []struct {
		name    string
		line    int // line to replace; 0 appends
		text    string
		errLine int
		want    string
	}{
		{"two modules on one chip select", 6, "module fxs2 fxs si3210 spi=spi0 cs=0 irq=GPIO26 reset=GPIO17 ts=1", 6, "chip select spi0 cs=0 already used by the module on line 5"},
		{"missing reset pin", 6, "module fxs2 fxs si3210 spi=spi0 cs=1 irq=GPIO26 ts=1", 6, "missing reset="},
		{"missing irq pin", 5, "module fxs1 fxs si3210 spi=spi0 cs=0 reset=GPIO17 ts=0", 5, "missing irq="},
		{"duplicate timeslot", 6, "module fxs2 fxs si3210 spi=spi0 cs=1 irq=GPIO26 reset=GPIO17 ts=0", 6, "PCM time slot 0 already used by module fxs1"},
		{"unknown chip", 5, "module fxs1 fxs si9999 spi=spi0 cs=0 irq=GPIO16 reset=GPIO17 ts=0", 5, `unknown fxs chip "si9999"`},
		{"unknown bus", 5, "module fxs1 fxs si3210 spi=spi7 cs=0 irq=GPIO16 reset=GPIO17 ts=0", 5, "spi=spi7 is not declared"},
		{"native cs out of range", 5, "module fxs1 fxs si3210 spi=spi0 cs=2 irq=GPIO16 reset=GPIO17 ts=0", 5, "2 native chip selects"},
		{"timeslot out of range", 5, "module fxs1 fxs si3210 spi=spi0 cs=0 irq=GPIO16 reset=GPIO17 ts=32", 5, "want 0..31"},
		{"pin in two roles", 6, "module fxs2 fxs si3210 spi=spi0 cs=1 irq=GPIO17 reset=GPIO17 ts=1", 6, "pin GPIO17 already used as reset"},
		{"ttyUSB index", 7, "module gsm1 gsm ec25 serial=uart:/dev/ttyUSB2 power=GPIO5 pcm=usb", 7, "can move after a reboot"},
		{"bare ttyUSB", 7, "module gsm1 gsm ec25 serial=/dev/ttyUSB2 power=GPIO5 pcm=usb", 7, "can move after a reboot"},
		{"bad imei", 7, "module gsm1 gsm ec25 serial=imei:860675031234567 power=GPIO5 pcm=usb", 7, "check digit"},
		{"missing power key", 7, "module gsm1 gsm ec25 serial=usb:1-1.3:1.2 pcm=usb", 7, "missing power="},
		{"modem without audio", 7, "module gsm1 gsm ec25 serial=usb:1-1.3:1.2 power=GPIO5", 7, "missing audio"},
		{"pcm=usb without its audio port", 7, "module gsm1 gsm ec25 serial=usb:1-1.3:1.2 power=GPIO5 pcm=usb", 7, "module gsm1: pcm=usb needs audio=usb:PATH"},
		{"audio port not a USB path", 7, "module gsm1 gsm ec25 serial=usb:1-1.3:1.2 power=GPIO5 pcm=usb audio=/dev/ttyUSB1", 7, "audio=/dev/ttyUSB1: want a USB interface path"},
		{"audio port is the AT port", 7, "module gsm1 gsm ec25 serial=usb:1-1.3:1.2 power=GPIO5 pcm=usb audio=usb:1-1.3:1.2", 7, "is the AT port too"},
		{"audio port on the PCM highway", 7, "module gsm1 gsm sim800 serial=uart:/dev/ttyS4 power=GPIO5 ts=3 audio=usb:1-1.3:1.1", 7, "remove it or set pcm=usb"},
		{"unknown key", 7, "module gsm1 gsm ec25 serial=usb:1-1.3:1.2 power=GPIO5 pcm=usb color=red", 7, "unknown key color="},
		{"unknown directive", 0, "frobnicate 3", 8, `unknown directive "frobnicate"`},
		{"unknown arch", 2, "arch mips", 2, `unknown arch "mips"`},
		{"duplicate slot", 0, "module fxs1 fxs si3210 spi=spi0 cs=gpio:GPIO9 irq=GPIO16 reset=GPIO17 ts=5", 8, "module fxs1 declared twice (first on line 5)"},
		{"directive before board", 1, "arch arm64", 1, "before the board directive"},
		{"GPIO chip select beside native cs=0", 0, "module fxs3 fxs si3210 spi=spi0 cs=gpio:GPIO9 irq=GPIO16 reset=GPIO17 ts=5", 8,
			"module fxs3: cs=gpio:GPIO9 shares spi spi0 with the module on native cs=0 (line 5): a GPIO chip select runs spidev0.0 without chip select"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lines := strings.Split(strings.TrimSuffix(goodBoard, "\n"), "\n")
			if tc.line == 0 {
				lines = append(lines, tc.text)
			} else {
				lines[tc.line-1] = tc.text
			}
			_, err := LoadBoard("boards/t.board", []byte(strings.Join(lines, "\n")))
			if err == nil {
				t.Fatalf("LoadBoard accepted a profile with %s", tc.name)
			}
			prefix := "boards/t.board:" + itoa(tc.errLine) + ": "
			if !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("LoadBoard error = %q; want prefix %q containing %q", err, prefix, tc.want)
			}
		})
	}
}

// A GPIO chip select stays allowed on a bus without a module on native
// cs=0: nothing else uses spidevBUS.0 there.
func TestLoadBoardGPIOChipSelectAlone(t *testing.T) {
	src := strings.Replace(goodBoard, "spi spi0 bus=0 native-cs=2\n", "spi spi0 bus=0 native-cs=2\nspi spi1 bus=1 native-cs=1\n", 1) +
		"module fxs3 fxs si3210 spi=spi1 cs=gpio:GPIO9 irq=GPIO16 reset=GPIO17 ts=5\n" +
		"module fxs4 fxs si3210 spi=spi1 cs=gpio:GPIO10 irq=GPIO16 reset=GPIO17 ts=6\n"
	b, err := LoadBoard("t.board", []byte(src))
	if err != nil {
		t.Fatalf("LoadBoard: %v", err)
	}
	if m := b.Modules[3]; m.CS.Native != -1 || m.CS.GPIO != "GPIO9" || m.SPI != "spi1" {
		t.Errorf("module fxs3 chip select %v on %s; want cs=gpio:GPIO9 on spi1", m.CS, m.SPI)
	}
	// The clash is found whichever comes first in the file.
	src = strings.Replace(src, "cs=gpio:GPIO10", "cs=0", 1)
	if _, err := LoadBoard("t.board", []byte(src)); err == nil || !strings.Contains(err.Error(), "t.board:9: module fxs3: cs=gpio:GPIO9 shares spi spi1 with the module on native cs=0 (line 10)") {
		t.Errorf("LoadBoard with a later cs=0 = %v; want the clash named on line 9", err)
	}
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}

var errLineRE = regexp.MustCompile(`^f\.board:([0-9]+): `)

// FuzzLoadBoard checks that the loader never panics, that every refusal
// names the file and a line that exists, and that an accepted profile keeps
// its invariants.
func FuzzLoadBoard(f *testing.F) {
	f.Add([]byte(goodBoard))
	for _, name := range []string{"boards/sim.board", "boards/cm4-carrier.board", "boards/bbb-cape.board"} {
		data, err := boardFiles.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("board x\narch sim\nmodule a gsm sim800 serial=imei:860675031234568 power=p ts=1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := LoadBoard("f.board", data)
		if err != nil {
			m := errLineRE.FindStringSubmatch(err.Error())
			if m == nil {
				t.Fatalf("error %q does not start with f.board:LINE:", err)
			}
			return
		}
		if b.Name == "" || b.Arch == "" || len(b.Modules) == 0 {
			t.Fatalf("accepted incomplete profile %+v", b)
		}
		cs := map[string]bool{}
		ts := map[int]bool{}
		for _, m := range b.Modules {
			if !chipKnown(m.Kind, m.Chip) {
				t.Fatalf("accepted unknown chip %q", m.Chip)
			}
			if m.Kind != KindGSM {
				k := m.SPI + "/" + m.CS.String()
				if cs[k] || m.IRQ == "" || m.Reset == "" {
					t.Fatalf("accepted module %+v (duplicate cs or missing pin)", m)
				}
				cs[k] = true
			}
			if m.Timeslot >= 0 {
				if ts[m.Timeslot] || m.Timeslot >= b.PCMSlots {
					t.Fatalf("accepted bad timeslot in %+v", m)
				}
				ts[m.Timeslot] = true
			}
		}
	})
}
