package sim

import (
	"errors"
	"sync"
	"time"

	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/physic"
)

// Pin is a simulated GPIO line ("sim:NAME" in the sim board profile). The
// board side drives or reads it through gpio.PinIO; the simulated world
// sets it with Set (a button, a chip's interrupt output) or watches it with
// Level. WaitForEdge is not simulated: drivers poll. Safe for concurrent
// use.
type Pin struct {
	name string

	mu    sync.Mutex
	level gpio.Level
	pull  gpio.Pull
	out   bool
}

// NewPin returns a pin at level l.
func NewPin(name string, l gpio.Level) *Pin { return &Pin{name: name, level: l} }

// Set drives the pin from the world side (a button press, a chip output).
func (p *Pin) Set(l gpio.Level) {
	p.mu.Lock()
	p.level = l
	p.mu.Unlock()
}

// Level returns the pin's level.
func (p *Pin) Level() gpio.Level { return p.Read() }

func (p *Pin) String() string         { return "sim:" + p.name }
func (p *Pin) Name() string           { return p.name }
func (p *Pin) Number() int            { return -1 }
func (p *Pin) Halt() error            { return nil }
func (p *Pin) DefaultPull() gpio.Pull { return gpio.Float }

// Function implements pin.Pin.
func (p *Pin) Function() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.out {
		return "Out/" + p.level.String()
	}
	return "In/" + p.level.String()
}

// In implements gpio.PinIn.
func (p *Pin) In(pull gpio.Pull, edge gpio.Edge) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.out, p.pull = false, pull
	return nil
}

// Read implements gpio.PinIn.
func (p *Pin) Read() gpio.Level {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.level
}

// WaitForEdge implements gpio.PinIn; edges are not simulated.
func (p *Pin) WaitForEdge(time.Duration) bool { return false }

// Pull implements gpio.PinIn.
func (p *Pin) Pull() gpio.Pull {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.pull
}

// Out implements gpio.PinOut.
func (p *Pin) Out(l gpio.Level) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.out, p.level = true, l
	return nil
}

// PWM implements gpio.PinOut; not supported.
func (p *Pin) PWM(gpio.Duty, physic.Frequency) error {
	return errors.New("sim: PWM not simulated")
}

// Pins is the set of simulated GPIO lines of a board, created on first use
// by name ("sim:fxs1-int" and "fxs1-int" name the same line).
type Pins struct {
	mu   sync.Mutex
	pins map[string]*Pin
}

// Pin returns the line called name, creating it low.
func (p *Pins) Pin(name string) *Pin {
	if len(name) > 4 && name[:4] == "sim:" {
		name = name[4:]
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pins == nil {
		p.pins = map[string]*Pin{}
	}
	if x, ok := p.pins[name]; ok {
		return x
	}
	x := NewPin(name, gpio.Low)
	p.pins[name] = x
	return x
}

var _ gpio.PinIO = (*Pin)(nil)
