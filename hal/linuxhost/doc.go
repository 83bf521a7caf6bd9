// Package linuxhost opens the buses and lines a board profile names on a
// Linux board: SPI through spidev, GPIO through the GPIO character device
// (both via periph.io/x/host/v3), serial devices found by USB path or by the
// IMEI the modem reports, and the watchdog. Only cmd/ uses it; drivers get
// the connections it returns.
//
// On other systems the SPI, GPIO and watchdog functions return
// ErrUnsupported.
package linuxhost
