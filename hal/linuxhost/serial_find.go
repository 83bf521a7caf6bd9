package linuxhost

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// Roots are the directories device lookups start from: the sysfs mount and
// the device directory. The box uses HostRoots; a test points them at a tree
// it wrote.
type Roots struct {
	Sys string // "/sys"
	Dev string // "/dev"
}

// HostRoots are the running system's sysfs and /dev.
var HostRoots = Roots{Sys: "/sys", Dev: "/dev"}

// ErrNoSerial is returned when no serial device matches a profile's
// serial= or audio= match.
var ErrNoSerial = errors.New("linuxhost: no serial device")

// usbDevices is where the kernel lists USB devices and interfaces by
// topology path ("1-1.3:1.2").
func (r Roots) usbDevices() string { return filepath.Join(r.Sys, "bus", "usb", "devices") }

// ttysUnder returns the tty names the kernel created for USB interface dir:
// usb-serial drivers (option, qcserial) put ttyUSBn right under the
// interface, cdc-acm puts ttyACMn under its tty class directory.
func ttysUnder(dir string) []string {
	var names []string
	for _, pat := range []string{"ttyUSB*", "tty/ttyACM*", "tty/ttyUSB*"} {
		ms, _ := filepath.Glob(filepath.Join(dir, pat))
		for _, m := range ms {
			names = append(names, filepath.Base(m))
		}
	}
	sort.Strings(names)
	return slices.Compact(names)
}

// USBSerial returns the device node of the serial port on USB interface
// path (a /sys/bus/usb/devices name such as "1-1.3:1.2"): the ttyUSBn or
// ttyACMn the kernel created under that interface, whatever its number.
func (r Roots) USBSerial(path string) (string, error) {
	dir := filepath.Join(r.usbDevices(), path)
	if _, err := os.Stat(dir); err != nil {
		return "", fmt.Errorf("%w: USB interface %s is not present (%s missing: is the modem plugged in and powered?)", ErrNoSerial, path, dir)
	}
	names := ttysUnder(dir)
	switch len(names) {
	case 0:
		return "", fmt.Errorf("%w: USB interface %s has no tty (is the modem's serial driver, option or cdc-acm, loaded?)", ErrNoSerial, path)
	case 1:
	default:
		return "", fmt.Errorf("%w: USB interface %s has several ttys (%s); name the interface, e.g. %s:1.2", ErrNoSerial, path, strings.Join(names, ", "), path)
	}
	dev := filepath.Join(r.Dev, names[0])
	if _, err := os.Stat(dev); err != nil {
		return "", fmt.Errorf("%w: USB interface %s is %s but %s does not exist", ErrNoSerial, path, names[0], dev)
	}
	return dev, nil
}

// USBSerialPorts returns the device node of every USB serial port, keyed
// by USB interface path, for matching modems by IMEI.
func (r Roots) USBSerialPorts() (map[string]string, error) {
	entries, err := os.ReadDir(r.usbDevices())
	if err != nil {
		return nil, fmt.Errorf("linuxhost: list USB devices: %w", err)
	}
	ports := map[string]string{}
	for _, e := range entries {
		if !strings.Contains(e.Name(), ":") {
			continue // a device, not an interface
		}
		names := ttysUnder(filepath.Join(r.usbDevices(), e.Name()))
		if len(names) != 1 {
			continue
		}
		if dev := filepath.Join(r.Dev, names[0]); fileExists(dev) {
			ports[e.Name()] = dev
		}
	}
	return ports, nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
