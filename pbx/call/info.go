package call

import "time"

// CallInfo describes a call in progress, for the status page and for its
// handler.
type CallInfo struct {
	ID       string
	Caller   Party
	Called   string    // the number the caller dialled
	Channel  string    // the caller's channel, e.g. "fxs/1"
	Peer     string    // the channel of the leg bridged to the caller; "" when none
	Started  time.Time // when the switch took the caller's leg
	Answered time.Time // when the call was first answered; zero before

	// Path is the call's path so far, its last ActivePathSteps steps after
	// PathEarlier others, and Running the element its handler is in now
	// (zero when none), for the dashboard: Switch.Active fills them,
	// Control.Info leaves them empty.
	Path        []PathStep
	PathEarlier int
	Running     PathStep
}

// Info implements Control.
func (c *Call) Info() CallInfo {
	c.mu.Lock()
	defer c.mu.Unlock()
	info := CallInfo{ID: c.id, Caller: c.from, Called: c.called, Channel: c.caller.channel,
		Started: c.started, Answered: c.answeredAt}
	if c.peer != nil {
		info.Peer = c.peer.channel
	}
	return info
}

// Var implements Control.
func (c *Call) Var(name string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.vars[name]
}

// SetVar implements Control.
func (c *Call) SetVar(name, value string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.vars == nil {
		c.vars = map[string]string{}
	}
	c.vars[name] = value
}
