package calltest

import (
	"sync"

	"github.com/hookflash/firmware/pbx/call"
)

// FaxLeg is a Leg whose channel listens for fax tones: it implements
// call.FaxDetector, and the test makes its far end send a fax tone with
// SendsFaxTone. It is safe for concurrent use.
type FaxLeg struct {
	*Leg
	once sync.Once
	fax  chan struct{}
}

var _ call.FaxDetector = (*FaxLeg)(nil)

// NewFaxLeg is NewLeg for a channel that detects fax tones, such as an FXO
// line ("fxo/1").
func NewFaxLeg(channel string, remote call.Party) *FaxLeg {
	return &FaxLeg{Leg: NewLeg(channel, remote), fax: make(chan struct{})}
}

// FaxTone implements call.FaxDetector.
func (l *FaxLeg) FaxTone() <-chan struct{} { return l.fax }

// SendsFaxTone makes the far end send a fax tone (CNG): FaxTone's channel
// closes. Later calls do nothing, as a channel reports the first tone only.
func (l *FaxLeg) SendsFaxTone() { l.once.Do(func() { close(l.fax) }) }
