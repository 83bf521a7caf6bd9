package call

import "errors"

// Errors of the switch and of legs.
var (
	ErrLegEnded  = errors.New("call: leg has ended")
	ErrNoChannel = errors.New("call: no channel for this kind of target")
)
