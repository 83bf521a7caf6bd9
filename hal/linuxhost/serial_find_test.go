package linuxhost

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeTree makes files and directories under root: a name ending in "/"
// is a directory, any other a file (a device node stand-in).
func writeTree(t *testing.T, root string, names ...string) {
	t.Helper()
	for _, n := range names {
		p := filepath.Join(root, n)
		if strings.HasSuffix(n, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// fixtureRoots is a sysfs and /dev as a board with an EC25 on hub port 3
// (option driver: ttyUSB0-3, interface 2 the AT port), a cdc-acm modem on
// port 4, an interface without a tty, and one whose tty has no device node.
func fixtureRoots(t *testing.T) Roots {
	dir := t.TempDir()
	r := Roots{Sys: filepath.Join(dir, "sys"), Dev: filepath.Join(dir, "dev")}
	usb := "sys/bus/usb/devices/"
	writeTree(t, dir,
		usb+"usb1/", usb+"1-1/", usb+"1-1.3/", usb+"1-1.4/",
		usb+"1-1.3:1.0/ttyUSB0/", usb+"1-1.3:1.1/ttyUSB1/", usb+"1-1.3:1.2/ttyUSB2/", usb+"1-1.3:1.3/ttyUSB3/",
		usb+"1-1.3:1.4/",                                   // the network interface: no tty
		usb+"1-1.4:1.0/tty/ttyACM0/",                       // cdc-acm
		usb+"1-1.5:1.0/ttyUSB7/",                           // no /dev/ttyUSB7
		usb+"1-1.6:1.0/ttyUSB8/", usb+"1-1.6:1.0/ttyUSB9/", // two ttys on one interface
		"dev/ttyUSB0", "dev/ttyUSB1", "dev/ttyUSB2", "dev/ttyUSB3", "dev/ttyACM0", "dev/ttyUSB8", "dev/ttyUSB9",
	)
	return r
}

func TestUSBSerial(t *testing.T) {
	r := fixtureRoots(t)
	tests := []struct {
		path    string
		want    string // device name under r.Dev; "" for an error
		errWant string
	}{
		{"1-1.3:1.2", "ttyUSB2", ""},
		{"1-1.3:1.1", "ttyUSB1", ""},
		{"1-1.4:1.0", "ttyACM0", ""},
		{"1-1.3:1.4", "", "has no tty"},
		{"1-1.5:1.0", "", "does not exist"},
		{"1-1.6:1.0", "", "several ttys"},
		{"1-1.9:1.2", "", "not present"},
	}
	for _, tc := range tests {
		got, err := r.USBSerial(tc.path)
		if tc.want != "" {
			if want := filepath.Join(r.Dev, tc.want); err != nil || got != want {
				t.Errorf("USBSerial(%q) = %q, %v; want %q", tc.path, got, err, want)
			}
			continue
		}
		if !errors.Is(err, ErrNoSerial) || !strings.Contains(err.Error(), tc.errWant) || !strings.Contains(err.Error(), tc.path) {
			t.Errorf("USBSerial(%q) = %q, %v; want ErrNoSerial naming the path and saying %q", tc.path, got, err, tc.errWant)
		}
	}

	// Renumbering (a modem reset, another order at boot) moves the tty,
	// not the path.
	if err := os.Rename(filepath.Join(r.Sys, "bus/usb/devices/1-1.3:1.2/ttyUSB2"), filepath.Join(r.Sys, "bus/usb/devices/1-1.3:1.2/ttyUSB6")); err != nil {
		t.Fatal(err)
	}
	writeTree(t, r.Dev, "ttyUSB6")
	if got, err := r.USBSerial("1-1.3:1.2"); err != nil || got != filepath.Join(r.Dev, "ttyUSB6") {
		t.Errorf("after renumbering: USBSerial = %q, %v; want ttyUSB6", got, err)
	}
}

func TestUSBSerialPorts(t *testing.T) {
	r := fixtureRoots(t)
	got, err := r.USBSerialPorts()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"1-1.3:1.0": "ttyUSB0", "1-1.3:1.1": "ttyUSB1", "1-1.3:1.2": "ttyUSB2", "1-1.3:1.3": "ttyUSB3", "1-1.4:1.0": "ttyACM0"}
	if len(got) != len(want) {
		t.Errorf("USBSerialPorts() = %v; want %v", got, want)
	}
	for k, v := range want {
		if got[k] != filepath.Join(r.Dev, v) {
			t.Errorf("USBSerialPorts()[%q] = %q; want %s", k, got[k], v)
		}
	}
	if _, err := (Roots{Sys: t.TempDir(), Dev: r.Dev}).USBSerialPorts(); err == nil {
		t.Errorf("USBSerialPorts without /sys/bus/usb/devices = nil error")
	}
}

func TestIMEIInReply(t *testing.T) {
	tests := []struct {
		lines []string
		want  string
	}{
		{[]string{"AT+GSN", "861234567890123", "", "OK"}, "861234567890123"},
		{[]string{"", "+CGSN: \"861234567890123\"", "OK"}, "861234567890123"},
		{[]string{"861234567890123", "ERROR"}, ""},
		{[]string{"86123456789012", "OK"}, ""}, // 14 digits
		{[]string{"$GPGGA,,,,", "OK"}, ""},
		{[]string{"861234567890123"}, ""}, // no final OK
	}
	for _, tc := range tests {
		got, ok := imeiInReply(tc.lines)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("imeiInReply(%q) = %q, %v; want %q", tc.lines, got, ok, tc.want)
		}
	}
}

func FuzzIMEIInReply(f *testing.F) {
	f.Add("AT+GSN\n861234567890123\nOK")
	f.Add("+GSN: 861234567890123\r\nOK")
	f.Fuzz(func(t *testing.T, reply string) {
		imei, ok := imeiInReply(strings.Split(reply, "\n"))
		if ok && (len(imei) != 15 || strings.Trim(imei, "0123456789") != "") {
			t.Errorf("imeiInReply(%q) = %q: not 15 digits", reply, imei)
		}
	})
}
