package call

import "context"

// Watch implements Transferrer.
func (c *Call) Watch(ctx context.Context, legs ...Leg) (LegEvent, error) {
	ws := make([]*legState, 0, len(legs))
	for _, l := range legs {
		ls := c.lookup(l)
		if ls == nil {
			return LegEvent{}, ErrNotInCall
		}
		ws = append(ws, ls)
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
