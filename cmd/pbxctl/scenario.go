package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/hookflash/firmware/pbx/scenario"
)

// scenarioUsage says how to call `pbxctl scenario test`.
const scenarioUsage = `use: scenario test [NAME] -from NUMBER -line CHANNEL [-to NUMBER] [-at TIME]
       [-press KEYS]... [-press ELEMENT=KEYS]... [-answer TARGET[=SECONDS]]... [-hold TARGET=SECONDS]...
       [-transfer-to TARGET=NUMBER]... [-busy TARGET]... [-no-answer]`

// listFlag is a flag that may be given several times.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// dryRunBody is the body of the local API's POST /scenarios/dry-run, the
// web UI's dry-run request.
type dryRunBody struct {
	Caller   string                       `json:"caller"`
	Channel  string                       `json:"channel"`
	Called   string                       `json:"called,omitempty"`
	At       time.Time                    `json:"at,omitzero"`
	Keys     map[string][]string          `json:"keys,omitempty"`
	Phones   map[string]dryRunPhoneOption `json:"phones,omitempty"`
	Scenario string                       `json:"scenario,omitempty"`
}

type dryRunPhoneOption struct {
	AnswerAfter float64 `json:"answer_after_s,omitempty"`
	Hold        float64 `json:"hold_s,omitempty"`
	TransferTo  string  `json:"transfer_to,omitempty"`
	Never       bool    `json:"never,omitempty"`
	Busy        bool    `json:"busy,omitempty"`
}

// parseScenarioCommand reads "test [NAME] -from ... -line ...". Without
// NAME the call goes through the inbound routes as a real one would.
// Everybody rung answers at once unless -no-answer, -busy or -answer
// say otherwise; times without a zone are this machine's local time.
func parseScenarioCommand(words []string, local *time.Location) (command, error) {
	if len(words) == 0 || words[0] != "test" {
		return nil, errors.New(scenarioUsage)
	}
	words = words[1:]
	var body dryRunBody
	if len(words) > 0 && !strings.HasPrefix(words[0], "-") {
		body.Scenario, words = words[0], words[1:]
	}
	fs := flag.NewFlagSet("scenario test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&body.Caller, "from", "", "the caller's number")
	fs.StringVar(&body.Channel, "line", "", "where the call comes in: gsm/1, fxo/2, trunk/NAME")
	fs.StringVar(&body.Called, "to", "", "the number dialled (a DID of a SIP trunk)")
	at := fs.String("at", "", `when the call comes in: "2026-11-21 21:00" (local time) or RFC 3339; default now`)
	var press, answer, hold, transfer, busy listFlag
	fs.Var(&press, "press", "keys the caller presses when asked, in turn; ELEMENT=KEYS for one element")
	fs.Var(&answer, "answer", "TARGET[=SECONDS]: this target (sip/101, fxs/101) answers, after SECONDS")
	fs.Var(&hold, "hold", "TARGET=SECONDS: this target, once it answers, holds the caller for SECONDS")
	fs.Var(&transfer, "transfer-to", "TARGET=NUMBER: this target, once it answers, transfers the caller to NUMBER, blind")
	fs.Var(&busy, "busy", "TARGET: this target is busy")
	noAnswer := fs.Bool("no-answer", false, "nobody rung answers unless -answer names them")
	if err := fs.Parse(words); err != nil {
		return nil, fmt.Errorf("scenario test: %w\n%s", err, scenarioUsage)
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("scenario test: unexpected %q: give NAME before the flags\n%s", fs.Arg(0), scenarioUsage)
	}
	if body.Caller == "" || body.Channel == "" {
		return nil, fmt.Errorf("scenario test: -from and -line are required\n%s", scenarioUsage)
	}
	if *at != "" {
		t, err := parseWhen(*at, local)
		if err != nil {
			return nil, err
		}
		body.At = t
	}
	body.Phones = map[string]dryRunPhoneOption{scenario.AnyTarget: {Never: *noAnswer}}
	for _, a := range answer {
		target, secs, timed := strings.Cut(a, "=")
		var p dryRunPhoneOption
		if timed {
			d, err := time.ParseDuration(secs + "s")
			if err != nil || d < 0 || d > time.Hour {
				return nil, fmt.Errorf("scenario test: -answer %s: %q is not 0 to 3600 seconds", a, secs)
			}
			p.AnswerAfter = d.Seconds()
		}
		body.Phones[target] = p
	}
	for _, h := range hold {
		target, secs, ok := strings.Cut(h, "=")
		d, err := time.ParseDuration(secs + "s")
		if !ok || err != nil || d <= 0 || d > time.Hour {
			return nil, fmt.Errorf("scenario test: -hold %s: give TARGET=SECONDS, 1 to 3600 seconds", h)
		}
		p := body.Phones[target]
		p.Hold = d.Seconds()
		body.Phones[target] = p
	}
	for _, tr := range transfer {
		target, number, ok := strings.Cut(tr, "=")
		if !ok || target == "" || number == "" || strings.Trim(number, "+0123456789*#") != "" {
			return nil, fmt.Errorf("scenario test: -transfer-to %s: give TARGET=NUMBER, a number of digits such as sip/101=102", tr)
		}
		p := body.Phones[target]
		p.TransferTo = number
		body.Phones[target] = p
	}
	for _, b := range busy {
		body.Phones[b] = dryRunPhoneOption{Busy: true}
	}
	for _, p := range press {
		element, keys, own := strings.Cut(p, "=")
		if !own {
			element, keys = scenario.AnyElement, p
		}
		if strings.Trim(keys, "0123456789*#") != "" {
			return nil, fmt.Errorf("scenario test: -press %s: keys are 0-9, * and #; an empty value presses nothing", p)
		}
		if body.Keys == nil {
			body.Keys = map[string][]string{}
		}
		body.Keys[element] = append(body.Keys[element], keys)
	}
	return func(ctx context.Context, c *client, out io.Writer) error {
		raw, _ := json.Marshal(body)
		resp, err := c.do(ctx, http.MethodPost, "/scenarios/dry-run", bytes.NewReader(raw))
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		var tr scenario.Trace
		if err := json.NewDecoder(resp.Body).Decode(&tr); err != nil {
			return fmt.Errorf("scenario test: the answer is not a trace: %w", err)
		}
		printTrace(out, body.Scenario, &tr)
		return nil
	}, nil
}

// whenLayouts are the forms -at takes besides RFC 3339.
var whenLayouts = []string{"2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02T15:04"}

// parseWhen reads -at: RFC 3339, or a date and time in loc.
func parseWhen(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, l := range whenLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf(`scenario test: -at %q is not a time: write "2026-11-21 21:00" or 2026-11-21T21:00:00+03:00`, s)
}

// printTrace writes the path through scenario name ("": through the
// inbound routes) step by step, then what happened along it.
func printTrace(out io.Writer, name string, tr *scenario.Trace) {
	switch {
	case name != "":
		fmt.Fprintf(out, "scenario: %s\n", name)
	case tr.Route != "":
		fmt.Fprintf(out, "route: %s\n", tr.Route)
	default:
		fmt.Fprintln(out, "route: none takes the call (the default scenario)")
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\ttime\telement\toutcome")
	for i, s := range tr.Path {
		name := s.Element
		if s.Label != "" {
			name += " (" + s.Label + ")"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", i+1, s.At.Format("2006-01-02 15:04:05"), name, s.Outcome)
	}
	tw.Flush()
	if len(tr.Events) > 0 {
		fmt.Fprintln(out, "what happens:")
		for _, e := range tr.Events {
			fmt.Fprintf(out, "  %s\n", e)
		}
	}
}
