package scenario

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

// Outcomes of a voice menu besides its keys.
const (
	OutcomeNoInput    = "no_input"
	OutcomeInvalid    = "invalid"
	OutcomeLeave      = "leave"
	OutcomeDialFailed = "dial_failed"
)

// Menu defaults and limits.
const (
	defMenuTimeout   = 5  // seconds
	maxMenuTimeout   = 60 // seconds
	maxMenuRepeats   = 5
	defDialRingTime  = 30 // seconds
	directDialPause  = 2 * time.Second
	maxDirectDialLen = 6
	menuKeys         = "0123456789*#"
)

// VarMenuDigits is the variable a voice menu sets to what the caller
// pressed.
const VarMenuDigits = "menu_digits"

// Menu is a voice menu (IVR). It plays its prompt and waits Timeout
// seconds for a key:
//
//   - a key in Keys is the outcome of that name ("1", "2", "*", ...);
//   - RepeatKey plays the menu again, LeaveKey goes on by leave;
//   - with DirectDial, an extension number typed during the prompt or the
//     wait rings that extension for DialRingTime, following its forwards
//     as an Internal element does, and puts the call through; when nobody
//     answers, dial_failed;
//   - any other key, or a number that is no extension, is invalid;
//   - nothing pressed plays the prompt again, Repeats times, and then goes
//     on by no_input.
//
// With DirectDial a key that some extension's number starts with takes
// effect after a pause of 2 s, in case more digits follow.
type Menu struct {
	Prompt       Sound    `json:"prompt"`
	Keys         []string `json:"keys"`
	Timeout      int      `json:"timeout,omitempty"` // seconds, 1 to 60; 0: 5
	Repeats      int      `json:"repeats,omitempty"` // 0 to 5
	RepeatKey    string   `json:"repeat_key,omitempty"`
	LeaveKey     string   `json:"leave_key,omitempty"`
	DirectDial   bool     `json:"direct_dial,omitempty"`
	DialRingTime int      `json:"dial_ring_time,omitempty"` // seconds; 0: 30
}

func (p *Menu) Outcomes() []string {
	out := append([]string(nil), p.Keys...)
	out = append(out, OutcomeNoInput, OutcomeInvalid)
	if p.LeaveKey != "" {
		out = append(out, OutcomeLeave)
	}
	if p.DirectDial {
		out = append(out, OutcomeDialFailed)
	}
	return out
}

func (p *Menu) check(v *checker) {
	p.Prompt.check(v, "prompt")
	seen := map[string]string{}
	claim := func(field, key string) {
		switch {
		case len(key) != 1 || !strings.Contains(menuKeys, key):
			v.param(field, "%q is not a phone key (0-9, * or #)", key)
		case seen[key] != "":
			v.param(field, "key %s is already used by %s", key, seen[key])
		default:
			seen[key] = field
		}
	}
	for _, k := range p.Keys {
		claim("keys", k)
	}
	if p.RepeatKey != "" {
		claim("repeat_key", p.RepeatKey)
	}
	if p.LeaveKey != "" {
		claim("leave_key", p.LeaveKey)
	}
	if len(p.Keys) == 0 && p.LeaveKey == "" && !p.DirectDial {
		v.param("keys", "a menu needs at least one key, a leave key or direct dialling")
	}
	if p.Timeout != 0 && (p.Timeout < 1 || p.Timeout > maxMenuTimeout) {
		v.param("timeout", "must be 1 to %d seconds", maxMenuTimeout)
	}
	if p.Repeats < 0 || p.Repeats > maxMenuRepeats {
		v.param("repeats", "must be 0 to %d", maxMenuRepeats)
	}
	if p.DialRingTime != 0 {
		if !p.DirectDial {
			v.param("dial_ring_time", "only applies with direct dialling")
		}
		v.seconds("dial_ring_time", p.DialRingTime, MinRingTime, MaxRingTime, false)
	}
}

// run is the menu's state machine: play the prompt (a key interrupts it),
// collect the key or number, and decide; nothing pressed replays the prompt
// until the repeats are used up.
func (p *Menu) run(ctx context.Context, x *execution) (string, bool, error) {
	timeout := secs(p.Timeout)
	if timeout == 0 {
		timeout = defMenuTimeout * time.Second
	}
	for silent := 0; ; {
		// State: playing. A key stops the prompt and stays queued.
		if _, err := x.play(ctx, &p.Prompt, menuKeys); err != nil {
			return "", true, err
		}
		// State: waiting for a key.
		digits, err := x.c.CollectDigits(ctx, call.DigitOpts{Max: 1, FirstTimeout: timeout})
		if errors.Is(err, call.ErrNoInput) {
			if silent++; silent > p.Repeats {
				return OutcomeNoInput, false, nil
			}
			continue // State: playing again.
		}
		if err != nil {
			return "", true, err
		}
		// State: reading a number, when the key may start an extension's.
		if p.DirectDial && x.snap.startsExtension(digits) {
			more, err := x.c.CollectDigits(ctx, call.DigitOpts{Max: maxDirectDialLen - 1,
				FirstTimeout: directDialPause, InterDigitTimeout: directDialPause})
			if err != nil && !errors.Is(err, call.ErrNoInput) {
				return "", true, err
			}
			digits += more
		}
		x.set(VarMenuDigits, digits)
		// State: deciding.
		switch {
		case len(digits) > 1:
			return p.dial(ctx, x, digits)
		case digits == p.RepeatKey:
			continue
		case digits == p.LeaveKey:
			return OutcomeLeave, false, nil
		case slices.Contains(p.Keys, digits):
			return digits, false, nil
		}
		if _, ok := x.snap.exts[digits]; ok && p.DirectDial {
			return p.dial(ctx, x, digits)
		}
		return OutcomeInvalid, false, nil
	}
}

// dial rings the extension the caller typed, following its forwards as
// an Internal element does.
func (p *Menu) dial(ctx context.Context, x *execution, number string) (string, bool, error) {
	if _, ok := x.snap.exts[number]; !ok {
		return OutcomeInvalid, false, nil
	}
	ring := p.DialRingTime
	if ring == 0 {
		ring = defDialRingTime
	}
	answered, _, err := x.ringExtension(ctx, number, secs(ring))
	switch {
	case err != nil:
		return "", true, err
	case answered:
		return outcomeAnswered, true, nil
	}
	return OutcomeDialFailed, false, nil
}
