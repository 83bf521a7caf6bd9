package fxo

// LineStatus is a line as the dashboard shows it.
type LineStatus struct {
	Port    int     `json:"port"`
	Name    string  `json:"name"`   // from the store; the port number when not configured
	Number  string  `json:"number"` // the line's own number, if known
	Enabled bool    `json:"enabled"`
	State   string  `json:"state"` // the state machine's: "idle", "alerting", "connected", ...
	Volts   float64 `json:"volts"` // tip-ring voltage now, V; negative in normal polarity
	Down    bool    `json:"down"`  // no line voltage
	InUse   bool    `json:"in_use"`
	Ringing bool    `json:"ringing"`
	// Remote is the far end of the call ringing or in progress: the caller
	// ID of an inbound call, the number dialled of an outgoing one.
	Remote string `json:"remote,omitempty"`
	Calls  int    `json:"calls"` // calls in and out since the channel started
}

// Status returns every line's status, in port order of Opts.Lines. It
// reads each line's voltage from its DAA. Safe for concurrent use.
func (c *Channel) Status() []LineStatus {
	out := make([]LineStatus, 0, len(c.lines))
	for _, l := range c.lines {
		v, _ := l.dev.LineVoltage()
		l.mu.Lock()
		s := LineStatus{
			Port: l.port, Name: l.cfg.name, Number: l.cfg.number, Enabled: l.cfg.enabled,
			State: l.state.String(), Volts: v, Down: l.state == stateDown,
			InUse:   l.leg != nil || l.state.offHook() || l.state == stateInUse,
			Ringing: l.state.ringing(), Calls: l.calls,
		}
		if l.leg != nil {
			s.Remote = l.leg.remote.Number
		}
		l.mu.Unlock()
		out = append(out, s)
	}
	return out
}

// Up reports whether the line named name (its name in the store, or its
// port number) can take an outgoing call at all: it exists, is enabled and
// has voltage. A line that is up may still be busy. Outbound rules skip
// lines that are not up. Safe for concurrent use.
func (c *Channel) Up(name string) bool {
	l := c.lineByName(name)
	if l == nil {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.cfg.enabled && !l.down
}
