package hal

import (
	"fmt"
	"time"

	"github.com/tarm/serial"
)

// OpenSerial opens a serial device through github.com/tarm/serial, 8N1, no
// flow control. tarm/serial has no DTR/RTS control and no hardware flow
// control; modems that need them must be wired so they do not (SIM800 and
// EC25 run without RTS/CTS at 115200 with AT+IFC=0,0, their default).
//
// Only cmd/ should call OpenSerial; drivers get the SerialPort.
func OpenSerial(cfg SerialConfig) (SerialPort, error) {
	baud := cfg.Baud
	if baud == 0 {
		baud = 115200
	}
	poll := cfg.Poll
	if poll <= 0 {
		poll = 100 * time.Millisecond
	}
	// tarm/serial rounds ReadTimeout to tenths of a second (VTIME).
	poll = ((poll + 99*time.Millisecond) / (100 * time.Millisecond)) * (100 * time.Millisecond)
	p, err := serial.OpenPort(&serial.Config{Name: cfg.Device, Baud: baud, ReadTimeout: poll})
	if err != nil {
		return nil, fmt.Errorf("hal: open serial %s: %w (check the board profile's serial match and that the modem is powered)", cfg.Device, err)
	}
	return newPollingPort(p, cfg.Device, SystemClock{}), nil
}
