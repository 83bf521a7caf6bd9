package gsm

import "fmt"

// sessState is the state of the AT session as the driver sees it.
type sessState int

const (
	// stIdle: no command in progress. Every line is an unsolicited result
	// code (27.007 4.1, "unsolicited result codes") or a stray final result
	// of a command that already timed out, which is dropped.
	stIdle sessState = iota
	// stResponse: a command line was sent; information text lines are
	// collected until a final result code (V.250 5.7.1, 27.007 9.1).
	stResponse
	// stPrompt: AT+CMGS=<length> was sent; the modem answers "> " when it
	// is ready for the PDU (27.005 4.3), or a final result code on error.
	stPrompt
	// stURCBody: the previous line was the header of a two-line
	// unsolicited result, +CMT or +CDS in PDU mode (27.005 3.4.1); this line
	// is its PDU. Afterwards the session returns to resume.
	stURCBody
	// stURCQuote: the previous line opened a quoted string that continues
	// on this line (a +CUSD text with line breaks, 27.007 7.15).
	stURCQuote
)

func (s sessState) String() string {
	switch s {
	case stIdle:
		return "idle"
	case stResponse:
		return "response"
	case stPrompt:
		return "prompt"
	case stURCBody:
		return "urc-body"
	case stURCQuote:
		return "urc-quote"
	}
	return fmt.Sprintf("sessState(%d)", int(s))
}

// command is one command line and what the session needs to know to tell
// its response from unsolicited result codes.
type command struct {
	line   string // e.g. "AT+CSQ", without the terminating CR
	prefix string // information response prefix, e.g. "+CREG:"; "" if none
	dial   bool   // D command: NO CARRIER, BUSY, ... are its final result
	prompt bool   // AT+CMGS: expect "> " before the PDU
}

// result is the outcome of a command: its information text lines and nil
// for OK, or the error its final result code means.
type result struct {
	lines []string
	err   error
}

// unsolicited is one unsolicited result code.
type unsolicited struct {
	Name string // "RING", "+CMTI", ...; "" for a line nobody claimed
	Line string // the whole line (lines joined by "\n" for a +CUSD text)
	Body string // the second line of +CMT and +CDS: the PDU in hex
}

// session is the pure AT protocol state machine: it takes the lines and
// prompts the modem sends and says what they mean. It does no I/O and is
// not safe for concurrent use; the engine guards it.
type session struct {
	state  sessState
	resume sessState // state to return to after stURCBody/stURCQuote
	cmd    *command
	lines  []string
	urc    unsolicited
}

// effects is what one input caused.
type effects struct {
	done   *result       // the command finished
	prompt bool          // the modem waits for the PDU
	urcs   []unsolicited // unsolicited result codes, in order
}

// start begins a command: from stIdle to stPrompt for AT+CMGS, else to
// stResponse. A URC continuation in progress is kept and finished first.
func (s *session) start(c *command) {
	next := stResponse
	if c.prompt {
		next = stPrompt
	}
	s.cmd, s.lines = c, nil
	if s.state == stURCBody || s.state == stURCQuote {
		s.resume = next
		return
	}
	s.state = next
}

// abort forgets the command in progress (it timed out); late lines of its
// response are then stray.
func (s *session) abort() {
	s.cmd, s.lines = nil, nil
	if s.state == stURCBody || s.state == stURCQuote {
		s.resume = stIdle
		return
	}
	s.state = stIdle
}

// busy reports whether a command is in progress.
func (s *session) busy() bool { return s.cmd != nil }

// promptIn handles the "> " prompt (27.005 4.3): in stPrompt the PDU is to
// be sent and the session waits for +CMGS and the final result.
func (s *session) promptIn() effects {
	if s.state != stPrompt {
		return effects{}
	}
	s.state = stResponse
	return effects{prompt: true}
}

// lineIn handles one line.
func (s *session) lineIn(line string) effects {
	var eff effects
	switch s.state {
	case stURCBody:
		// 27.005 3.4.1: +CMT: [<alpha>],<length><CR><LF><pdu>
		s.urc.Body = line
		eff.urcs = append(eff.urcs, s.urc)
		s.state = s.resume
		return eff
	case stURCQuote:
		s.urc.Line += "\n" + line
		if !quotesOpen(s.urc.Line) {
			eff.urcs = append(eff.urcs, s.urc)
			s.state = s.resume
		}
		return eff
	}
	if s.cmd != nil && line == s.cmd.line {
		return eff // echo (V.250 6.2.4) before ATE0 took effect
	}
	kind, arg := classifyFinal(line)
	if kind != notFinal && s.cmd != nil && (!callFinal(kind) || s.cmd.dial) {
		eff.done = &result{lines: s.lines, err: s.finalErr(kind, arg)}
		s.cmd, s.lines, s.state = nil, nil, stIdle
		return eff
	}
	if kind != notFinal && !callFinal(kind) {
		return eff // stray final result of a command that timed out
	}
	if s.cmd != nil && s.cmd.prefix != "" && len(line) >= len(s.cmd.prefix) && line[:len(s.cmd.prefix)] == s.cmd.prefix {
		s.lines = append(s.lines, line) // our information response, even if it looks like a URC
		return eff
	}
	if name := urcName(line); name != "" {
		u := unsolicited{Name: name, Line: line}
		switch {
		case name == "+CMT" || name == "+CDS":
			s.urc, s.resume, s.state = u, s.state, stURCBody
		case quotesOpen(line):
			s.urc, s.resume, s.state = u, s.state, stURCQuote
		default:
			eff.urcs = append(eff.urcs, u)
		}
		return eff
	}
	if s.cmd != nil {
		s.lines = append(s.lines, line) // information text without prefix (+CGSN, ATI, PDU lines)
		return eff
	}
	eff.urcs = append(eff.urcs, unsolicited{Line: line}) // unknown unsolicited text
	return eff
}

// finalErr maps a final result code to the command's error.
func (s *session) finalErr(k finalKind, arg string) error {
	cmd := s.cmd.line
	switch k {
	case finalOK:
		return nil
	case finalCME:
		return newCMEError(cmd, false, arg)
	case finalCMS:
		return newCMEError(cmd, true, arg)
	case finalNoCarrier:
		return fmt.Errorf("gsm: %s: %w", cmd, ErrNoCarrier)
	case finalBusy:
		return fmt.Errorf("gsm: %s: %w", cmd, ErrBusy)
	case finalNoAnswer:
		return fmt.Errorf("gsm: %s: %w", cmd, ErrNoAnswer)
	case finalNoDialtone:
		return fmt.Errorf("gsm: %s: %w", cmd, ErrNoDialtone)
	}
	return fmt.Errorf("gsm: %s: %w", cmd, ErrError)
}
