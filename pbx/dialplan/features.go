package dialplan

import (
	"cmp"
	"context"
	"errors"
	"strings"

	"github.com/hookflash/firmware/pbx/call"
)

// feature is a service an extension's phone asks for by dialling a code.
type feature int

const (
	featVoicemail  feature = iota + 1 // *97: the caller's own mailbox
	featMailbox                       // *98<mailbox>: any mailbox, with its PIN
	featPickup                        // *8: answer a call ringing an extension
	featDNDOn                         // *78
	featDNDOff                        // *79
	featForwardOn                     // *72<number>: forward every call to number
	featForwardOff                    // *73
)

// featureCode is one code: code alone, or code followed by a number (arg),
// which '#' or the inter-digit timeout ends.
type featureCode struct {
	code string
	f    feature
	arg  bool
}

// featureCodes are the codes extensions dial. None is a prefix of another.
var featureCodes = [...]featureCode{
	{"*97", featVoicemail, false},
	{"*98", featMailbox, true},
	{"*8", featPickup, false},
	{"*78", featDNDOn, false},
	{"*79", featDNDOff, false},
	{"*72", featForwardOn, true},
	{"*73", featForwardOff, false},
}

// parseFeature returns the feature that called asks for and its number, or
// ok false when called is no feature code. A code that takes no number
// followed by more digits is no feature code.
func parseFeature(called string) (f feature, arg string, ok bool) {
	for _, fc := range featureCodes {
		rest, found := strings.CutPrefix(called, fc.code)
		if found && (fc.arg || rest == "") {
			return fc.f, rest, true
		}
	}
	return 0, "", false
}

// dialledFeature judges digits against the feature codes: DialComplete for
// a code that takes no number, DialMore for a prefix of a code or a code
// that takes one, and 0 when no code starts or is started by digits.
func dialledFeature(digits string) Dialled {
	for _, fc := range featureCodes {
		switch {
		case digits == fc.code && !fc.arg:
			return DialComplete
		case strings.HasPrefix(fc.code, digits), fc.arg && strings.HasPrefix(digits, fc.code):
			return DialMore
		}
	}
	return 0
}

// Voicemail lets a caller listen to a mailbox's messages;
// *voicemail.Service is one. Listen asks for the mailbox's PIN, and for the
// mailbox number too when mailbox is "", and does not hang up.
type Voicemail interface {
	Listen(ctx context.Context, c call.Control, mailbox string) error
}

// feature carries out feature f, with its number arg, for the extension x
// that dialled it, and ends the call.
func (p *Plan) feature(ctx context.Context, c call.Control, cfg *config, x extension, f feature, arg string) {
	switch f {
	case featVoicemail, featMailbox:
		if p.vm == nil {
			p.refuse(ctx, c, call.CauseUnavailable, "voicemail is not available")
			return
		}
		mailbox := x.number
		if f == featMailbox {
			mailbox = arg // "": Listen asks for it
		}
		c.Step("dialplan", "listen to mailbox "+cmp.Or(mailbox, "asked"))
		if err := p.vm.Listen(ctx, c, mailbox); err != nil && ctx.Err() == nil {
			p.log.Info("dialplan: voicemail", "call", c.Info().ID, "err", err)
		}
		c.Hangup(ctx, call.CauseNormal)
	case featPickup:
		p.pickup(ctx, c, cfg)
	case featDNDOn, featDNDOff:
		on := f == featDNDOn
		err := p.setDND(ctx, x, on)
		p.confirm(ctx, c, err, map[bool]string{true: "do-not-disturb on", false: "do-not-disturb off"}[on])
	case featForwardOn:
		if why := cfg.forwardable(x, arg); why != "" {
			p.refuse(ctx, c, call.CauseRejected, "forward to "+arg+" refused: "+why)
			return
		}
		_, err := p.st.SetForward(ctx, x.id, arg, true)
		p.confirm(ctx, c, err, "calls forwarded to "+arg)
	case featForwardOff:
		_, err := p.st.SetForward(ctx, x.id, "", false)
		p.confirm(ctx, c, err, "call forwarding off")
	}
}

// setDND turns do-not-disturb of extension x on or off in the store.
func (p *Plan) setDND(ctx context.Context, x extension, on bool) error {
	e, err := p.st.Extensions().Get(ctx, x.id)
	if err != nil {
		return err
	}
	e.DND = on
	return p.st.Extensions().Update(ctx, &e)
}

// confirm ends a feature call that changed a setting: the confirmation
// tone and a normal hang-up when err is nil, congestion otherwise.
func (p *Plan) confirm(ctx context.Context, c call.Control, err error, done string) {
	if err != nil {
		p.log.Error("dialplan: feature code", "call", c.Info().ID, "err", err)
		p.refuse(ctx, c, call.CauseCongestion, done+" failed: "+err.Error())
		return
	}
	c.Step("dialplan", done)
	if _, err := c.Play(ctx, newConfirmation(), ""); err != nil && !errors.Is(err, call.ErrLegEnded) && ctx.Err() == nil {
		p.log.Info("dialplan: confirmation tone", "call", c.Info().ID, "err", err)
	}
	c.Hangup(ctx, call.CauseNormal)
}

// refuse writes why to the path and hangs up with cause.
func (p *Plan) refuse(ctx context.Context, c call.Control, cause call.Cause, why string) {
	c.Step("dialplan", why)
	p.log.Info("dialplan: refused", "call", c.Info().ID, "cause", cause, "why", why)
	c.Hangup(ctx, cause)
}
