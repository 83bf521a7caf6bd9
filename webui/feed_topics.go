package webui

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/hookflash/firmware/pbx/sms"
)

// Topics of the websocket feed, chosen with GET /api/ws?topics=a,b. Every
// feed carries the revision events; without the parameter a feed carries
// status and telephony, as the dashboard wants.
const (
	topicStatus    = "status"    // a Status every statusPeriod
	topicTelephony = "telephony" // a TelephonyStatus whenever it changed
	topicSMS       = "sms"       // an smsEvent whenever a message is stored or its status changes
	topicLog       = "log"       // a logEvent with the last lines, then one with each batch of new lines
	topicLab       = "lab"       // a labEvent at once and whenever the simulated world changed
	topicVoicemail = "voicemail" // a voicemailEvent at once and whenever a message came, was heard or went
)

var feedTopics = []string{topicStatus, topicTelephony, topicSMS, topicLog, topicLab, topicVoicemail}

// feedOptions is what a feed carries, from its query.
type feedOptions struct {
	topics   map[string]bool
	logLines int // lines of the first log event
}

// parseFeedOptions reads ?topics=status,telephony,sms,log&log_lines=N.
func parseFeedOptions(q url.Values) (feedOptions, string, error) {
	o := feedOptions{topics: map[string]bool{topicStatus: true, topicTelephony: true}, logLines: defaultLogLines}
	if raw, ok := q["topics"]; ok {
		o.topics = map[string]bool{}
		for _, t := range strings.Split(strings.Join(raw, ","), ",") {
			t = strings.TrimSpace(t)
			if t == "" {
				continue
			}
			if !slices.Contains(feedTopics, t) {
				return o, "topics", fmt.Errorf("topic %q is not one of %s: correct the topics", t, strings.Join(feedTopics, ", "))
			}
			o.topics[t] = true
		}
	}
	if v := q.Get("log_lines"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLogLines {
			return o, "log_lines", fmt.Errorf("log_lines must be a number of lines from 1 to %d: correct it", maxLogLines)
		}
		o.logLines = n
	}
	return o, "", nil
}

// LogFollower is a LogSource that can be followed: the websocket's log
// topic pushes new lines as they are written. *logring.Ring is one.
type LogFollower interface {
	LogSource
	// Since returns at most the n newest lines written after sequence
	// number seq, oldest first, and the sequence number of the next line.
	Since(seq uint64, n int) (lines []string, next uint64)
	// Watch returns a channel signalled after lines are written, and a
	// function that ends the watch.
	Watch() (written <-chan struct{}, cancel func())
}

// logEvent carries log lines, oldest first. Reset says the lines replace
// what the page shows: the first event of a feed, and one after the feed
// fell so far behind that lines were lost.
type logEvent struct {
	Type  string   `json:"type"` // "log"
	Reset bool     `json:"reset,omitempty"`
	Lines []string `json:"lines"`
}

// logFollow is one feed's place in the log.
type logFollow struct {
	src     LogFollower
	seq     uint64
	n       int
	started bool
}

// next returns the event for what was written since the last call, or
// false when nothing was. The first call gives the tail of the log.
func (f *logFollow) next() (logEvent, bool) {
	if !f.started {
		f.started = true
		lines, next := f.src.Since(0, f.n)
		f.seq = next
		return logEvent{Type: "log", Reset: true, Lines: lines}, true
	}
	lines, next := f.src.Since(f.seq, f.n)
	lost := next-f.seq > uint64(len(lines))
	f.seq = next
	if lost { // fell behind: these are the newest lines, shown afresh
		return logEvent{Type: "log", Reset: true, Lines: lines}, true
	}
	return logEvent{Type: "log", Lines: lines}, len(lines) > 0
}

// LabStater is the lab's API as it also gives the whole simulated world's
// state; pbx/lab's *API is one.
type LabStater interface {
	// StateJSON returns the world's state as GET /api/lab answers it. It
	// must be safe for concurrent use.
	StateJSON() ([]byte, error)
}

// labEvent is the simulated world's state (GET /api/lab's answer).
type labEvent struct {
	Type  string          `json:"type"` // "lab"
	State json.RawMessage `json:"state"`
}

// smsEvent is a message of the inbox or outbox that was stored or changed.
type smsEvent struct {
	Type    string  `json:"type"` // "sms"
	Message smsView `json:"message"`
}

// smsWatcher is an SMSService that tells of changed messages; *sms.Service
// is one.
type smsWatcher interface {
	Watch() (*sms.Changes, func())
}

// smsEvents reads the messages with ids for their events; a message
// deleted meanwhile is left out.
func (s *Server) smsEvents(ctx context.Context, ids []int64) []smsEvent {
	out := make([]smsEvent, 0, len(ids))
	for _, id := range ids {
		m, err := s.st.SMSMessages().Get(ctx, id)
		if err != nil {
			continue
		}
		out = append(out, smsEvent{Type: "sms", Message: smsViewOf(m)})
	}
	return out
}
