package lab

// phoneActions are the POST routes of /phones/{slot}/.
func (l *Lab) phoneActions() map[string]action {
	on := func(f func(p *Phone, body decoder) error) action {
		return func(slot string, body decoder) (any, error) {
			p, err := l.Phone(slot)
			if err != nil {
				return nil, err
			}
			if err := f(p, body); err != nil {
				return nil, err
			}
			return p.State(), nil
		}
	}
	return map[string]action{
		"offhook": on(func(p *Phone, _ decoder) error { p.OffHook(); return nil }),
		"onhook":  on(func(p *Phone, _ decoder) error { p.OnHook(); return nil }),
		"flash": on(func(p *Phone, body decoder) error {
			var b struct {
				Ms int `json:"ms"`
			}
			if err := body(&b); err != nil {
				return err
			}
			return p.Flash(ms(b.Ms))
		}),
		"dial": on(func(p *Phone, body decoder) error {
			var b struct {
				Digits string `json:"digits"`
				Mode   string `json:"mode"`
			}
			if err := body(&b); err != nil {
				return err
			}
			return p.Dial(b.Digits, b.Mode)
		}),
		"tone": on(func(p *Phone, body decoder) error {
			var b ToneRequest
			if err := body(&b); err != nil {
				return err
			}
			return p.Tone(b)
		}),
		"settings": on(func(p *Phone, body decoder) error {
			var b struct {
				Country string `json:"country"`
			}
			if err := body(&b); err != nil {
				return err
			}
			return p.SetCountry(b.Country)
		}),
	}
}

// lineActions are the POST routes of /lines/{slot}/.
func (l *Lab) lineActions() map[string]action {
	on := func(f func(x *Exchange, body decoder) error) action {
		return func(slot string, body decoder) (any, error) {
			x, err := l.Exchange(slot)
			if err != nil {
				return nil, err
			}
			if err := f(x, body); err != nil {
				return nil, err
			}
			return x.State(), nil
		}
	}
	return map[string]action{
		"ring": on(func(x *Exchange, body decoder) error {
			var b RingRequest
			if err := body(&b); err != nil {
				return err
			}
			return x.Ring(b)
		}),
		"hangup": on(func(x *Exchange, body decoder) error {
			var b struct {
				How string `json:"how"`
			}
			if err := body(&b); err != nil {
				return err
			}
			return x.Hangup(b.How)
		}),
		"answer": on(func(x *Exchange, body decoder) error {
			var b struct {
				Reversal *bool `json:"reversal"`
			}
			if err := body(&b); err != nil {
				return err
			}
			return x.Answer(b.Reversal)
		}),
		"tone": on(func(x *Exchange, body decoder) error {
			var b ToneRequest
			if err := body(&b); err != nil {
				return err
			}
			return x.Tone(b)
		}),
		"dtmf": on(func(x *Exchange, body decoder) error {
			var b struct {
				Digits string `json:"digits"`
			}
			if err := body(&b); err != nil {
				return err
			}
			return x.DTMF(b.Digits)
		}),
		"present": on(func(x *Exchange, body decoder) error {
			var b struct {
				Present *bool `json:"present"`
			}
			if err := body(&b); err != nil {
				return err
			}
			if b.Present == nil {
				return invalid("present", "say {\"present\": true} or false")
			}
			x.SetPresent(*b.Present)
			return nil
		}),
		"settings": on(func(x *Exchange, body decoder) error {
			var b LineSettings
			if err := body(&b); err != nil {
				return err
			}
			return x.Configure(b)
		}),
	}
}

// gsmActions are the POST routes of /gsm/{slot}/.
func (l *Lab) gsmActions() map[string]action {
	on := func(f func(n *Network, body decoder) error) action {
		return func(slot string, body decoder) (any, error) {
			n, err := l.Network(slot)
			if err != nil {
				return nil, err
			}
			if err := f(n, body); err != nil {
				return nil, err
			}
			return n.State(), nil
		}
	}
	return map[string]action{
		"call": on(func(n *Network, body decoder) error {
			var b struct {
				From string `json:"from"`
			}
			if err := body(&b); err != nil {
				return err
			}
			return n.Call(b.From)
		}),
		"answer": on(func(n *Network, _ decoder) error { return n.Answer() }),
		"hangup": on(func(n *Network, _ decoder) error { return n.Hangup() }),
		"busy":   on(func(n *Network, _ decoder) error { return n.Busy() }),
		"dtmf": on(func(n *Network, body decoder) error {
			var b struct {
				Digits string `json:"digits"`
			}
			if err := body(&b); err != nil {
				return err
			}
			return n.DTMF(b.Digits)
		}),
		"tone": on(func(n *Network, body decoder) error {
			var b ToneRequest
			if err := body(&b); err != nil {
				return err
			}
			return n.Tone(b)
		}),
		"sms": on(func(n *Network, body decoder) error {
			var b SMSRequest
			if err := body(&b); err != nil {
				return err
			}
			return n.SMS(b)
		}),
		"ussd": on(func(n *Network, body decoder) error {
			var b struct {
				Reply string `json:"reply"`
				More  bool   `json:"more"`
			}
			if err := body(&b); err != nil {
				return err
			}
			return n.SetUSSDReply(b.Reply, b.More)
		}),
		"signal": on(func(n *Network, body decoder) error {
			var b struct {
				RSSI *int `json:"rssi"`
			}
			if err := body(&b); err != nil {
				return err
			}
			if b.RSSI == nil {
				return invalid("rssi", "say {\"rssi\": 0..31}")
			}
			return n.SetSignal(*b.RSSI)
		}),
		"register": on(func(n *Network, body decoder) error {
			var b struct {
				Stat *int `json:"stat"`
			}
			if err := body(&b); err != nil {
				return err
			}
			if b.Stat == nil {
				return invalid("stat", "say {\"stat\": 1} (home), 5 (roaming) or 0 (not registered)")
			}
			return n.SetRegistration(*b.Stat)
		}),
		"break": on(func(n *Network, body decoder) error {
			var b struct {
				How  string `json:"how"`
				Cure string `json:"cure"`
			}
			if err := body(&b); err != nil {
				return err
			}
			return n.Break(b.How, b.Cure)
		}),
	}
}
