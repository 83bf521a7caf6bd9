package fxs

// Match is what a Matcher says of the digits dialled so far.
type Match int

// The matches.
const (
	// MatchMore: not a number yet, but more digits may make one. The port
	// waits for the next digit; the inter-digit timeout dials what there
	// is.
	MatchMore Match = iota + 1
	// MatchComplete: a complete number; the port dials it at once.
	MatchComplete
	// MatchInvalid: no number starts with these digits; the phone hears
	// the special information tone, as for call.CauseNotFound.
	MatchInvalid
)

func (m Match) String() string {
	switch m {
	case MatchMore:
		return "more"
	case MatchComplete:
		return "complete"
	case MatchInvalid:
		return "invalid"
	}
	return "match(?)"
}

// Matcher says whether the digits dialled so far on a port are a complete
// number, may become one, or cannot. The dial plan implements it; it must
// be safe for concurrent use and quick (it runs on the port's audio
// goroutine).
type Matcher interface {
	Match(port int, digits string) Match
}

// anyNumber is the Matcher used when Opts.Matcher is nil: every number may
// grow, so '#' or the inter-digit timeout dials it.
type anyNumber struct{}

func (anyNumber) Match(int, string) Match { return MatchMore }
