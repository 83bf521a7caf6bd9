// Package sim is the simulated hardware of the development board: chips
// emulated at register level behind a fake SPI bus (a Si3210-class ProSLIC,
// a Si3050-class DAA), the outside world around them (analog phones, a PSTN
// line), simulated GPIO, PCM, watchdog and LEDs. The real drivers run
// against it unchanged.
//
// Emulation is event driven: state changes when the driver writes a
// register or the simulated world acts (a phone goes off-hook, the exchange
// rings), and time-dependent chip behaviour (calibration, DC-DC start-up)
// runs on a hal.Clock, so tests drive everything inside testing/synctest.
//
// The files gsm*.go and modem*.go (the AT-command modem emulation) belong to
// the GSM work and follow the same rules.
package sim
