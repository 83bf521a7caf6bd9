package dialplan

import "strings"

// Dialled says how far the digits a phone has dialled so far are from a
// number the plan can route. Analog phones send digits one by one; their
// channel asks after each digit whether to wait for more.
type Dialled int

const (
	// DialMore: the digits start something routable; wait for more, and
	// dial them as they are when the phone stops dialling (inter-digit
	// timeout) or presses #.
	DialMore Dialled = iota + 1
	// DialComplete: the digits are routable now and more could not make a
	// different number: dial at once.
	DialComplete
	// DialInvalid: nothing routable starts with these digits.
	DialInvalid
)

// maxNumber is the longest number an outbound rule can take: 15 digits of
// E.164 plus a line-selection prefix such as *101*.
const maxNumber = 20

// Dialled judges digits dialled so far. An extension number is complete
// unless a longer extension starts with it (extensions win over a catch-all
// outbound rule); a number under an outbound rule is complete only at
// maxNumber digits, since national numbering plans vary in length. A
// feature code that takes no number (*78, *79, *73, *97, *8) is complete;
// *72 and *98 wait for their number and then '#' or the timeout.
func (p *Plan) Dialled(digits string) Dialled {
	return p.cfg.Load().dialled(digits)
}

func (cfg *config) dialled(digits string) Dialled {
	if digits == "" {
		return DialMore
	}
	if d := dialledFeature(digits); d != 0 {
		return d
	}
	exact, longer := false, false
	for n := range cfg.exts {
		switch {
		case n == digits:
			exact = true
		case strings.HasPrefix(n, digits):
			longer = true
		}
	}
	if exact && !longer {
		return DialComplete
	}
	under := false // an outbound rule takes these digits
	for _, r := range cfg.rules {
		if strings.HasPrefix(digits, r.prefix) {
			under = true
		} else if strings.HasPrefix(r.prefix, digits) {
			longer = true
		}
	}
	switch {
	case under && len(digits) >= maxNumber:
		return DialComplete
	case under || longer:
		return DialMore
	}
	return DialInvalid
}
