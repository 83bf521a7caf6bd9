// Package linuxhost opens the buses and lines a board profile names on a
// Linux board: SPI through spidev, GPIO through the GPIO character device
// (both via periph.io/x/host/v3), serial devices found by USB path, and the
// watchdog. Only cmd/ uses it; drivers get the connections it returns.
//
// On other systems every function returns ErrUnsupported.
package linuxhost
