// Package fxo drives a Silicon Labs Si3050-class DAA (system side, with a
// Si3018/Si3019 line-side device): one PSTN line.
//
// The driver follows these parts of the Si3050 data sheet:
//
//   - "SPI Control Interface": a three-byte transaction in one chip-select
//     frame: a control byte (bit 5 set, bit 6 set for a read), the register
//     address, the data byte.
//   - "Initialization": power up the line-side device (register 6 PDL),
//     wait for frame detect on the isolation link (register 12 FDT), then
//     program the country settings.
//   - "Country Specific Register Settings": AC termination (register 30
//     ACIM), DC termination (register 26 DCV, MINI, ILIM), on-hook speed
//     (register 16 OHS, register 31 OHS2).
//   - "Ring Detection" and "Ring Validation" (registers 22-24): the chip
//     rejects bursts outside the frequency window (RAS, RMX) and shorter
//     than the confirmation count (RCC), and holds RDT (register 5) until
//     the ring timeout (RTO). The driver times RDT to report each ring
//     with its length and checks the cadence: a ring must last at least
//     Opts.MinRingOn.
//   - "Off-Hook" (register 5 OH), "Loop Current Monitor" (register 28 LCS2)
//     and "Line Voltage Monitor" (register 29 LVS, signed, so its sign
//     gives the polarity): seize and release, line present, line in use by
//     a parallel phone, polarity reversal.
//
// Assumptions to verify on hardware: the control-byte bit layout above was
// taken from memory of the data sheet's SPI section, and the emulation in
// hal/sim shares it, so the tests prove the driver and the emulation agree,
// not that they agree with silicon. The loop current scale (1.1 mA/LSB)
// and line voltage scale (1 V/LSB) likewise.
//
// Not supported: caller ID capture between rings (on-hook line monitor,
// register 5 ONHM, is set during rings-off but the FSK decoding belongs to
// pbx/dsp), billing tone detection, the interrupt pin (the driver polls),
// daisy-chained DAAs.
package fxo
