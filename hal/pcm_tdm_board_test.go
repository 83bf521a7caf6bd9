package hal

import (
	"strings"
	"testing"
)

// The reference boards' highways are 16-bit linear, named by an ALSA
// device, and every module on them maps to its own channel.
func TestTDMBoardsMapToChannels(t *testing.T) {
	for _, name := range []string{"cm4-carrier", "bbb-cape"} {
		b, err := Board(name)
		if err != nil {
			t.Fatal(err)
		}
		if b.PCMWidth != 16 || !strings.HasPrefix(b.PCMDevice, "hw:") {
			t.Errorf("%s: pcm width=%d alsa=%q; want 16 and an ALSA device", name, b.PCMWidth, b.PCMDevice)
		}
		used := map[int]string{}
		for _, m := range b.Modules {
			if m.Timeslot < 0 {
				continue
			}
			ch, err := TDMChannel(m.Timeslot, b.PCMWidth)
			if err != nil {
				t.Errorf("%s: module %s: %v", name, m.Slot, err)
				continue
			}
			if ch >= b.PCMSlots*8/b.PCMWidth {
				t.Errorf("%s: module %s: channel %d beyond the highway's %d", name, m.Slot, ch, b.PCMSlots*8/b.PCMWidth)
			}
			if prev, dup := used[ch]; dup {
				t.Errorf("%s: modules %s and %s share channel %d", name, prev, m.Slot, ch)
			}
			used[ch] = m.Slot
		}
		if len(used) == 0 {
			t.Errorf("%s: no module on the highway", name)
		}
	}
}

func TestLoadBoardPCMWidth(t *testing.T) {
	const head = "board t\narch arm64\nspi spi0 bus=0 native-cs=2\n"
	const fxs1 = "module fxs1 fxs si3210 spi=spi0 cs=0 irq=GPIO16 reset=GPIO17 ts=%s\n"
	const fxs2 = "module fxs2 fxs si3210 spi=spi0 cs=1 irq=GPIO26 reset=GPIO17 ts=%s\n"
	mod := func(f, ts string) string { return strings.Replace(f, "%s", ts, 1) }
	tests := []struct {
		name, pcm, ts1, ts2 string
		err                 string // "" for a good profile
	}{
		{"8-bit default", "pcm slots=32", "0", "1", ""},
		{"16-bit even slots", "pcm slots=32 width=16 alsa=hw:hookflash,0", "0", "2", ""},
		{"16-bit odd slot", "pcm slots=32 width=16", "0", "3", "t.board:6: module fxs2: ts=3: 16-bit channels (pcm width=16 on line 4) start on an even slot"},
		{"16-bit same slot", "pcm slots=32 width=16", "2", "2", "t.board:6: module fxs2: PCM time slot 2 already used by module fxs1"},
		{"bad width", "pcm slots=32 width=12", "0", "2", "t.board:4: width=12: want 8 (companded) or 16 (linear) bits per channel"},
		{"odd slot count", "pcm slots=31 width=16", "0", "2", "t.board:4: slots=31: 16-bit channels need an even number of 8-bit slots"},
		{"bad alsa device", "pcm slots=32 alsa=default", "0", "2", "t.board:4: alsa=default: want hw:CARD,DEV"},
		{"alsa device without number", "pcm slots=32 alsa=hw:0", "0", "2", "t.board:4: alsa=hw:0: want hw:CARD,DEV"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := head + tc.pcm + "\n" + mod(fxs1, tc.ts1) + mod(fxs2, tc.ts2)
			b, err := LoadBoard("t.board", []byte(src))
			switch {
			case tc.err == "" && err != nil:
				t.Fatalf("LoadBoard: %v", err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Fatalf("LoadBoard = %v; want %q", err, tc.err)
			case tc.err != "":
				return
			}
			if tc.pcm == "pcm slots=32" && (b.PCMWidth != 8 || b.PCMDevice != "") {
				t.Errorf("default pcm: width=%d alsa=%q; want 8 and none", b.PCMWidth, b.PCMDevice)
			}
			if strings.Contains(tc.pcm, "width=16") && (b.PCMWidth != 16 || b.PCMDevice != "hw:hookflash,0") {
				t.Errorf("pcm %q: width=%d alsa=%q", tc.pcm, b.PCMWidth, b.PCMDevice)
			}
		})
	}
}
