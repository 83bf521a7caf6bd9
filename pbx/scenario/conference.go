package scenario

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

// OutcomeRefused is a conference's outcome when the caller did not give
// the PIN in the attempts allowed.
const OutcomeRefused = "refused"

// Conference limits and defaults.
const (
	defPINAttempts  = 3
	maxPINAttempts  = 5
	pinFirstTimeout = 10 * time.Second
	pinDigitTimeout = 5 * time.Second
	defPINText      = "Please enter the conference PIN, then press the hash key."
)

// VarConference is the call variable that names the room a call joined.
const VarConference = "conference"

// Conference puts the caller into conference room Room (the switch's
// "conf" channel, pbx/conf), where everyone hears everyone else. With a
// PIN the caller is first asked for it, Prompt played (or a spoken
// request), the PIN keyed and ended by #; after Attempts wrong ones it
// goes on by refused. Joining is final.
type Conference struct {
	Room     string `json:"room"`               // digits
	PIN      string `json:"pin,omitempty"`      // 4 to 12 digits
	Attempts int    `json:"attempts,omitempty"` // 1 to 5; 0: 3
	Prompt   *Sound `json:"prompt,omitempty"`
}

func (p *Conference) Outcomes() []string {
	if p.PIN != "" {
		return []string{OutcomeRefused}
	}
	return nil
}

func (p *Conference) check(v *checker) {
	if p.Room == "" || len(p.Room) > 12 || strings.Trim(p.Room, "0123456789") != "" {
		v.param("room", "a room is named by 1 to 12 digits")
	}
	if p.PIN != "" && (len(p.PIN) < 4 || len(p.PIN) > 12 || strings.Trim(p.PIN, "0123456789") != "") {
		v.param("pin", "a PIN is 4 to 12 digits")
	}
	if p.Attempts < 0 || p.Attempts > maxPINAttempts {
		v.param("attempts", "must be 1 to %d", maxPINAttempts)
	}
	if p.PIN == "" && (p.Attempts != 0 || p.Prompt != nil) {
		v.param("pin", "attempts and prompt only apply to a room with a PIN")
	}
	if p.Prompt != nil {
		p.Prompt.check(v, "prompt")
	}
}

func (p *Conference) run(ctx context.Context, x *execution) (string, bool, error) {
	if p.PIN != "" {
		ok, err := p.askPIN(ctx, x)
		if err != nil {
			return "", true, err
		}
		if !ok {
			return OutcomeRefused, false, nil
		}
	}
	x.set(VarConference, p.Room)
	answered, cause, err := x.connect(ctx, []call.Target{{Kind: "conf", Address: p.Room}}, 0)
	return x.ringOutcome(ctx, answered, cause, err, 0)
}

// askPIN asks for the PIN until it is given or the attempts are used up.
// Pressing nothing counts as an attempt.
func (p *Conference) askPIN(ctx context.Context, x *execution) (bool, error) {
	attempts := p.Attempts
	if attempts == 0 {
		attempts = defPINAttempts
	}
	prompt := p.Prompt
	if prompt == nil {
		prompt = &Sound{Text: defPINText}
	}
	for range attempts {
		if _, err := x.play(ctx, prompt, "0123456789#"); err != nil {
			return false, err
		}
		got, err := x.c.CollectDigits(ctx, call.DigitOpts{Max: 12, Terminator: '#',
			FirstTimeout: pinFirstTimeout, InterDigitTimeout: pinDigitTimeout})
		if err != nil && !errors.Is(err, call.ErrNoInput) {
			return false, err
		}
		if got == p.PIN {
			return true, nil
		}
	}
	return false, nil
}
