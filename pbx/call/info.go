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
}

// PathStep is one entry of a call's path: what the handler did and how it
// ended.
type PathStep struct {
	At      time.Time `json:"at"`
	Step    string    `json:"step"`
	Outcome string    `json:"outcome,omitempty"`
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

// Step implements Control.
func (c *Call) Step(step, outcome string) {
	at := c.sw.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.path) >= maxPath {
		c.pathLost++
		return
	}
	c.path = append(c.path, PathStep{At: at, Step: step, Outcome: outcome})
}
