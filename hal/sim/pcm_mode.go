package sim

import "fmt"

// PCMFormat is the sample format an emulated chip puts on the PCM highway,
// as its PCM mode register selects it (ProSLIC direct register 1, Si3050
// register 33: PCME [5], PCMF [4:3]).
type PCMFormat int

// PCM formats.
const (
	PCMOff      PCMFormat = iota // PCME clear: the chip leaves the highway alone
	PCMALaw                      // PCMF 00
	PCMULaw                      // PCMF 01
	PCMLinear16                  // PCMF 11: 16-bit two's complement, two 8-bit slots
)

func (f PCMFormat) String() string {
	switch f {
	case PCMOff:
		return "off"
	case PCMALaw:
		return "A-law"
	case PCMULaw:
		return "µ-law"
	case PCMLinear16:
		return "16-bit linear"
	}
	return fmt.Sprintf("PCMFormat(%d)", int(f))
}

// Bits returns the bits a sample of f takes on the highway, 0 when off.
func (f PCMFormat) Bits() int {
	switch f {
	case PCMALaw, PCMULaw:
		return 8
	case PCMLinear16:
		return 16
	}
	return 0
}

// PCMSetup is an emulated chip's PCM configuration, read from its
// registers.
type PCMSetup struct {
	Format PCMFormat
	// TXStart and RXStart are the start counts: PCLK cycles from FSYNC to
	// the first bit the chip sends and takes (ProSLIC registers 2-5,
	// Si3050 registers 34-37; 10 bits).
	TXStart, RXStart int
}

// Timeslot returns the first 8-bit time slot the chip sends and takes, and
// false when the two start counts differ or fall inside a slot.
func (p PCMSetup) Timeslot() (int, bool) {
	if p.TXStart != p.RXStart || p.TXStart%8 != 0 {
		return 0, false
	}
	return p.TXStart / 8, true
}

// decodePCM decodes a PCM mode register and the four start-count registers
// (transmit low, high, receive low, high). transfer16 is the ProSLIC's
// PCMT bit (a 16-bit transfer), which its linear format needs; the Si3050
// has none and passes -1. highwayBits, when not 0, is the width of the
// board's channels; a format of another width is a fault. It returns what
// is wrong with the setting, or "".
func decodePCM(mode byte, counts [4]byte, transfer16, highwayBits int) (PCMSetup, string) {
	p := PCMSetup{
		TXStart: int(counts[1]&0x03)<<8 | int(counts[0]),
		RXStart: int(counts[3]&0x03)<<8 | int(counts[2]),
	}
	if mode&0x20 == 0 {
		return p, ""
	}
	switch (mode >> 3) & 3 {
	case 0:
		p.Format = PCMALaw
	case 1:
		p.Format = PCMULaw
	case 3:
		p.Format = PCMLinear16
		if transfer16 == 0 {
			return p, fmt.Sprintf("PCM mode 0x%02x: 16-bit linear without PCMT (bit 2): the chip would move 8 bits a frame", mode)
		}
	default:
		return p, fmt.Sprintf("PCM mode 0x%02x: PCMF 10 is no format the emulation knows", mode)
	}
	if highwayBits != 0 && p.Format.Bits() != highwayBits {
		return p, fmt.Sprintf("PCM mode 0x%02x: %s (%d bits) on a highway of %d-bit channels", mode, p.Format, p.Format.Bits(), highwayBits)
	}
	if _, ok := p.Timeslot(); !ok {
		return p, fmt.Sprintf("PCM start counts tx %d, rx %d PCLKs: want one 8-bit slot boundary for both", p.TXStart, p.RXStart)
	}
	return p, ""
}
