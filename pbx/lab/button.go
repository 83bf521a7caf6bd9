package lab

import (
	"errors"
	"fmt"
	"time"

	"periph.io/x/conn/v3/gpio"
)

// MaxButtonHold is the longest press PressButton takes (ms): past the 10 s of
// a factory reset there is nothing more to ask for.
const MaxButtonHold = 60_000

// ButtonPress is what POST /button answers: the press the world is making.
type ButtonPress struct {
	// Pin is the board's reset button line ("sim:button-reset").
	Pin string `json:"pin"`
	// Ms is how long the button is held (ms).
	Ms int `json:"ms"`
}

// PressButton holds the board's reset button down for hold and then lets it
// go, as a finger would: about 1 s asks the box to reboot, 10 s or more to
// reset to factory settings. It returns at once; the release comes on the
// world's clock. Pressing while the button is held is refused. It is safe for
// concurrent use.
func (l *Lab) PressButton(hold time.Duration) (ButtonPress, error) {
	b := l.w.Board().ResetButton
	if b == nil {
		return ButtonPress{}, &Error{Err: errors.New("lab: this board has no reset button")}
	}
	if hold <= 0 || hold > MaxButtonHold*time.Millisecond {
		return ButtonPress{}, &Error{Field: "ms", Err: fmt.Errorf("lab: button hold %v: want 1 to %d ms", hold, MaxButtonHold)}
	}
	pressed, released := gpio.High, gpio.Low
	if b.ActiveLow {
		pressed, released = gpio.Low, gpio.High
	}
	// The line itself says whether the button is held: the board's
	// pull-up (pbxd sets it when it opens the button) keeps it released.
	pin := l.w.Pin(b.Pin)
	if pin.Read() == pressed {
		return ButtonPress{}, &Error{Err: errors.New("lab: the button is held already (or nothing pulls its line up yet: is pbxd watching it?); wait for its release")}
	}
	pin.Set(pressed)
	l.w.Clock().AfterFunc(hold, func() { pin.Set(released) })
	return ButtonPress{Pin: string(b.Pin), Ms: int(hold / time.Millisecond)}, nil
}

// buttonAction is POST /button {"ms": N}.
func (l *Lab) buttonAction(_ string, body decoder) (any, error) {
	var b struct {
		Ms int `json:"ms"`
	}
	if err := body(&b); err != nil {
		return nil, err
	}
	return l.PressButton(ms(b.Ms))
}
