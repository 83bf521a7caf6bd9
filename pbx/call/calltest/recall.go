package calltest

import (
	"context"

	"github.com/hookflash/firmware/pbx/call"
)

var _ call.NumberCollector = (*Leg)(nil)

// CollectNumber implements call.NumberCollector, as an analog phone that
// hook-flashed does: it waits for the test's Dials (or FlashesAgain), the
// leg's end or ctx.
func (l *Leg) CollectNumber(ctx context.Context) (string, error) {
	l.mu.Lock()
	l.st.Recalls++
	l.mu.Unlock()
	select {
	case n := <-l.numbers:
		if n == "" {
			return "", call.ErrFlash
		}
		return n, nil
	case <-l.done:
		return "", call.ErrLegEnded
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// Dials makes the far end dial number when the switch next collects one
// (or is collecting one now).
func (l *Leg) Dials(number string) { l.numbers <- number }

// FlashesAgain makes the far end flash instead of dialling when the switch
// next collects a number.
func (l *Leg) FlashesAgain() { l.numbers <- "" }
