//go:build linux

package linuxhost

import (
	"strings"
	"testing"

	"github.com/hookflash/firmware/hal/sim"
	"periph.io/x/conn/v3"
	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/spi"
)

// csLog is an spi.Conn that logs the chip-select level seen at each packet,
// and, through csPin, every chip-select edge.
type csLog struct {
	cs  *sim.Pin
	log []string
}

type csPin struct {
	*sim.Pin
	l *csLog
}

func (p csPin) Out(l gpio.Level) error {
	if l {
		p.l.log = append(p.l.log, "/")
	} else {
		p.l.log = append(p.l.log, "\\")
	}
	return p.Pin.Out(l)
}

func (c *csLog) String() string      { return "log" }
func (c *csLog) Duplex() conn.Duplex { return conn.Full }
func (c *csLog) Tx(w, r []byte) error {
	return c.TxPackets([]spi.Packet{{W: w, R: r}})
}
func (c *csLog) TxPackets(p []spi.Packet) error {
	for _, pk := range p {
		c.log = append(c.log, c.cs.Read().String()+":"+string(rune('0'+len(pk.W))))
	}
	return nil
}

func TestGPIOChipSelect(t *testing.T) {
	pin := sim.NewPin("cs", gpio.High)
	lc := &csLog{cs: pin}
	c := &gpioCSConn{Conn: lc, cs: csPin{pin, lc}}
	// Two one-byte packets, chip select released between them (ProSLIC).
	if err := c.TxPackets([]spi.Packet{{W: []byte{1}}, {W: []byte{2}}}); err != nil {
		t.Fatal(err)
	}
	// A packet with KeepCS then one without: one frame.
	if err := c.TxPackets([]spi.Packet{{W: []byte{1}, KeepCS: true}, {W: []byte{2, 3}}}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(lc.log, " "); got != `\ Low:1 / \ Low:1 / \ Low:1 Low:2 /` {
		t.Errorf("chip select during packets: %s", got)
	}
	if pin.Read() != gpio.High {
		t.Errorf("chip select left asserted")
	}
}
