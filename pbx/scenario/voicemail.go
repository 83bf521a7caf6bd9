package scenario

import (
	"context"

	"github.com/hookflash/firmware/pbx/call"
)

// VoicemailBox records a message into a mailbox, then hangs up. It is
// final. A mailbox without a greeting of its own greets with the route's
// voicemail greeting, if it has one.
type VoicemailBox struct {
	Mailbox string `json:"mailbox"`
}

// outcomeRecorded is the step outcome of a message left in a mailbox.
const outcomeRecorded = "recorded"

func (p *VoicemailBox) Outcomes() []string { return nil }

func (p *VoicemailBox) check(v *checker) { v.ref("mailbox", RefMailbox, p.Mailbox) }

func (p *VoicemailBox) run(ctx context.Context, x *execution) (string, bool, error) {
	if x.vm == nil {
		x.log.Error("scenario: no voicemail service; hanging up", "element", x.el.ID)
		x.c.Hangup(ctx, call.CauseUnavailable)
		return call.CauseUnavailable.String(), true, nil
	}
	if err := x.vm.LeaveGreeted(ctx, x.c, p.Mailbox, x.tunes.voicemail); err != nil {
		if ended(ctx, err) {
			return "", true, err
		}
		x.log.Error("scenario: voicemail failed", "element", x.el.ID, "mailbox", p.Mailbox, "err", err)
		x.c.Hangup(ctx, call.CauseUnavailable)
		return "failed", true, nil
	}
	x.c.Hangup(ctx, call.CauseNormal)
	return outcomeRecorded, true, nil
}
