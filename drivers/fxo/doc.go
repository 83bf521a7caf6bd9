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
//   - "Interrupts" (registers 2-4): with Opts.IRQ the driver sets INTE
//     (register 2 bit 7), unmasks ring detect and polarity reversal
//     (register 3 RDTM [7], POLM [0]) and sleeps until the open-drain,
//     active-low INT output falls; then it reads the source register 4
//     (RDTI [7], POLI [0]) and clears what it read by writing 0s there and
//     1s elsewhere, until it reads zero, and reads ring detect and the line
//     voltage. A source still set after four rounds is masked and the
//     driver falls back to polling. The line voltage (parallel phone, line
//     down) raises no interrupt and is read every Opts.MonitorInterval.
//   - "Off-Hook" (register 5 OH), "Loop Current Monitor" (register 28 LCS2)
//     and "Line Voltage Monitor" (register 29 LVS, signed, so its sign
//     gives the polarity): seize and release, line present, line in use by
//     a parallel phone, polarity reversal.
//
// Verified against sources (the emulation in hal/sim shares every fact, so
// the tests still only prove the driver and the emulation agree):
//
//   - Control byte 0x20 write, 0x60 read, then address and data in one
//     chip-select frame: Silicon Labs ProSLIC API Linux SPI glue
//     (PROSLIC_CW_WR/RD, used for ProSLICs and the Si3050 DAA alike).
//
//   - Register 16 OHS [6], 26 DCV [7:6] MINI [5:4] ILIM [1], 30 ACIM [3:0],
//     31 OHS2 [3]: DAHDI wctdm/wctdm24xxp voicedaa init and fxo_modes.h.
//
//   - ACIM codes (2 = TBR21 270 Ω + (750 Ω || 150 nF), 3, 5): Si3050 data
//     sheet rev 1.5, Table 18. Country values for RU, DE, GB, US: DAHDI
//     fxo_modes.h (RU corrected to DCV 0, MINI 3; TBR21 to ACIM 2; GB to
//     ACIM 5). The data sheet's own country table was not consulted.
//
//   - Register 31 FOH[1:0] [6:5] resets to 01 (128 ms); the driver now keeps
//     it instead of writing 00 (512 ms): Si3056 data sheet, register 31.
//
//   - Ring validation: register 22 RDLY[1:0] [7:6] RMX [5:0], register 24
//     RNGV [7] RAS [5:0], the RAS/RMX formula with the recommended +1 on RMX
//     (Si3050 data sheet rev 1.31, register 22; Si3068 register 24). RCC
//     and RTO codes match the sister Si2401 DAA tables; the exact bit
//     positions of register 23 (RTO [6:3], RCC [2:0]) are still unverified.
//
//   - Interrupts: register 4 RDTI [7] and POLI [0] are set when the event
//     occurs and cleared only by writing 0; INT is driven when the bit's
//     mask in register 3 (RDTM, POLM) and INTE (register 2) are set; RDI
//     (register 2) makes RDTI fire at the end of a ring too: Si306x data
//     sheet rev 0.9, registers 2-4 (the Si3050's register map; the Si3050
//     sheet itself was not consulted for these bits).
//
//   - LVS (register 29): 1 V/bit, two's complement: Si3050 data sheet
//     rev 1.5, section 5.12.1.
//
//   - PCM (register 33 PCME [5], PCMF [4:3]: 00 A-law, 01 µ-law, 11 16-bit
//     linear two's complement; registers 34-37 the transmit and receive
//     start counts in PCLK cycles after FSYNC, 10 bits): Silicon Labs
//     ProSLIC API vdaa.h (tPcmFormat) and its Vdaa_PCMTimeSlotSetup
//     documentation (a 16-bit linear channel n starts at 16·n PCLKs);
//     DAHDI wctdm24xxp writes 0x28 (µ-law) and 0x20 (A-law); a Marvell
//     Kirkwood DAA driver writes 0x20 | format<<3. The driver writes 0x28,
//     or 0x38 with Opts.PCMLinear, and Timeslot×8 as both start counts.
//
//   - Register 16 RT is bit 0, the ringer threshold: 0 = 13.5-16.5 V rms,
//     1 = 19.35-23.65 V rms (Si3056 data sheet rev 1.05, register 16; the
//     Si2401 DAA's RT bit has the same levels). The driver leaves it 0.
//
// Still unverified: LCS2 (register 28) at 1.1 mA/LSB; whether the US entry
// wants RT set, which DAHDI is said to do for FCC.
//
// On-hook the driver keeps the on-hook line monitor (register 5 ONHM) on,
// so that caller ID sent between rings reaches the PCM stream; decoding it
// belongs to pbx/dsp.
//
// Not supported: billing tone detection, interrupts other than ring detect
// and polarity reversal, daisy-chained DAAs.
package fxo
