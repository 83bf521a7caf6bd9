package fxs

// Direct registers (Si3210 data sheet, "Direct Register Summary").
const (
	regSPIMode        = 0 // part number [5:4], revision [3:0]
	regPCMMode        = 1 // PCME [5], PCMF [4:3], PCMT [2]; bit 7 set on Si3215 family
	regPCMTXLo        = 2 // PCM transmit start count, PCLK cycles
	regPCMTXHi        = 3
	regPCMRXLo        = 4 // PCM receive start count
	regPCMRXHi        = 5
	regLoopback       = 8  // audio loopback; 0x02 after reset
	regHybrid         = 11 // hybrid control; 0x33 after reset
	regPowerDown1     = 14 // bit 4 powers the DC-DC converter down
	regIntStatus1     = 18 // interrupt status, write 1 to clear
	regIntStatus2     = 19 // bit 0 ring trip, bit 1 loop closure
	regIntStatus3     = 20 // bit 2 common-mode balance calibration error
	regIntEnable1     = 21
	regIntEnable2     = 22
	regIntEnable3     = 23
	regIDALo          = 28 // indirect data low
	regIDAHi          = 29 // indirect data high
	regIAA            = 30 // indirect address
	regIAS            = 31 // indirect access status, bit 0 busy
	regRingOsc        = 34 // ringing oscillator control
	regLinefeed       = 64 // LF [2:0], LFS [6:4]
	regBJT            = 65 // external bipolar transistor settings
	regLoopStatus     = 68 // bit 0 loop closure, bit 1 ring trip
	regLCDebounce     = 69 // loop closure debounce, 1.25 ms/LSB
	regRTDebounce     = 70 // ring trip debounce, 1.25 ms/LSB
	regILim           = 71 // loop current limit, 20 mA + 3 mA/LSB
	regVOC            = 72 // on-hook line voltage, 1.5 V/LSB
	regVBATH          = 74 // high battery voltage, 1.5 V/LSB
	regVLoop          = 78 // loop voltage sense, 376 mV/LSB
	regILoop          = 79 // loop current sense, ILOOP[5:0], 1.25 mA/LSB
	regVTip           = 80 // tip voltage sense, 376 mV/LSB
	regVRing          = 81 // ring voltage sense, 376 mV/LSB
	regVBATSense      = 82 // battery voltage sense, 376 mV/LSB
	regRingGainErr    = 88 // RING gain mismatch, 0 when calibrated
	regTipGainErr     = 89 // TIP gain mismatch, 0 when calibrated
	regDCDCPeriod     = 92 // DC-DC PWM period, 61.035 ns/LSB
	regDCDCOffTime    = 93 // DC-DC minimum off time; bit 7 DCCAL
	regCal1           = 96 // calibration control/status 1, 0 when done
	regCal2           = 97 // calibration control 2
	regRingGainCal    = 98
	regTipGainCal     = 99
	readBit           = 0x80 // control byte: read
	pcmOnULaw         = 0x28 // DR1: PCME, PCMF 01 µ-law
	pcmOnLinear16     = 0x3c // DR1: PCME, PCMF 11 16-bit linear, PCMT 16-bit transfer
	dcdcCalBit        = 0x80 // DR93 DCCAL
	powerDownDCDC     = 0x10 // DR14
	intRingTrip       = 0x01 // DR19/DR22
	intLoopClosure    = 0x02 // DR19/DR22
	intCMBalanceErr   = 0x04 // DR20/DR23
	loopStatusLCR     = 0x01
	loopStatusRTP     = 0x02
	vSenseLSB         = 0.376 // V per LSB of registers 78, 80-82
	battLSB           = 1.5   // V per LSB of registers 72, 74
	iLimBase, iLimLSB = 20, 3 // mA, register 71
)

// Indirect registers (Si3210 data sheet, "Indirect Register Summary").
const (
	irOsc1Coef   = 13
	irOsc1X      = 14
	irOsc1Y      = 15
	irOsc2Coef   = 16
	irOsc2X      = 17
	irOsc2Y      = 18
	irROFF       = 19 // ringing DC offset
	irRCO        = 20 // ringing frequency
	irRNGX       = 21 // ringing amplitude
	irRNGY       = 22 // ringing initial phase
	irPulseEnv   = 23
	irPulseX     = 24
	irPulseY     = 25
	irRXGain     = 26 // receive digital gain, 0x4000 = 0 dB
	irTXGain     = 27 // transmit digital gain
	irLCThresh   = 28 // loop closure threshold
	irRTThresh   = 29 // ring trip threshold
	irCMMin      = 30 // common-mode minimum threshold (speed-up)
	irCMMax      = 31 // common-mode maximum threshold
	irPwrQ1Q2    = 32 // power alarm thresholds
	irPwrQ3Q4    = 33
	irPwrQ5Q6    = 34
	irLCFilter   = 35 // loop closure filter coefficient
	irRTFilter   = 36 // ring trip filter coefficient
	irThermQ1Q2  = 37 // thermal low-pass poles
	irThermQ3Q4  = 38
	irThermQ5Q6  = 39
	irCMBiasRing = 40 // common-mode bias during ringing
	irDCDCMinV   = 41
	irLCThreshLo = 43
)

// Part identifies the chip (direct registers 0 and 1).
type Part int

// Parts.
const (
	Si3210 Part = iota
	Si3211
	Si3212
	Si3210M
)

func (p Part) String() string {
	switch p {
	case Si3210:
		return "Si3210"
	case Si3211:
		return "Si3211"
	case Si3212:
		return "Si3212"
	case Si3210M:
		return "Si3210M"
	}
	return "unknown ProSLIC"
}
