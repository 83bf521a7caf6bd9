//go:build !linux

package linuxhost

import (
	"errors"

	"github.com/hookflash/firmware/hal"
	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/spi"
)

// ErrUnsupported is returned on systems without spidev and gpiochip.
var ErrUnsupported = errors.New("linuxhost: not supported on this system")

func Init() error                                            { return ErrUnsupported }
func Pin(hal.Pin) (gpio.PinIO, error)                        { return nil, ErrUnsupported }
func SPI(hal.SPIBus, hal.ChipSelect) (spi.PortCloser, error) { return nil, ErrUnsupported }
func Watchdog(string) (hal.Watchdog, error)                  { return nil, ErrUnsupported }

// SPI returns ErrUnsupported.
func (Roots) SPI(hal.SPIBus, hal.ChipSelect) (spi.PortCloser, error) { return nil, ErrUnsupported }
