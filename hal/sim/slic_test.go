package sim

import (
	"testing"

	"periph.io/x/conn/v3/physic"
	"periph.io/x/conn/v3/spi"
)

// regIO talks to a SLIC the way the data sheet says: control byte, chip
// select released, data byte.
func regIO(t *testing.T, c spi.Conn, ctrl, data byte) byte {
	t.Helper()
	var r [1]byte
	if err := c.TxPackets([]spi.Packet{{W: []byte{ctrl}}, {W: []byte{data}, R: r[:]}}); err != nil {
		t.Fatal(err)
	}
	return r[0]
}

func TestSLICRegisterProtocol(t *testing.T) {
	s := NewSLIC(nil)
	if _, err := s.Port().Connect(physic.MegaHertz, spi.Mode0, 8); err == nil {
		t.Fatal("Connect in mode 0 accepted; the ProSLIC needs mode 3")
	}
	c, err := s.Port().Connect(4*physic.MegaHertz, spi.Mode3, 8)
	if err != nil {
		t.Fatal(err)
	}
	if v := regIO(t, c, 0x80|8, 0); v != 0x02 {
		t.Errorf("read reg 8 = 0x%02x; want 0x02", v)
	}
	// Indirect write then read back through IDA/IAA.
	regIO(t, c, 28, 0x34)
	regIO(t, c, 29, 0x12)
	regIO(t, c, 30, 21)
	if got := s.IndirectReg(21); got != 0x1234 {
		t.Errorf("IR21 = 0x%04x; want 0x1234", got)
	}
	regIO(t, c, 28, 0)
	regIO(t, c, 30, 21) // address alone: read into IDA
	if lo, hi := regIO(t, c, 0x80|28, 0), regIO(t, c, 0x80|29, 0); lo != 0x34 || hi != 0x12 {
		t.Errorf("indirect read = 0x%02x%02x; want 0x1234", hi, lo)
	}
	// Loop closure interrupt, write 1 to clear.
	p := NewPhone(nil)
	s.Attach(p)
	regIO(t, c, 14, 0)    // DC-DC on
	regIO(t, c, 22, 0x03) // enable ring trip and loop closure interrupts
	regIO(t, c, 64, 1)    // forward active
	p.OffHook()
	if v := regIO(t, c, 0x80|68, 0); v&1 == 0 {
		t.Errorf("loop status = 0x%02x; want LCR set", v)
	}
	if v := regIO(t, c, 0x80|19, 0); v != 0x02 {
		t.Errorf("interrupt status 2 = 0x%02x; want 0x02", v)
	}
	regIO(t, c, 19, 0x01) // clearing another bit leaves it
	if v := regIO(t, c, 0x80|19, 0); v != 0x02 {
		t.Errorf("after writing 0x01: 0x%02x; want 0x02", v)
	}
	regIO(t, c, 19, 0x02)
	if v := regIO(t, c, 0x80|19, 0); v != 0 {
		t.Errorf("after writing 0x02: 0x%02x; want 0", v)
	}
	if len(s.ProtocolErrors()) != 0 {
		t.Fatalf("protocol errors: %q", s.ProtocolErrors())
	}
	// Two bytes in one chip-select frame is a framing error.
	if err := c.Tx([]byte{0x80 | 8, 0}, make([]byte, 2)); err != nil {
		t.Fatal(err)
	}
	if len(s.ProtocolErrors()) != 1 {
		t.Errorf("two-byte frame not flagged: %q", s.ProtocolErrors())
	}
}
