// Package fxs drives a Silicon Labs ProSLIC (Si3210 family) subscriber line
// interface circuit: one analog phone port.
//
// The driver follows these parts of the Si3210/Si3211 data sheet and its
// initialisation application note (Silicon Labs AN35, "Si321x Quick
// Reference"):
//
//   - "Serial Peripheral Interface": SPI mode 3; a control byte (bit 7 set
//     for a read, bits 6:0 the direct register address) then a data byte,
//     with chip select released between the two bytes.
//   - "Direct Register Summary" and "Indirect Register Summary": the
//     register numbers in regs.go; indirect registers through direct
//     registers 28-31 (IDA low/high, IAA, IAS).
//   - AN35 initialisation steps: reset held 250 ms, SPI check (register 8
//     reads 0x02, register 11 reads 0x33), part identification (registers
//     0 and 1), indirect register load, DC-DC converter power-up and
//     calibration (registers 14, 74, 82, 92, 93), the automatic
//     calibrations (registers 96, 97), manual RING/TIP gain calibration
//     (registers 88, 89, 98, 99), longitudinal balance calibration, then
//     interrupt clear and enable (registers 18-23).
//   - "Linefeed Interface" (register 64): open, forward/reverse active,
//     forward/reverse on-hook transmission, tip open, ring open, ringing.
//     Polarity reversal is the switch between the forward and reverse
//     states.
//   - "Ringing Generation", "Sinusoidal Ringing": RCO, RNGX, RNGY, ROFF
//     (indirect registers 19-22) from the ringing frequency and amplitude;
//     the cadence is run by the driver, switching the linefeed between
//     ringing and on-hook transmission, so any country's cadence (several
//     on/off pairs) can be played and caller ID can be sent between rings.
//   - "Loop Closure Detection" and "Ring Trip Detection" (registers 68-70,
//     indirect registers 28, 29, 35, 36, Table "Recommended Ring Trip
//     Values"): the driver reads the loop status register and debounces in
//     software; hook flash and pulse dialling are decoded from the
//     debounced hook transitions. A loop closure while ringing (the chip
//     debounced it already), read live or latched in the interrupt
//     status, stops the ringing and is reported as OffHook at once,
//     however short the lift: the ringing it stopped is answered.
//   - "Interrupt Logic" (direct registers 18-23): with Opts.IRQ the driver
//     sleeps until the open-drain, active-low INT output falls, then reads
//     the status registers 18-20 and clears what it read by writing it
//     back (1s clear), until they read zero; it enables ring trip and loop
//     closure (register 22 bits 0 and 1). It reads the loop status only
//     after an interrupt and while a hook change is being timed. A source
//     that still reads set after four rounds is masked and the driver falls
//     back to polling. Without Opts.IRQ it polls every Opts.PollInterval.
//
// Verified against sources (the emulation in hal/sim shares these facts):
//
//   - Interrupt status bits: register 18 holds the oscillator, ringing and
//     pulse-metering timers; register 19 bit 0 ring trip, bit 1 loop
//     closure, bits 2-7 power alarms Q1-Q6; register 20 bit 0 DTMF, bit 1
//     indirect access, bit 2 common-mode balance calibration: Silicon Labs
//     ProSLIC API si321x.h and Si321x_GetInterrupts. The direct and
//     indirect register numbers in regs.go match its si321x_registers.h and
//     DAHDI proslic.h. Loop status bit 0 = LCR: Si321x_ReadHookStatus.
//
//   - Interrupt clearing: status registers 18-20 are cleared by writing 1s,
//     the enable registers are 21-23 (INTRPT_MASK1-3): ProSLIC API
//     si321x.c init step 21 (read each status register and write the value
//     back) and si321x_gr909.c (write 0xff to INTRPT_STATUS1-3 to clear
//     pending interrupts).
//
//   - Register 79 is ILOOP[5:0] at 1.25 mA/LSB (corrected from 1.1):
//     SI321X_LT_ISCALE = 1250 in Silicon Labs' si321x_gr909.h, and a Si3215
//     driver comment "1.25mA*8". Register 71 is 20 mA + 3 mA/LSB and
//     register 72 1.5 V/LSB: Si321x_dbgSetDCFeedIloop/Vopen.
//
//   - Voltage sense at 376 mV/LSB: DAHDI wctdm.c reports the battery after
//     power-up as register 82 × 376 / 1000 volts. Registers 69 and 70 are
//     the loop closure and ring trip debounce intervals (register names in
//     a vendor ProSLIC driver, which also loads 10 into register 69).
//
//   - PCM (direct register 1 PCME [5], PCMF [4:3]: 00 A-law, 01 µ-law, 11
//     16-bit linear; PCMT [2] a 16-bit transfer per frame; registers 2-5
//     the transmit and receive start counts in PCLK cycles after FSYNC):
//     DAHDI wctdm writes 0x28 (µ-law) and 0x20 (A-law); a Marvell Kirkwood
//     ProSLIC driver writes format<<3 and sets bit 2 for 16-bit linear; the
//     ProSLIC API counts a linear channel n from 16·n PCLKs. The driver
//     writes 0x28, or 0x3c with Opts.PCMLinear, and Timeslot×8 as both
//     start counts.
//
// Still unverified: the debounce scale (1.25 ms/LSB) and the DC-DC values
// (registers 92, 93).
//
// Not supported: the Si3215/Si3216 family, whose indirect register map
// differs (New refuses it with ErrUnsupportedPart rather than write wrong
// ringing coefficients); the chip's own ring cadence timers (registers
// 48-51); the DTMF decoder, tone generators and FSK (done in software by
// pbx/dsp on the PCM stream); interrupts other than ring trip and loop
// closure (power alarms, oscillator timers); GR-909 line tests.
package fxs
