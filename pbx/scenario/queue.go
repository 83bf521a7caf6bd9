package scenario

import (
	"cmp"
	"context"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/queue"
	"github.com/hookflash/firmware/pbx/store"
)

// Outcomes of a queue.
const (
	OutcomeTimeout = "timeout" // the maximum wait passed (or the queues stopped)
	OutcomeExit    = "exit"    // the caller pressed the exit key
)

// Queue limits, in seconds.
const (
	minQueueRing      = 5
	maxQueueRing      = 120
	minQueueWait      = 15
	maxQueueWait      = 3600
	minAnnounceEvery  = 10
	maxAnnounceEvery  = 600
	defPositionText   = "You are number {{position}} in the queue."
	positionVariable  = "{{position}}"
	maxQueueNameBytes = 64
)

// Queue keeps the caller waiting, with music and announcements, until one
// of Agents answers, rung by Strategy (queue.RingAll, RoundRobin,
// LeastRecent or FewestCalls; agents on do-not-disturb, off duty or busy
// are skipped). After MaxWait seconds the caller leaves by timeout;
// pressing ExitKey leaves by exit. An answered call is final.
//
// Callers of queues with the same Name wait in one line and share the
// agents' statistics; without a Name the element is a queue of its own.
//
// With QueueID the element puts the caller in a stored queue
// (store.CallQueue), whose callers wait in one line whichever scenario
// sent them; the queue brings its agents, strategy, times, music, position
// announcement and exit key, and the element may add only an
// Announcement. Such an element has both outcomes, timeout and exit,
// since the stored queue's exit key may change without the scenario.
type Queue struct {
	QueueID  int64    `json:"queue_id,omitempty"`
	Name     string   `json:"name,omitempty"`
	Agents   []string `json:"agents"` // extension numbers, in order
	Strategy string   `json:"strategy"`
	RingTime int      `json:"ring_time,omitempty"` // seconds each attempt rings, 5 to 120; 0: 15
	MaxWait  int      `json:"max_wait"`            // seconds, 15 to 3600
	// MusicPromptID is the prompt played, looped, while the caller waits;
	// 0: the route's waiting melody, else silence.
	MusicPromptID int64 `json:"music_prompt_id,omitempty"`
	// Announcement is played every AnnounceEvery seconds.
	Announcement *Sound `json:"announcement,omitempty"`
	// AnnouncePosition says the caller's place when it joins and every
	// AnnounceEvery seconds, by speech synthesis of PositionText (in
	// Language), in which {{position}} is the number.
	AnnouncePosition bool   `json:"announce_position,omitempty"`
	PositionText     string `json:"position_text,omitempty"`
	Language         string `json:"language,omitempty"`
	AnnounceEvery    int    `json:"announce_every,omitempty"` // seconds, 10 to 600
	ExitKey          string `json:"exit_key,omitempty"`
	// EarlyMedia keeps a caller not answered yet unanswered while it
	// waits: it hears the music as early media (a SIP 183) and is
	// answered, and billed by its network, only when an agent answers.
	// A caller on an analog line (FXO), which carries no audio before
	// it is answered, or on a line without early media (a GSM call) is
	// answered as without it. MaxWait is then at most
	// store.MaxEarlyMediaWait.
	EarlyMedia bool `json:"early_media,omitempty"`
}

func (p *Queue) Outcomes() []string {
	if p.ExitKey != "" || p.QueueID != 0 {
		return []string{OutcomeTimeout, OutcomeExit}
	}
	return []string{OutcomeTimeout}
}

func (p *Queue) check(v *checker) {
	if p.QueueID != 0 {
		own := *p
		own.QueueID, own.Announcement, own.AnnounceEvery = 0, nil, 0
		if !reflect.DeepEqual(own, Queue{}) {
			v.param("queue_id", "a stored queue brings its own agents, strategy, times, music and exit key: leave those empty")
		}
		if p.Announcement != nil {
			p.Announcement.check(v, "announcement")
			v.seconds("announce_every", p.AnnounceEvery, minAnnounceEvery, maxAnnounceEvery, false)
		}
		v.refID("queue_id", RefQueue, p.QueueID)
		return
	}
	if len(p.Name) > maxQueueNameBytes {
		v.param("name", "must be at most %d characters", maxQueueNameBytes)
	}
	if len(p.Agents) == 0 {
		v.param("agents", "a queue needs at least one agent")
	}
	seen := map[string]bool{}
	for _, a := range p.Agents {
		if seen[a] {
			v.param("agents", "extension %s is listed twice", a)
		}
		seen[a] = true
		v.ref("agents", RefExtension, a)
	}
	if err := queue.Strategy(p.Strategy).Check(); err != nil {
		v.param("strategy", "must be %s, %s, %s or %s", queue.RingAll, queue.RoundRobin, queue.LeastRecent, queue.FewestCalls)
	}
	v.seconds("ring_time", p.RingTime, minQueueRing, maxQueueRing, true)
	v.seconds("max_wait", p.MaxWait, minQueueWait, maxQueueWait, false)
	if p.EarlyMedia && p.MaxWait > store.MaxEarlyMediaWait {
		v.param("max_wait", "must be at most %d seconds while callers wait in early media (unanswered): most networks drop a call left unanswered longer; lower the maximum wait or turn early_media off",
			store.MaxEarlyMediaWait)
	}
	if p.MusicPromptID != 0 {
		v.refID("music_prompt_id", RefPrompt, p.MusicPromptID)
	}
	if p.Announcement != nil {
		p.Announcement.check(v, "announcement")
		if p.AnnounceEvery == 0 {
			v.param("announce_every", "say how often the announcement plays")
		}
	}
	if p.PositionText != "" && !p.AnnouncePosition {
		v.param("position_text", "only applies with announce_position")
	}
	if p.PositionText != "" && !strings.Contains(p.PositionText, positionVariable) {
		v.param("position_text", "must contain %s where the number goes", positionVariable)
	}
	v.seconds("announce_every", p.AnnounceEvery, minAnnounceEvery, maxAnnounceEvery, true)
	if p.ExitKey != "" && (len(p.ExitKey) != 1 || !strings.Contains(menuKeys, p.ExitKey)) {
		v.param("exit_key", "%q is not a phone key (0-9, * or #)", p.ExitKey)
	}
}

// name returns the queue's name: its own, or one for this element alone.
func (p *Queue) name(x *execution) string {
	if p.Name != "" {
		return p.Name
	}
	return fmt.Sprintf("scenario %d/%s", x.scen.id, x.el.ID)
}

func (p *Queue) run(ctx context.Context, x *execution) (string, bool, error) {
	if p.QueueID != 0 {
		q, ok := x.snap.queues[p.QueueID]
		if !ok { // deleted since the scenario was checked
			x.log.Error("scenario: the element's queue is gone; leaving by timeout", "element", x.el.ID, "queue_id", p.QueueID)
			return OutcomeTimeout, false, nil
		}
		own := *q
		if p.Announcement != nil {
			own.Announcement, own.AnnounceEvery = p.Announcement, p.AnnounceEvery
		}
		p = &own
	}
	if s, ok := x.c.(*simCall); ok {
		return p.dry(ctx, x, s)
	}
	el := x.el
	o := queue.Call{
		Queue:         p.name(x),
		Strategy:      queue.Strategy(p.Strategy),
		RingTime:      secs(p.RingTime),
		MaxWait:       secs(p.MaxWait),
		AnnounceEvery: secs(p.AnnounceEvery),
		Available: func(n string) bool { // agents' forwards are not followed: a queue rings who is there
			ext, ok := x.snap.exts[n]
			return ok && ext.onDuty && !ext.dnd
		},
		Talk:       x.talk,
		Now:        x.now,
		EarlyMedia: p.EarlyMedia && earlyMediaLine(x.c.Info().Channel),
	}
	for _, n := range p.Agents {
		o.Agents = append(o.Agents, queue.Agent{Number: n, Targets: x.snap.exts[n].targets()})
	}
	if p.ExitKey != "" {
		o.ExitKey = p.ExitKey[0]
	}
	if music := cmp.Or(p.MusicPromptID, x.tunes.waiting); music != 0 && x.eng.o.Prompts != nil {
		o.Music = func(ctx context.Context) (call.FrameSource, error) { return x.eng.o.Prompts.Open(ctx, music) }
	}
	if p.Announcement != nil {
		o.Announcement = func(ctx context.Context) (call.FrameSource, error) { return p.Announcement.open(ctx, x) }
	}
	if p.AnnouncePosition && x.eng.o.Speech != nil {
		o.Position = func(ctx context.Context, n int) (call.FrameSource, error) {
			return x.eng.o.Speech.Say(ctx, p.positionText(x, n), SpeechOpts{Language: p.Language})
		}
	}
	r, err := x.eng.queues.Wait(ctx, x.c, o)
	switch {
	case err != nil && ended(ctx, err):
		return "", true, err
	case err != nil:
		x.log.Error("scenario: queue cannot take the call; leaving by timeout", "element", el.ID, "err", err)
		return OutcomeTimeout, false, nil
	case r == queue.Answered:
		return outcomeAnswered, true, nil
	case r == queue.Exit:
		return OutcomeExit, false, nil
	}
	return OutcomeTimeout, false, nil
}

// earlyMediaLine reports whether a caller on channel ("fxo/1",
// "trunk/Provider") may wait in early media: not on an analog line, where
// the box has to take the line off hook, answering it, before the caller
// hears anything.
func earlyMediaLine(channel string) bool {
	kind, _, _ := strings.Cut(channel, "/")
	return kind != "fxo"
}

// positionText is what the caller hears as its place n.
func (p *Queue) positionText(x *execution, n int) string {
	t := p.PositionText
	if t == "" {
		t = defPositionText
	}
	return x.expand(strings.ReplaceAll(t, positionVariable, strconv.Itoa(n)), nil)
}

// dry simulates the queue in a dry run, where the caller waits alone,
// answered or, with early media on a line that has it, not:
// the exit key, when it is the caller's key here, leaves at once;
// otherwise agents are rung in list order (all at once with
// queue.RingAll), with music between attempts, until one answers or the
// maximum wait passes.
func (p *Queue) dry(ctx context.Context, x *execution, s *simCall) (string, bool, error) {
	switch kind, _, _ := strings.Cut(s.in.Channel, "/"); {
	case s.answered:
	case p.EarlyMedia && (kind == "fxo" || kind == "gsm"):
		s.note("the caller's line has no early media: it is answered to wait")
		fallthrough
	case !p.EarlyMedia:
		if err := s.Answer(ctx); err != nil {
			return "", true, err
		}
	default:
		s.note("the caller waits in early media, not answered until an agent answers")
	}
	if k, ok := s.pending(); ok && p.ExitKey != "" && k == p.ExitKey {
		s.keys[s.element] = s.keys[s.element][1:]
		s.note("the caller presses %s to leave the queue", k)
		return OutcomeExit, false, nil
	}
	if p.AnnouncePosition {
		s.note("say %q", p.positionText(x, 1))
	}
	ring := secs(p.RingTime)
	if ring == 0 {
		ring = queue.DefaultRingTime
	}
	deadline := s.now.Add(secs(p.MaxWait))
	for turn := 0; s.now.Before(deadline); turn++ {
		var ts []call.Target
		for i, n := range p.Agents {
			ext, ok := x.snap.exts[n]
			if !ok || !ext.onDuty || ext.dnd {
				continue
			}
			if queue.Strategy(p.Strategy) == queue.RingAll || i == turn%len(p.Agents) {
				ts = append(ts, ext.targets()...)
			}
		}
		if len(ts) > 0 {
			answered, _, err := x.connect(ctx, ts, min(ring, deadline.Sub(s.now)))
			if err != nil {
				return "", true, err
			}
			if answered {
				return outcomeAnswered, true, nil
			}
		}
		wait := min(queue.DefaultRetry, max(deadline.Sub(s.now), 0))
		s.note("music for %v", wait)
		if err := s.wait(wait); err != nil {
			return "", true, err
		}
	}
	s.note("the caller has waited %v", secs(p.MaxWait))
	return OutcomeTimeout, false, nil
}
