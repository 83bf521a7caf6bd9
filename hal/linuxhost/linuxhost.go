//go:build linux

package linuxhost

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/hookflash/firmware/hal"
	"periph.io/x/conn/v3"
	"periph.io/x/conn/v3/driver/driverreg"
	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/gpio/gpioreg"
	"periph.io/x/conn/v3/physic"
	"periph.io/x/conn/v3/spi"
	"periph.io/x/host/v3/gpioioctl" // registers the GPIO character device driver
	"periph.io/x/host/v3/sysfs"     // registers spidev
)

// ErrUnsupported is returned on systems without spidev and gpiochip.
var ErrUnsupported = errors.New("linuxhost: not supported on this system")

var initOnce = sync.OnceValue(func() error {
	_, err := driverreg.Init()
	return err
})

// Init loads the periph host drivers (spidev, GPIO character device). The
// functions below call it; calling it early reports driver errors first.
func Init() error {
	if err := initOnce(); err != nil {
		return fmt.Errorf("linuxhost: periph drivers: %w", err)
	}
	return nil
}

// Pin returns the GPIO line a profile names, looked up by line name in the
// GPIO character devices (gpiochip line names such as "GPIO17" or "P9_12").
func Pin(name hal.Pin) (gpio.PinIO, error) {
	if err := Init(); err != nil {
		return nil, err
	}
	if p := gpioreg.ByName(string(name)); p != nil {
		return p, nil
	}
	for _, c := range gpioioctl.Chips {
		if l := c.ByName(string(name)); l != nil {
			return l, nil
		}
	}
	return nil, fmt.Errorf("linuxhost: no GPIO line named %q (see gpioinfo for this board's line names)", name)
}

// SPI opens the port for a module's chip select: /dev/spidevBUS.CS for a
// controller chip select, or the bus with its chip select disabled and a
// GPIO driven around each transfer for cs=gpio:PIN.
//
// A GPIO chip select uses spidevBUS.0 with SPI_NO_CS, and spidev applies a
// mode to the device, not to one open file, so a module on native cs=0 of
// the same bus would lose its chip select: hal.LoadBoard refuses that
// profile. Such lines belong in the bus's cs-gpios in the device tree (the
// kernel then offers them as spidevBUS.N) and are given as native chip
// selects.
func SPI(bus hal.SPIBus, cs hal.ChipSelect) (spi.PortCloser, error) {
	if err := Init(); err != nil {
		return nil, err
	}
	if cs.Native >= 0 {
		p, err := sysfs.NewSPI(bus.Bus, cs.Native)
		if err != nil {
			return nil, fmt.Errorf("linuxhost: open spidev%d.%d: %w (is the SPI overlay enabled?)", bus.Bus, cs.Native, err)
		}
		return p, nil
	}
	pin, err := Pin(cs.GPIO)
	if err != nil {
		return nil, err
	}
	p, err := sysfs.NewSPI(bus.Bus, 0)
	if err != nil {
		return nil, fmt.Errorf("linuxhost: open spidev%d.0 for GPIO chip select %s: %w", bus.Bus, cs.GPIO, err)
	}
	if err := pin.Out(gpio.High); err != nil {
		p.Close()
		return nil, fmt.Errorf("linuxhost: chip select %s: %w", cs.GPIO, err)
	}
	return &gpioCSPort{PortCloser: p, cs: pin}, nil
}

// SPI opens the port for a module's chip select as SPI does, after checking
// that the spidev node it needs (spidevBUS.CS, or spidevBUS.0 for a GPIO
// chip select) exists under r.Dev, so that a missing overlay is reported
// by name.
func (r Roots) SPI(bus hal.SPIBus, cs hal.ChipSelect) (spi.PortCloser, error) {
	n := max(cs.Native, 0)
	node := filepath.Join(r.Dev, fmt.Sprintf("spidev%d.%d", bus.Bus, n))
	if _, err := os.Stat(node); err != nil {
		return nil, fmt.Errorf("linuxhost: spi %s %s: %s missing (load the board's SPI overlay: each chip select, cs-gpios lines included, needs its spidev node)", bus.Name, cs, node)
	}
	return SPI(bus, cs)
}

// gpioCSPort drives a GPIO as an active-low chip select around transfers
// on a bus opened with spi.NoCS.
type gpioCSPort struct {
	spi.PortCloser
	cs gpio.PinOut
}

func (g *gpioCSPort) String() string { return fmt.Sprintf("%s+cs:%s", g.PortCloser, g.cs) }

func (g *gpioCSPort) Connect(f physic.Frequency, mode spi.Mode, bits int) (spi.Conn, error) {
	c, err := g.PortCloser.Connect(f, mode|spi.NoCS, bits)
	if err != nil {
		return nil, err
	}
	return &gpioCSConn{Conn: c, cs: g.cs}, nil
}

type gpioCSConn struct {
	spi.Conn
	mu sync.Mutex
	cs gpio.PinOut
}

func (g *gpioCSConn) Tx(w, r []byte) error {
	return g.TxPackets([]spi.Packet{{W: w, R: r}})
}

// TxPackets asserts chip select for each packet and releases it after every
// packet without KeepCS, as a controller chip select would.
func (g *gpioCSConn) TxPackets(p []spi.Packet) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	selected := false
	defer func() {
		if selected {
			g.cs.Out(gpio.High)
		}
	}()
	for _, pk := range p {
		if !selected {
			if err := g.cs.Out(gpio.Low); err != nil {
				return err
			}
			selected = true
		}
		keep := pk.KeepCS
		pk.KeepCS = false
		if err := g.Conn.TxPackets([]spi.Packet{pk}); err != nil {
			return err
		}
		if !keep {
			if err := g.cs.Out(gpio.High); err != nil {
				return err
			}
			selected = false
		}
	}
	return nil
}

func (g *gpioCSConn) Duplex() conn.Duplex { return g.Conn.Duplex() }

// Watchdog opens the board's watchdog device.
func Watchdog(path string) (hal.Watchdog, error) {
	if !strings.HasPrefix(path, "/dev/") {
		return nil, fmt.Errorf("linuxhost: watchdog %q: want a /dev path", path)
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("linuxhost: watchdog: %w", err)
	}
	return hal.OpenWatchdog(path)
}
