package update

import (
	"os"
	"reflect"
	"testing"
	"time"
)

func TestParseStatus(t *testing.T) {
	data, err := os.ReadFile("testdata/status-installed.json")
	if err != nil {
		t.Fatal(err)
	}
	got, err := parseStatus(data)
	if err != nil {
		t.Fatalf("parseStatus: %v", err)
	}
	want := System{
		Compatible: "hookflash-qemu-arm64", Booted: "A", Primary: "B",
		Slots: []Slot{
			{Name: "rootfs.0", Bootname: "A", Device: "/dev/vda2", State: "booted", BootStatus: "good"},
			{Name: "rootfs.1", Bootname: "B", Device: "/dev/vda3", State: "inactive", BootStatus: "good",
				Version: "capture1", Installed: time.Date(2026, 11, 21, 2, 50, 45, 0, time.UTC)},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseStatus(testdata) =\n%+v\nwant\n%+v", got, want)
	}
}

func TestParseInfo(t *testing.T) {
	data, err := os.ReadFile("testdata/info.json")
	if err != nil {
		t.Fatal(err)
	}
	got, err := parseInfo(data)
	want := Bundle{Compatible: "hookflash-qemu-arm64", Version: "capture1", Description: "Hookflash firmware capture1", Build: "20261121T024440Z"}
	if err != nil || got != want {
		t.Errorf("parseInfo(testdata) = %+v, %v; want %+v", got, err, want)
	}
	for _, in := range []string{``, `{`, `{"version":"1"}`, `[]`} {
		if _, err := parseInfo([]byte(in)); err == nil {
			t.Errorf("parseInfo(%q) = nil error; want one", in)
		}
	}
}

func FuzzParseStatus(f *testing.F) {
	if data, err := os.ReadFile("testdata/status-installed.json"); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`{"slots":[{"a":{"slot_status":{"installed":{"timestamp":"x"}}}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		sys, err := parseStatus(data)
		if err != nil && len(sys.Slots) > 0 {
			t.Errorf("parseStatus returned slots with error %v", err)
		}
	})
}

func FuzzParseInfo(f *testing.F) {
	if data, err := os.ReadFile("testdata/info.json"); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := parseInfo(data)
		if err == nil && b.Compatible == "" {
			t.Errorf("parseInfo(%q) accepted a bundle without compatible", data)
		}
	})
}
