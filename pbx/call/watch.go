package call

import "context"

// Watch implements Transferrer.
func (c *Call) Watch(ctx context.Context, legs ...Leg) (LegEvent, error) {
	ws, err := c.lookupAll(legs)
	if err != nil {
		return LegEvent{}, err
	}
	gone := c.gone()
	for {
		if ev, ok := watched(ws); ok {
			return ev, nil
		}
		select {
		case <-c.wake:
		case <-ctx.Done():
			return LegEvent{}, ctx.Err()
		case <-gone:
			return LegEvent{}, ErrLegEnded
		}
	}
}

// lookupAll returns the states of legs, or ErrNotInCall when one of them
// is not a leg of the call.
func (c *Call) lookupAll(legs []Leg) ([]*legState, error) {
	ws := make([]*legState, 0, len(legs))
	for _, l := range legs {
		ls := c.lookup(l)
		if ls == nil {
			return nil, ErrNotInCall
		}
		ws = append(ws, ls)
	}
	return ws, nil
}

// Ended reports whether leg, a leg of the call, has ended (hung up, or
// failed); false for a leg that is not the call's. It consumes none of the
// leg's events. Safe for concurrent use.
func (c *Call) Ended(leg Leg) bool {
	ls := c.lookup(leg)
	if ls == nil {
		return false
	}
	_, ended := ls.hasEnded()
	return ended
}
