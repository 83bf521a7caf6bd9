//go:build linux

package linuxhost

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"unsafe"
)

// abiWant holds the layouts derived by hand from sound/asound.h for a word
// size, and the ioctl numbers that follow from them.
//
// snd_pcm_hw_params: flags 4 + 3 masks of 32 + 5 reserved masks of 32 = 260;
// 12 intervals of 12 = 404; 9 reserved intervals = 512; six unsigned ints =
// 536; fifo_size (unsigned long, aligned to its size) at 536; then 64
// reserved bytes: 536+8+64 = 608 with 8-byte longs, 536+4+64 = 604 with
// 4-byte longs.
// snd_pcm_sw_params: three ints = 12, padded to 16 before seven unsigned
// longs (72), two unsigned ints (80), 56 reserved = 136; with 4-byte longs
// 12 + 28 + 8 + 56 = 104.
// snd_xferi: long, pointer, unsigned long = 24 or 12.
// An ioctl number is dir<<30 | size<<16 | 'A'<<8 | nr (dir: 1 write,
// 2 read, 3 both), e.g. HW_PARAMS = 3<<30 | 608<<16 | 0x41<<8 | 0x11 =
// 0xc2604111 on 64-bit.
type abiWant struct {
	hw, sw, xferi, fifoOffset             uintptr
	refine, params, swParams, read, write uintptr
}

var abi64 = abiWant{
	hw: 608, sw: 136, xferi: 24, fifoOffset: 536,
	refine: 0xc2604110, params: 0xc2604111, swParams: 0xc0884113,
	write: 0x40184150, read: 0x80184151,
}

var abi32 = abiWant{
	hw: 604, sw: 104, xferi: 12, fifoOffset: 536,
	refine: 0xc25c4110, params: 0xc25c4111, swParams: 0xc0684113,
	write: 0x400c4150, read: 0x800c4151,
}

var abiByArch = map[string]abiWant{
	"arm64": abi64, "amd64": abi64, "riscv64": abi64,
	"arm": abi32, "386": abi32,
}

func TestALSAABI(t *testing.T) {
	want, ok := abiByArch[runtime.GOARCH]
	if !ok {
		t.Skipf("no layout derived for GOARCH %s", runtime.GOARCH)
	}
	sizes := []struct {
		name      string
		got, want uintptr
	}{
		{"sizeof(snd_pcm_hw_params)", unsafe.Sizeof(sndHWParams{}), want.hw},
		{"offsetof(snd_pcm_hw_params, fifo_size)", unsafe.Offsetof(sndHWParams{}.fifoSize), want.fifoOffset},
		{"offsetof(snd_pcm_hw_params, intervals)", unsafe.Offsetof(sndHWParams{}.intervals), 260},
		{"offsetof(snd_pcm_hw_params, rmask)", unsafe.Offsetof(sndHWParams{}.rmask), 512},
		{"sizeof(snd_pcm_sw_params)", unsafe.Sizeof(sndSWParams{}), want.sw},
		{"sizeof(snd_xferi)", unsafe.Sizeof(sndXferI{}), want.xferi},
		{"SNDRV_PCM_IOCTL_HW_REFINE", ioctlHWRefine, want.refine},
		{"SNDRV_PCM_IOCTL_HW_PARAMS", ioctlHWParams, want.params},
		{"SNDRV_PCM_IOCTL_SW_PARAMS", ioctlSWParams, want.swParams},
		{"SNDRV_PCM_IOCTL_WRITEI_FRAMES", ioctlWriteIFrms, want.write},
		{"SNDRV_PCM_IOCTL_READI_FRAMES", ioctlReadIFrms, want.read},
		{"SNDRV_PCM_IOCTL_PVERSION", ioctlPVersion, 0x80044100},
		{"SNDRV_PCM_IOCTL_PREPARE", ioctlPrepare, 0x4140},
		{"SNDRV_PCM_IOCTL_DROP", ioctlDrop, 0x4143},
	}
	for _, s := range sizes {
		if s.got != s.want {
			t.Errorf("%s on %s = %#x; want %#x", s.name, runtime.GOARCH, s.got, s.want)
		}
	}
}

func TestHWParamsMasks(t *testing.T) {
	p := anyHWParams()
	p.setMask(hwParamFormat, sndPCMFormatS16LE)
	if !p.hasMask(hwParamFormat, sndPCMFormatS16LE) || p.hasMask(hwParamFormat, 0) || p.masks[hwParamFormat].bits[0] != 1<<2 {
		t.Errorf("format mask after setMask(S16_LE) = %#x; want bit 2 only", p.masks[hwParamFormat].bits)
	}
	p.setInt(hwParamChannels, 16)
	if iv := p.interval(hwParamChannels); iv.min != 16 || iv.max != 16 || iv.flags != intervalInteger {
		t.Errorf("channels interval after setInt(16) = %+v", iv)
	}
	if iv := p.interval(hwParamRate); iv.min != 0 || iv.max != ^uint32(0) {
		t.Errorf("rate interval of the whole space = %+v; want 0..max", iv)
	}
}

func TestALSADeviceNames(t *testing.T) {
	sys := t.TempDir()
	for i, id := range []string{"PCM", "Loopback"} {
		dir := sys + "/card" + string(rune('0'+i))
		if err := mkdirWrite(dir+"/id", id+"\n"); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, capture string
		ok            bool
	}{
		{"hw:0,0", "/dev/snd/pcmC0D0c", true},
		{"hw:Loopback,1", "/dev/snd/pcmC1D1c", true},
		{"hw:PCM,0", "/dev/snd/pcmC0D0c", true},
		{"hw:Nope,0", "", false},
		{"plughw:0,0", "", false},
		{"hw:0", "", false},
		{"hw:0,-1", "", false},
	}
	for _, tc := range tests {
		c, p, err := alsaDevice(sys, "/dev/snd", tc.name)
		if (err == nil) != tc.ok || c != tc.capture || (tc.ok && p != tc.capture[:len(tc.capture)-1]+"p") {
			t.Errorf("alsaDevice(%q) = %q, %q, %v; want %q, ok=%v", tc.name, c, p, err, tc.capture, tc.ok)
		}
	}
}

func mkdirWrite(path, s string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(s), 0o644)
}
