package scenario

import (
	"context"
	"errors"
)

// maxSMSText is the longest SMS text, in characters, before variables are
// filled in (a long message is sent in parts).
const maxSMSText = 670

// SMS sends a text message through a GSM module, to the caller or a
// number, with {{variables}}, and goes on by next whether or not it could
// be queued (a failure is logged and kept in sms_error).
type SMS struct {
	Module string `json:"module,omitempty"` // the GSM module's name; "": any
	To     string `json:"to,omitempty"`     // a number or {{variable}}; "": the caller
	Text   string `json:"text"`
}

// VarSMSError is set to why an SMS could not be queued.
const VarSMSError = "sms_error"

func (p *SMS) Outcomes() []string { return []string{OutcomeNext} }

func (p *SMS) check(v *checker) {
	if p.Module != "" {
		v.ref("module", RefGSM, p.Module)
	}
	checkNumberParam(v, "to", p.To, true)
	if p.Text == "" || len([]rune(p.Text)) > maxSMSText {
		v.param("text", "must be 1 to %d characters", maxSMSText)
	}
}

func (p *SMS) run(ctx context.Context, x *execution) (string, bool, error) {
	to := x.expand(p.To, nil)
	if p.To == "" {
		to = x.vars[VarCaller]
	}
	err := errors.New("no SMS sender")
	if x.sms != nil && to != "" {
		err = x.sms.QueueSMS(ctx, p.Module, to, x.expand(p.Text, nil))
	} else if to == "" {
		err = errors.New("no number to send to")
	}
	if ctx.Err() != nil {
		return "", true, ctx.Err()
	}
	if err != nil {
		x.log.Warn("scenario: SMS not sent", "element", x.el.ID, "to", to, "err", err)
		x.set(VarSMSError, err.Error())
	}
	return OutcomeNext, false, nil
}
