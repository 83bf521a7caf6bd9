package hal

import (
	"fmt"

	"periph.io/x/conn/v3/gpio"
)

// LED is a status light on the front panel.
type LED interface {
	// Set switches the light on or off.
	Set(on bool) error
}

// GPIOLED is an LED on a GPIO output.
type GPIOLED struct {
	Pin gpio.PinOut
	// ActiveLow is true when a low level lights the LED.
	ActiveLow bool
}

// Set implements LED.
func (l GPIOLED) Set(on bool) error {
	level := gpio.Level(on != l.ActiveLow)
	if err := l.Pin.Out(level); err != nil {
		return fmt.Errorf("hal: led %s: %w", l.Pin, err)
	}
	return nil
}
