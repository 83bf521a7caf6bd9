package scenario

import (
	"context"
	"strings"

	"github.com/hookflash/firmware/pbx/call"
)

// Internal rings an extension: its SIP phones and its FXS port at once.
// With a ring time it goes on by next when nobody answers (busy, on
// do-not-disturb, no answer in time, or no phone); without one it rings
// until the caller hangs up, and is final. It follows the extension's
// forwards as a dialled call does (ringExtension): forwarding all its
// calls, the forward rings instead; busy, on do-not-disturb or
// unreachable, the forward on that condition rings; with a forward on no
// answer the extension rings the time that forward gives (not RingTime)
// before it. The forward rings for RingTime, and only when it does not
// answer either does the element go on by next.
type Internal struct {
	Extension string `json:"extension"`           // the extension's number
	RingTime  int    `json:"ring_time,omitempty"` // seconds, MinRingTime to MaxRingTime; 0: final
}

func (p *Internal) Outcomes() []string { return nextIf(p.RingTime > 0) }

func (p *Internal) check(v *checker) {
	v.ref("extension", RefExtension, p.Extension)
	v.seconds("ring_time", p.RingTime, MinRingTime, MaxRingTime, true)
}

func (p *Internal) run(ctx context.Context, x *execution) (string, bool, error) {
	answered, cause, err := x.ringExtension(ctx, p.Extension, secs(p.RingTime))
	return x.ringOutcome(ctx, answered, cause, err, p.RingTime)
}

// External rings a number outside the box through a SIP trunk.
type External struct {
	Trunk    string `json:"trunk"`  // the SIP trunk's name
	Number   string `json:"number"` // may use variables: {{caller}}
	RingTime int    `json:"ring_time,omitempty"`
}

func (p *External) Outcomes() []string { return nextIf(p.RingTime > 0) }

func (p *External) check(v *checker) {
	v.ref("trunk", RefTrunk, p.Trunk)
	checkNumberParam(v, "number", p.Number, false)
	v.seconds("ring_time", p.RingTime, MinRingTime, MaxRingTime, true)
}

func (p *External) run(ctx context.Context, x *execution) (string, bool, error) {
	n := x.expand(p.Number, nil)
	var targets []call.Target
	if n != "" {
		targets = []call.Target{{Kind: "trunk", Address: call.TrunkAddress(p.Trunk, n)}}
	}
	answered, cause, err := x.connect(ctx, targets, secs(p.RingTime))
	return x.ringOutcome(ctx, answered, cause, err, p.RingTime)
}

// Mobile rings an employee's mobile through a GSM module: the number
// given, or the mobile number of the extension given.
type Mobile struct {
	Extension string `json:"extension,omitempty"` // whose mobile to ring
	Number    string `json:"number,omitempty"`    // or this number
	Module    string `json:"module"`              // the GSM module's name
	RingTime  int    `json:"ring_time,omitempty"`
}

func (p *Mobile) Outcomes() []string { return nextIf(p.RingTime > 0) }

func (p *Mobile) check(v *checker) {
	switch {
	case p.Extension == "" && p.Number == "":
		v.param("number", "name an extension (whose mobile to ring) or a number")
	case p.Extension != "" && p.Number != "":
		v.param("number", "name an extension or a number, not both")
	case p.Extension != "":
		v.ref("extension", RefExtension, p.Extension)
	default:
		checkNumberParam(v, "number", p.Number, false)
	}
	v.ref("module", RefGSM, p.Module)
	v.seconds("ring_time", p.RingTime, MinRingTime, MaxRingTime, true)
}

func (p *Mobile) run(ctx context.Context, x *execution) (string, bool, error) {
	n := x.expand(p.Number, nil)
	if p.Extension != "" {
		n = x.snap.exts[p.Extension].mobile
	}
	var targets []call.Target
	if n != "" {
		targets = []call.Target{{Kind: "gsm", Address: call.TrunkAddress(p.Module, n)}}
	}
	answered, cause, err := x.connect(ctx, targets, secs(p.RingTime))
	return x.ringOutcome(ctx, answered, cause, err, p.RingTime)
}

// Fax puts the call through to the fax machine on an extension's FXS port.
// It is final.
type Fax struct {
	Extension string `json:"extension"`
}

func (p *Fax) Outcomes() []string { return nil }

func (p *Fax) check(v *checker) { v.ref("extension", RefExtension, p.Extension) }

func (p *Fax) run(ctx context.Context, x *execution) (string, bool, error) {
	if !x.fax.disarm() { // the call goes to a fax machine already
		return "", true, context.Cause(ctx) // unless a fax tone stopped the scenario: then to the fax ports
	}
	var targets []call.Target
	if ext := x.snap.exts[p.Extension]; ext.fxs {
		targets = []call.Target{{Kind: "fxs", Address: ext.number}}
	}
	answered, cause, err := x.connect(ctx, targets, 0)
	return x.ringOutcome(ctx, answered, cause, err, 0)
}

// checkNumberParam checks a phone number parameter, which may instead use
// variables.
func checkNumberParam(v *checker, field, n string, optional bool) {
	if strings.Contains(n, "{{") || n == "" && optional {
		return
	}
	d := strings.TrimPrefix(n, "+")
	if d == "" || len(d) > 20 || strings.Trim(d, "0123456789") != "" {
		v.param(field, "%q is not a phone number (digits, optionally starting with +, or {{variable}})", n)
	}
}
