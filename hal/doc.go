// Package hal is the hardware abstraction of the Hookflash box: the buses
// the chips sit on (SPI and GPIO through periph.io/x/conn/v3, serial ports
// through github.com/tarm/serial), the PCM audio streams, the watchdog, the
// status LEDs, the reset button, and the board profiles that say which
// module sits where.
//
// hal imports nothing of the project. Drivers (drivers/fxs, drivers/fxo,
// drivers/gsm) import hal and nothing else of the project. Only cmd/ opens,
// configures and closes buses; drivers get a connection they may use.
//
// Everything that waits takes a Clock, so tests run it inside a
// testing/synctest bubble without sleeping.
package hal
