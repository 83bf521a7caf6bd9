package gsm

// ModuleStatus is what the status page shows of one module.
type ModuleStatus struct {
	Slot         int    `json:"slot"`
	Channel      string `json:"channel"`    // "gsm/<slot>"
	Name         string `json:"name"`       // gsm_modules.name; "" when not configured
	Configured   bool   `json:"configured"` // a gsm_modules row names the slot
	Enabled      bool   `json:"enabled"`
	Model        string `json:"model"`
	Operator     string `json:"operator"`
	SignalDBm    int    `json:"signal_dbm"` // valid when SignalKnown
	SignalKnown  bool   `json:"signal_known"`
	Bars         int    `json:"bars"`         // 0-5, see Bars
	Registration string `json:"registration"` // e.g. "registered, home"
	Registered   bool   `json:"registered"`
	SIM          string `json:"sim"`        // last +CPIN state, e.g. "READY"; "" before any report
	ModemDown    bool   `json:"modem_down"` // being recovered
	InCall       bool   `json:"in_call"`
	CallState    string `json:"call_state,omitempty"` // "incoming", "dialing", "alerting", "active"

	// Usage against the limits (0: no limit), as last read.
	CallSecondsToday int64 `json:"call_seconds_today"`
	CallSecondsMonth int64 `json:"call_seconds_month"`
	SMSToday         int   `json:"sms_today"`
	MinutesPerDay    int   `json:"minutes_per_day"`
	MinutesPerMonth  int   `json:"minutes_per_month"`
	SMSPerDay        int   `json:"sms_per_day"`
	// Alarms are the limits reached: minutes, SMS.
	Alarms []string `json:"alarms,omitempty"`
	// Up is what outbound rules see (Channel.Up).
	Up bool `json:"up"`
}

// Bars maps a received signal strength in dBm to 0-5 bars as phones show
// it: -73 dBm or more is 5, then one bar less per 10 dB down to 1 bar at
// -109 dBm; weaker, or unknown, is 0.
func Bars(dBm int, known bool) int {
	if !known {
		return 0
	}
	for i, floor := range []int{-73, -83, -93, -103, -109} {
		if dBm >= floor {
			return 5 - i
		}
	}
	return 0
}

// Status returns every module's state, in the order of Opts.Modules. It is
// safe for concurrent use.
func (c *Channel) Status() []ModuleStatus {
	cfg := c.conf.Load()
	out := make([]ModuleStatus, 0, len(c.order))
	for _, p := range c.order {
		var mc *moduleConf
		if cfg != nil {
			mc = cfg.bySlot[p.slot]
		}
		info := p.dev.Info()
		s := ModuleStatus{
			Slot: p.slot, Channel: p.channel, Model: info.Model, Operator: info.Operator,
			SignalDBm: info.SignalDBm, SignalKnown: info.SignalOK, Bars: Bars(info.SignalDBm, info.SignalOK),
			Registration: info.Reg.Stat.String(), Registered: info.Reg.Stat.Registered(),
			Up: p.unavailable(mc) == "" && !p.limited(),
		}
		if mc != nil {
			s.Name, s.Configured, s.Enabled = mc.name, true, mc.enabled
			s.MinutesPerDay, s.MinutesPerMonth, s.SMSPerDay = mc.opts.MinutesPerDay, mc.opts.MinutesPerMonth, mc.opts.SMSPerDay
		}
		p.mu.Lock()
		s.SIM, s.ModemDown = p.sim, p.down
		if p.leg != nil {
			s.InCall = true
		}
		s.CallSecondsToday, s.CallSecondsMonth, s.SMSToday = p.used.daySeconds, p.used.monthSeconds, p.used.smsToday
		for _, a := range []string{p.minutesAlarm, p.smsAlarm} {
			if a != "" {
				s.Alarms = append(s.Alarms, a)
			}
		}
		l := p.leg
		p.mu.Unlock()
		if l != nil {
			s.CallState = l.State().String()
		}
		out = append(out, s)
	}
	return out
}

// Up reports whether the module named name (its gsm_modules name, or its
// slot) can place a call now: enabled, its modem answering, registered, its
// SIM ready, not in a call and under its minute limits. Outbound rules
// skip it otherwise. It is safe for concurrent use.
func (c *Channel) Up(name string) bool {
	cfg := c.conf.Load()
	if cfg == nil {
		return false
	}
	if _, _, ok := c.running(); !ok {
		return false
	}
	p, mc, err := c.pick(cfg, name)
	return err == nil && p.unavailable(mc) == "" && !p.limited()
}

// unavailable says why p cannot take a new call under mc, "" if it can
// (limits aside).
func (p *port) unavailable(mc *moduleConf) string {
	switch {
	case mc == nil:
		return "the module is not configured"
	case !mc.enabled:
		return "the module is disabled"
	}
	p.mu.Lock()
	down, sim, busy := p.down, p.sim, p.leg != nil
	p.mu.Unlock()
	reg := p.dev.Info().Reg.Stat
	switch {
	case down:
		return "the modem is not answering and is being recovered"
	case sim != "" && sim != "READY":
		return "the SIM is not ready (" + sim + ")"
	case !reg.Registered():
		return "not registered with the network (" + reg.String() + ")"
	case busy:
		return "in a call"
	}
	return ""
}

// limited reports whether p's minutes are used up, as last read.
func (p *port) limited() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.minutesAlarm != ""
}
