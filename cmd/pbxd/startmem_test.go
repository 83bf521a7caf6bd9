package main

import (
	"os"
	"runtime"
	"strings"
	"testing"
)

func TestProgramMappings(t *testing.T) {
	const exe = "/usr/bin/pbxd"
	tests := []struct {
		name, maps string
		want       []mapping
		err        bool
	}{
		{"code and constants, not data", `00400000-00e82000 r-xp 00000000 fe:00 42 /usr/bin/pbxd
00e82000-0191e000 r--p 00a82000 fe:00 42 /usr/bin/pbxd
0191e000-019c4000 rw-p 0151e000 fe:00 42 /usr/bin/pbxd
019c4000-03a14000 rw-p 00000000 00:00 0
7f0000000000-7f0000001000 r--p 00000000 fe:00 43 /usr/bin/pbxctl
7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0 [stack]
`, []mapping{{0x400000, 0xe82000}, {0xe82000, 0x191e000}}, false},
		{"another program", "00400000-00e82000 r-xp 00000000 fe:00 42 /usr/bin/pbxd-old\n", nil, false},
		{"bad address", "00400000+00e82000 r-xp 00000000 fe:00 42 /usr/bin/pbxd\n", nil, true},
		{"end before start", "00e82000-00400000 r-xp 00000000 fe:00 42 /usr/bin/pbxd\n", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := programMappings(strings.NewReader(tt.maps), exe)
			if (err != nil) != tt.err {
				t.Fatalf("programMappings() error = %v; want error %v", err, tt.err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("programMappings() = %x; want %x", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("programMappings()[%d] = %x; want %x", i, got[i], tt.want[i])
				}
			}
		})
	}
}

// TestReleaseStartupMemory: the test binary's own resident code and
// constants shrink, and it keeps running on them.
func TestReleaseStartupMemory(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("needs /proc/self/smaps")
	}
	exe, err := os.Readlink("/proc/self/exe")
	if err != nil {
		t.Fatal(err)
	}
	before, err := residentBytes(exe)
	if err != nil || before == 0 {
		t.Fatalf("residentBytes() = %d, %v; want the test binary's resident pages", before, err)
	}
	got, err := releaseStartupMemory()
	if err != nil {
		t.Fatalf("releaseStartupMemory() = %v", err)
	}
	if got < before/2 {
		t.Errorf("releaseStartupMemory() = %d; want what was resident before, about %d", got, before)
	}
	after, err := residentBytes(exe)
	if err != nil {
		t.Fatal(err)
	}
	if after >= before/2 {
		t.Errorf("resident program: %d bytes before, %d after; want less than half", before, after)
	}
	t.Logf("resident program: %d KiB before, %d KiB after", before>>10, after>>10)
}
