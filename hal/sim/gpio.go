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
// Level. Edges the board side asked for with In are latched, as the GPIO
// character device queues them, and returned by WaitForEdge. Safe for
// concurrent use.
type Pin struct {
	name string

	mu    sync.Mutex
	level gpio.Level
	pull  gpio.Pull
	out   bool
	edge  gpio.Edge
	edges chan struct{} // one latched edge; WaitForEdge takes it
	halt  chan struct{} // Halt wakes a WaitForEdge
}

// NewPin returns a pin at level l.
func NewPin(name string, l gpio.Level) *Pin {
	return &Pin{name: name, level: l, edges: make(chan struct{}, 1), halt: make(chan struct{}, 1)}
}

// Set drives the pin from the world side (a button press, a chip output).
// A change of level in the direction given to In latches an edge.
func (p *Pin) Set(l gpio.Level) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if l == p.level {
		return
	}
	p.level = l
	if p.edge == gpio.BothEdges || p.edge == gpio.RisingEdge && l == gpio.High || p.edge == gpio.FallingEdge && l == gpio.Low {
		select {
		case p.edges <- struct{}{}:
		default: // an edge is already latched
		}
	}
}

// Level returns the pin's level.
func (p *Pin) Level() gpio.Level { return p.Read() }

func (p *Pin) String() string { return "sim:" + p.name }
func (p *Pin) Name() string   { return p.name }
func (p *Pin) Number() int    { return -1 }

// Halt implements pin.Pin: it wakes a WaitForEdge in progress, which then
// returns false.
func (p *Pin) Halt() error {
	select {
	case p.halt <- struct{}{}:
	default:
	}
	return nil
}

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

// In implements gpio.PinIn. It forgets an edge latched before.
func (p *Pin) In(pull gpio.Pull, edge gpio.Edge) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.out, p.pull, p.edge = false, pull, edge
	select {
	case <-p.edges:
	default:
	}
	return nil
}

// Read implements gpio.PinIn.
func (p *Pin) Read() gpio.Level {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.level
}

// WaitForEdge implements gpio.PinIn: it returns true at once if an edge was
// latched since the last call, else waits up to timeout (forever if
// negative) for one. It returns false on timeout, after Halt, or when In
// asked for no edges. Timeouts run on the time package.
func (p *Pin) WaitForEdge(timeout time.Duration) bool {
	p.mu.Lock()
	none := p.edge == gpio.NoEdge
	p.mu.Unlock()
	if none {
		return false
	}
	select {
	case <-p.edges:
		return true
	default:
	}
	var expired <-chan time.Time
	if timeout >= 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		expired = t.C
	}
	select {
	case <-p.edges:
		return true
	case <-p.halt:
		return false
	case <-expired:
		return false
	}
}

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
