package scenario

import "context"

// Forward destinations.
const (
	ForwardInternal  = "internal"
	ForwardExternal  = "external"
	ForwardMobile    = "mobile"
	ForwardVoicemail = "voicemail"
)

// Forward puts the call through to an internal, external or mobile number
// (as Internal, External and Mobile do, with their parameters), or to a
// voicemail box. With a ring time it goes on by next when nobody answers;
// without one, or to voicemail, it is final.
type Forward struct {
	To        string `json:"to"` // ForwardInternal, ForwardExternal, ForwardMobile or ForwardVoicemail
	Extension string `json:"extension,omitempty"`
	Trunk     string `json:"trunk,omitempty"`
	Number    string `json:"number,omitempty"`
	Module    string `json:"module,omitempty"`
	Mailbox   string `json:"mailbox,omitempty"`
	RingTime  int    `json:"ring_time,omitempty"`
}

// target returns the element Forward acts as.
func (p *Forward) target() Params {
	switch p.To {
	case ForwardInternal:
		return &Internal{Extension: p.Extension, RingTime: p.RingTime}
	case ForwardExternal:
		return &External{Trunk: p.Trunk, Number: p.Number, RingTime: p.RingTime}
	case ForwardMobile:
		return &Mobile{Extension: p.Extension, Number: p.Number, Module: p.Module, RingTime: p.RingTime}
	case ForwardVoicemail:
		return &VoicemailBox{Mailbox: p.Mailbox}
	}
	return nil
}

func (p *Forward) Outcomes() []string {
	if t := p.target(); t != nil {
		return t.Outcomes()
	}
	return nil
}

func (p *Forward) check(v *checker) {
	t := p.target()
	if t == nil {
		v.param("to", "must be %s, %s, %s or %s", ForwardInternal, ForwardExternal, ForwardMobile, ForwardVoicemail)
		return
	}
	if p.To == ForwardVoicemail && p.RingTime != 0 {
		v.param("ring_time", "voicemail takes no ring time")
	}
	t.check(v)
}

func (p *Forward) run(ctx context.Context, x *execution) (string, bool, error) {
	return p.target().run(ctx, x)
}
