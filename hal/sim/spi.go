package sim

import (
	"fmt"
	"sync"

	"periph.io/x/conn/v3"
	"periph.io/x/conn/v3/physic"
	"periph.io/x/conn/v3/spi"
)

// Slave is a chip on the simulated SPI bus. It sees what a real SPI slave
// sees: chip select asserted, one byte exchanged per 8 clocks (full duplex:
// the byte it returns is clocked out while mosi is clocked in), chip select
// released.
type Slave interface {
	Select()
	Exchange(mosi byte) (miso byte)
	Deselect()
	// Mode is the SPI mode the chip needs; MaxHz its fastest clock.
	Mode() spi.Mode
	MaxHz() physic.Frequency
}

// SPIPort is one chip select of the simulated bus: an spi.Port whose Connect
// returns a connection to the Slave. Connect refuses a mode the chip does
// not speak, as the real chip would garble it.
type SPIPort struct {
	name  string
	slave Slave

	mu        sync.Mutex // one transaction at a time, as on a real bus
	connected bool
}

// NewSPIPort returns a port named name (e.g. "sim0.0") with s on it.
func NewSPIPort(name string, s Slave) *SPIPort {
	return &SPIPort{name: name, slave: s}
}

func (p *SPIPort) String() string { return p.name }

// Connect implements spi.Port.
func (p *SPIPort) Connect(f physic.Frequency, mode spi.Mode, bits int) (spi.Conn, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.connected {
		return nil, fmt.Errorf("sim: %s: Connect called twice", p.name)
	}
	if bits != 8 {
		return nil, fmt.Errorf("sim: %s: %d bits per word; the chip uses 8", p.name, bits)
	}
	if mode&spi.Mode3 != p.slave.Mode()&spi.Mode3 {
		return nil, fmt.Errorf("sim: %s: %s; the chip needs %s", p.name, mode, p.slave.Mode())
	}
	if f > p.slave.MaxHz() {
		return nil, fmt.Errorf("sim: %s: %s exceeds the chip's %s", p.name, f, p.slave.MaxHz())
	}
	p.connected = true
	return &spiConn{p: p}, nil
}

// Conn returns a connection without going through Connect, for tests that
// hand the driver an spi.Conn directly.
func (p *SPIPort) Conn() spi.Conn { return &spiConn{p: p} }

type spiConn struct{ p *SPIPort }

func (c *spiConn) String() string       { return c.p.name }
func (c *spiConn) Duplex() conn.Duplex  { return conn.Full }
func (c *spiConn) Tx(w, r []byte) error { return c.TxPackets([]spi.Packet{{W: w, R: r}}) }
func (c *spiConn) TxPackets(pk []spi.Packet) error {
	c.p.mu.Lock()
	defer c.p.mu.Unlock()
	selected := false
	for _, p := range pk {
		if len(p.W) != 0 && len(p.R) != 0 && len(p.W) != len(p.R) {
			return fmt.Errorf("sim: %s: full duplex packet with %d bytes out and %d in", c.p.name, len(p.W), len(p.R))
		}
		if p.BitsPerWord != 0 && p.BitsPerWord != 8 {
			return fmt.Errorf("sim: %s: %d bits per word", c.p.name, p.BitsPerWord)
		}
		if !selected {
			c.p.slave.Select()
			selected = true
		}
		n := max(len(p.W), len(p.R))
		for i := 0; i < n; i++ {
			var out byte
			if i < len(p.W) {
				out = p.W[i]
			}
			in := c.p.slave.Exchange(out)
			if i < len(p.R) {
				p.R[i] = in
			}
		}
		if !p.KeepCS {
			c.p.slave.Deselect()
			selected = false
		}
	}
	return nil
}
