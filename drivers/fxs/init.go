package fxs

import (
	"context"
	"fmt"
	"math"
	"time"

	"periph.io/x/conn/v3/gpio"
)

// indirectInit is the indirect register load of AN35 step 9, with the
// values the data sheet recommends for a Si3201 linefeed and a short loop.
// Ringing (19-22) and the ring trip filter (36) are written later from
// Opts.
var indirectInit = []struct {
	reg byte
	val uint16
}{
	{irOsc1Coef, 0}, {irOsc1X, 0}, {irOsc1Y, 0}, // tone generators off:
	{irOsc2Coef, 0}, {irOsc2X, 0}, {irOsc2Y, 0}, // tones come from pbx/dsp
	{irPulseEnv, 0}, {irPulseX, 0}, {irPulseY, 0}, // no pulse metering
	{irRXGain, 0x4000}, {irTXGain, 0x4000}, // 0 dB
	{irLCThresh, 0x1000},
	{irRTThresh, 0x3600}, // 34 mA (Table "Recommended Ring Trip Values")
	{irCMMin, 0x1000},
	{irCMMax, 0x0200},
	{irPwrQ1Q2, 0x07c0}, {irPwrQ3Q4, 0x2600}, {irPwrQ5Q6, 0x1b80},
	{irLCFilter, 0x8000},
	{irThermQ1Q2, 0x008c}, {irThermQ3Q4, 0x0100}, {irThermQ5Q6, 0x0010},
	{irCMBiasRing, 0x0200},
	{irDCDCMinV, 0x0c00},
	{irLCThreshLo, 0x0e00},
}

// init runs the AN35 initialisation. d.mu is held.
func (d *Dev) init(ctx context.Context) error {
	// Step 1: reset, held at least 250 ms, then 250 ms to come up.
	if d.o.Reset != nil {
		if err := d.o.Reset.Out(gpio.Low); err != nil {
			return fmt.Errorf("fxs: reset: %w", err)
		}
		if err := d.sleep(ctx, 250*time.Millisecond); err != nil {
			return err
		}
		if err := d.o.Reset.Out(gpio.High); err != nil {
			return fmt.Errorf("fxs: reset: %w", err)
		}
		if err := d.sleep(ctx, 250*time.Millisecond); err != nil {
			return err
		}
	}

	// Step 8: SPI sanity check with two registers' reset values.
	if v, err := d.readReg(regLoopback); err != nil {
		return err
	} else if v != 0x02 {
		return fmt.Errorf("%w: reg %d = 0x%02x, want 0x02", ErrNoChip, regLoopback, v)
	}
	if v, err := d.readReg(regHybrid); err != nil {
		return err
	} else if v != 0x33 {
		return fmt.Errorf("%w: reg %d = 0x%02x, want 0x33", ErrNoChip, regHybrid, v)
	}

	// Identification: DR1 bit 7 marks the Si3215 family, DR0 [5:4] the
	// Si3210 family part, DR0 [3:0] the revision.
	pcm, err := d.readReg(regPCMMode)
	if err != nil {
		return err
	}
	if pcm&0x80 != 0 {
		return fmt.Errorf("%w: Si3215/Si3216 family (its indirect register map differs from the Si3210's)", ErrUnsupportedPart)
	}
	id, err := d.readReg(regSPIMode)
	if err != nil {
		return err
	}
	d.part, d.rev = Part(id>>4&3), id&0x0f
	if d.part == Si3211 || d.part == Si3212 {
		// The Si3211/12 have no DC-DC converter: the battery comes from the
		// board and the converter steps below do not apply.
		return fmt.Errorf("%w: %s (external battery not supported)", ErrUnsupportedPart, d.part)
	}

	// Step 9: indirect registers.
	for _, r := range indirectInit {
		if err := d.writeIndirect(r.reg, r.val); err != nil {
			return err
		}
	}

	if err := d.powerUp(ctx); err != nil {
		return err
	}
	if err := d.calibrate(ctx); err != nil {
		return err
	}
	return d.configure()
}

// powerUp starts the DC-DC converter (AN35 steps 10-13).
func (d *Dev) powerUp(ctx context.Context) error {
	// Start with a long PWM period so the battery does not overshoot.
	if err := d.writeReg(regDCDCOffTime, 0x12); err != nil {
		return err
	}
	if err := d.writeReg(regDCDCPeriod, 0xff); err != nil {
		return err
	}
	// A foreign voltage on tip or ring must be found before feeding.
	for _, r := range []byte{regVTip, regVRing} {
		v, err := d.readReg(r)
		if err != nil {
			return err
		}
		if float64(v)*vSenseLSB > 6 {
			return fmt.Errorf("%w (reg %d = %.1f V)", ErrForeignVoltage, r, float64(v)*vSenseLSB)
		}
	}
	vbath := byte(math.Round(d.o.VBATH / battLSB))
	if err := d.writeReg(regVBATH, vbath); err != nil {
		return err
	}
	if err := d.writeReg(regPowerDown1, 0); err != nil { // converter on
		return err
	}
	// Wait for the battery to come within 6 V of the target.
	target := byte(math.Max(0, (float64(vbath)*battLSB-6)/vSenseLSB))
	if _, err := d.pollReg(ctx, regVBATSense, 10*time.Millisecond, time.Second, func(v byte) bool { return v >= target }); err != nil {
		return fmt.Errorf("fxs: battery did not come up: %w", err)
	}
	// Normal PWM, then the converter calibration (DCCAL, self-clearing).
	if err := d.writeReg(regDCDCPeriod, 0x7f); err != nil {
		return err
	}
	if err := d.writeReg(regDCDCOffTime, 0x14); err != nil {
		return err
	}
	if err := d.sleep(ctx, 30*time.Millisecond); err != nil {
		return err
	}
	if err := d.writeReg(regDCDCOffTime, dcdcCalBit|0x14); err != nil {
		return err
	}
	if _, err := d.pollReg(ctx, regDCDCOffTime, 10*time.Millisecond, time.Second, func(v byte) bool { return v&dcdcCalBit == 0 }); err != nil {
		return fmt.Errorf("fxs: DC-DC calibration: %w", err)
	}
	return nil
}

// calibrate runs the calibrations of AN35 steps 14-19.
func (d *Dev) calibrate(ctx context.Context) error {
	for _, w := range [][2]byte{
		{regIntEnable1, 0}, {regIntEnable2, 0}, {regIntEnable3, 0},
		{regLinefeed, byte(Open)},
		{regCal2, 0x1e}, // no ADC/DAC offset, no common-mode balance yet
		{regCal1, 0x47}, // differential DAC, common-mode DAC, I-limit
	} {
		if err := d.writeReg(w[0], w[1]); err != nil {
			return err
		}
	}
	if _, err := d.pollReg(ctx, regCal1, 10*time.Millisecond, time.Second, func(v byte) bool { return v == 0 }); err != nil {
		return fmt.Errorf("fxs: automatic calibration: %w", err)
	}

	// Step 16: manual RING then TIP gain calibration: lower the gain until
	// the mismatch register reads zero.
	if err := d.sleep(ctx, 10*time.Millisecond); err != nil {
		return err
	}
	if err := d.writeReg(regTipGainCal, 0x10); err != nil {
		return err
	}
	for _, g := range [][2]byte{{regRingGainCal, regRingGainErr}, {regTipGainCal, regTipGainErr}} {
		ok := false
		for i := byte(0x1f); i > 0; i-- {
			if err := d.writeReg(g[0], i); err != nil {
				return err
			}
			if err := d.sleep(ctx, 40*time.Millisecond); err != nil {
				return err
			}
			v, err := d.readReg(g[1])
			if err != nil {
				return err
			}
			if v == 0 {
				ok = true
				break
			}
		}
		if !ok {
			return fmt.Errorf("%w: gain register %d did not converge", ErrCalibration, g[0])
		}
	}

	// Steps 17-19: longitudinal balance, with the line fed and on-hook.
	if err := d.writeReg(regIntEnable3, intCMBalanceErr); err != nil {
		return err
	}
	if err := d.writeReg(regLinefeed, byte(ForwardActive)); err != nil {
		return err
	}
	if err := d.sleep(ctx, 250*time.Millisecond); err != nil {
		return err
	}
	ls, err := d.readReg(regLoopStatus)
	if err != nil {
		return err
	}
	if ls&loopStatusLCR != 0 {
		return ErrOffHookAtInit
	}
	for _, w := range [][2]byte{{regLinefeed, byte(Open)}, {regCal2, 0x01}, {regCal1, 0x40}} {
		if err := d.writeReg(w[0], w[1]); err != nil {
			return err
		}
	}
	if _, err := d.pollReg(ctx, regCal1, 10*time.Millisecond, time.Second, func(v byte) bool { return v == 0 }); err != nil {
		return fmt.Errorf("fxs: longitudinal balance calibration: %w", err)
	}
	st, err := d.readReg(regIntStatus3)
	if err != nil {
		return err
	}
	if st&intCMBalanceErr != 0 {
		return fmt.Errorf("%w: common-mode balance error", ErrCalibration)
	}
	return nil
}

// configure sets the line parameters, ringing, PCM and interrupts and
// feeds the line.
func (d *Dev) configure() error {
	rco, rngx := ringCoefficients(d.o.Ringing.Hz, d.o.RingVpk)
	filter, rtdi := ringTripValues(d.o.Ringing.Hz)
	for _, w := range []struct {
		reg byte
		val uint16
	}{
		{irROFF, 0}, {irRCO, rco}, {irRNGX, rngx}, {irRNGY, 0},
		{irRTFilter, filter},
	} {
		if err := d.writeIndirect(w.reg, w.val); err != nil {
			return err
		}
	}
	writes := [][2]byte{
		{regBJT, 0x61},
		{regILim, byte((d.o.LoopCurrentLimit - iLimBase) / iLimLSB)},
		{regVOC, byte(math.Round(d.o.OnHookVoltage / battLSB))},
		{regLCDebounce, 0x0a}, // 12.5 ms; the driver debounces again
		{regRTDebounce, rtdi},
		{regRingOsc, 0x00}, // sine, no hardware cadence timers
	}
	if ts := d.o.Timeslot; ts >= 0 {
		// PCLK cycles from FSYNC to the first bit: 8 per 8-bit slot, so a
		// 16-bit channel c (ts = 2c) starts at 16c, as the ProSLIC API's
		// PCMTimeSlotSetup counts linear channels.
		count := uint16(ts) * 8
		mode := byte(pcmOnULaw)
		if d.o.PCMLinear {
			mode = pcmOnLinear16
		}
		writes = append(writes,
			[2]byte{regPCMTXLo, byte(count)}, [2]byte{regPCMTXHi, byte(count >> 8)},
			[2]byte{regPCMRXLo, byte(count)}, [2]byte{regPCMRXHi, byte(count >> 8)},
			[2]byte{regPCMMode, mode})
	}
	writes = append(writes,
		[2]byte{regIntStatus1, 0xff}, [2]byte{regIntStatus2, 0xff}, [2]byte{regIntStatus3, 0xff},
		[2]byte{regIntEnable2, intRingTrip | intLoopClosure},
		[2]byte{regLinefeed, byte(ForwardActive)},
	)
	for _, w := range writes {
		if err := d.writeReg(w[0], w[1]); err != nil {
			return err
		}
	}
	d.lf = ForwardActive
	d.intEnable = [3]byte{0, intRingTrip | intLoopClosure, intCMBalanceErr}
	return nil
}
