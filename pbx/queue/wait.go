package queue

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/prompt"
)

// Result is how a caller left a queue.
type Result int

// The results of Wait.
const (
	Answered Result = iota + 1 // an agent answered and the conversation is over
	Timeout                    // the maximum wait passed, or the Service stopped
	Exit                       // the caller pressed the exit key
)

// String returns the result as a scenario outcome names it.
func (r Result) String() string {
	switch r {
	case Answered:
		return "answered"
	case Timeout:
		return "timeout"
	case Exit:
		return "exit"
	}
	return fmt.Sprintf("result(%d)", int(r))
}

// Agent is one agent of a queue: an extension and what rings for it.
type Agent struct {
	Number  string        // the extension's number
	Targets []call.Target // its phones; an agent without any is skipped
}

// Defaults of a Call.
const (
	DefaultRingTime = 15 * time.Second // how long one attempt rings
	DefaultRetry    = 5 * time.Second  // music between attempts nobody answered
)

// Call says how one caller waits in a queue. Queue, Agents, Strategy and
// MaxWait are required.
type Call struct {
	Queue    string // the queue's name: callers of one name share its order and its agents
	Agents   []Agent
	Strategy Strategy
	// RingTime is how long each attempt rings; 0: DefaultRingTime.
	RingTime time.Duration
	// Retry is how long the caller hears music after an attempt nobody
	// answered before the next; 0: DefaultRetry.
	Retry time.Duration
	// MaxWait is the longest the caller waits; then it leaves by Timeout.
	MaxWait time.Duration
	// Music opens what the caller hears while waiting; it is opened again
	// when it ends. Nil, or failing, plays silence.
	Music func(ctx context.Context) (call.FrameSource, error)
	// Announcement, when set, is played every AnnounceEvery, after the
	// music has played for that long.
	Announcement func(ctx context.Context) (call.FrameSource, error)
	// Position, when set, says the caller's place in the queue ("you are
	// number n") when it joins and every AnnounceEvery.
	Position func(ctx context.Context, n int) (call.FrameSource, error)
	// AnnounceEvery is the time between announcements; 0: none after the
	// first position.
	AnnounceEvery time.Duration
	// EarlyMedia, when true, keeps a caller that is not answered yet
	// unanswered while it waits: the music and announcements go as early
	// media (call.Control.Progress with early media, a SIP 183), and the
	// caller is answered when an agent answers, so that its network bills
	// it from then on. A caller whose channel cannot take early media is
	// answered, as without it.
	EarlyMedia bool
	// ExitKey, when not 0, lets the caller leave by Exit.
	ExitKey byte
	// Available reports whether agent number may be rung: false for one on
	// do-not-disturb or off duty. Nil: every agent.
	Available func(number string) bool
	// Talk joins the caller to the agent who answered until the
	// conversation is over. Nil bridges them until either hangs up and then
	// hangs up the caller.
	Talk func(ctx context.Context, leg call.Leg)
	// Now tells the time for the agents' statistics; nil: time.Now.
	Now func() time.Time
}

// check returns what is wrong with o.
func (o *Call) check() error {
	switch {
	case o.Queue == "":
		return errors.New("queue: a queue needs a name")
	case len(o.Agents) == 0:
		return errors.New("queue: a queue needs at least one agent")
	case o.MaxWait <= 0:
		return errors.New("queue: the maximum wait must be positive")
	}
	return o.Strategy.Check()
}

// Wait puts the caller of c in the queue o names and keeps it there until
// an agent answers and the conversation is over (Answered), the maximum
// wait passes or the Service stops (Timeout), or the caller presses the
// exit key (Exit, the key consumed). err is the caller hanging up (the
// caller is then out of the queue) or ctx ending. Wait must be called from
// c's handler goroutine.
func (s *Service) Wait(ctx context.Context, c call.Control, o Call) (Result, error) {
	if err := o.check(); err != nil {
		return 0, err
	}
	if o.RingTime <= 0 {
		o.RingTime = DefaultRingTime
	}
	if o.Retry <= 0 {
		o.Retry = DefaultRetry
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	select {
	case <-s.stopped:
		return Timeout, nil
	default:
	}
	if o.EarlyMedia {
		if err := s.early(ctx, c, o.Queue); err != nil {
			return 0, err
		}
	}
	w := s.join(o.Queue, &o)
	defer s.leave(w)
	cw := &caller{s: s, w: w, c: c, o: &o, deadline: time.Now().Add(o.MaxWait)}
	return cw.run(ctx)
}

// early tells the caller of c that the call is in progress with early
// media, so that what it hears while it waits does not answer it; when its
// channel cannot, it is answered. err is the caller gone.
func (s *Service) early(ctx context.Context, c call.Control, queue string) error {
	err := c.Progress(ctx, true)
	if err == nil {
		return nil
	}
	if errors.Is(err, call.ErrLegEnded) || ctx.Err() != nil {
		return err
	}
	s.log.Info("queue: the caller's line has no early media; answering it", "queue", queue, "err", err)
	return c.Answer(ctx)
}

// caller is the state of one Wait.
type caller struct {
	s        *Service
	w        *waiter
	c        call.Control
	o        *Call
	deadline time.Time
	music    call.FrameSource
	// nextAnnounce is when the next announcement is due; zero: none.
	nextAnnounce time.Time
	retryAt      time.Time // no attempt before this
}

// run is the caller's state machine: announcing, listening to music until
// something changes, ringing agents, talking.
func (cw *caller) run(ctx context.Context) (Result, error) {
	o := cw.o
	if o.Position != nil || o.Announcement != nil {
		cw.nextAnnounce = time.Now()
		if o.Position == nil { // a plain announcement waits for its period
			cw.nextAnnounce = cw.nextAnnounce.Add(o.AnnounceEvery)
		}
	}
	first := true
	for {
		if r, done := cw.over(); done {
			return r, nil
		}
		// State: ringing agents, when this caller's turn has come.
		if !time.Now().Before(cw.retryAt) {
			if agents := cw.s.claim(cw.w); agents != nil {
				r, err := cw.ring(ctx, agents)
				if err != nil || r != 0 {
					return r, err
				}
				continue
			}
		}
		// State: announcing.
		if !cw.nextAnnounce.IsZero() && !time.Now().Before(cw.nextAnnounce) {
			r, err := cw.announce(ctx, first)
			first = false
			if err != nil || r != 0 {
				return r, err
			}
			continue
		}
		// State: music, until an agent may be free, the retry pause or an
		// announcement is due, or the wait is over.
		until := cw.deadline
		if !cw.nextAnnounce.IsZero() && cw.nextAnnounce.Before(until) {
			until = cw.nextAnnounce
		}
		if time.Now().Before(cw.retryAt) && cw.retryAt.Before(until) {
			until = cw.retryAt
		}
		r, err := cw.play(ctx, cw.musicSource(ctx), until, true)
		if err != nil || r != 0 {
			return r, err
		}
	}
}

// over reports whether the caller's wait is over without an answer.
func (cw *caller) over() (Result, bool) {
	select {
	case <-cw.s.stopped:
		return Timeout, true
	default:
	}
	if !time.Now().Before(cw.deadline) {
		return Timeout, true
	}
	return 0, false
}

// announce plays the announcement and the caller's position.
func (cw *caller) announce(ctx context.Context, first bool) (Result, error) {
	o := cw.o
	cw.nextAnnounce = time.Time{}
	if o.AnnounceEvery > 0 {
		cw.nextAnnounce = time.Now().Add(o.AnnounceEvery)
	}
	if o.Announcement != nil && !first {
		if r, err := cw.playOpened(ctx, o.Announcement); err != nil || r != 0 {
			return r, err
		}
	}
	if o.Position != nil {
		n := cw.s.position(cw.w)
		if r, err := cw.playOpened(ctx, func(ctx context.Context) (call.FrameSource, error) { return o.Position(ctx, n) }); err != nil || r != 0 {
			return r, err
		}
	}
	return 0, nil
}

// playOpened plays what open returns to its end, unless the wait ends.
func (cw *caller) playOpened(ctx context.Context, open func(context.Context) (call.FrameSource, error)) (Result, error) {
	src, err := open(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		cw.s.log.Warn("queue: announcement skipped", "queue", cw.o.Queue, "err", err)
		return 0, nil
	}
	return cw.play(ctx, src, cw.deadline, false)
}

// play plays src to the caller until it ends, until passes, the Service
// stops, the caller presses the exit key, or, with wake, the queue changes.
// It returns a Result when the wait is over.
func (cw *caller) play(ctx context.Context, src call.FrameSource, until time.Time, wake bool) (Result, error) {
	pctx, cancel := context.WithCancel(ctx)
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTimer(time.Until(until))
		defer t.Stop()
		var poke <-chan struct{}
		if wake {
			poke = cw.w.wake
		}
		select {
		case <-poke:
		case <-t.C:
		case <-cw.s.stopped:
		case <-pctx.Done():
		}
		cancel()
	}()
	var stopOn string
	if cw.o.ExitKey != 0 {
		stopOn = string(cw.o.ExitKey)
	}
	d, err := cw.c.Play(pctx, src, stopOn)
	cancel()
	<-stopped
	switch {
	case err != nil && ctx.Err() == nil && pctx.Err() != nil && !errors.Is(err, call.ErrLegEnded):
		return 0, nil // interrupted: look again
	case err != nil:
		return 0, err
	case d != 0 && d == cw.o.ExitKey:
		// Take the key off the queue so the next element does not read it.
		cw.c.CollectDigits(ctx, call.DigitOpts{Max: 1, FirstTimeout: time.Millisecond})
		return Exit, nil
	}
	return 0, nil
}

// errNoMusic is the music loop's open error when a queue has no music.
var errNoMusic = errors.New("queue: no music")

// musicSource returns the music, opened once and again whenever it ends.
func (cw *caller) musicSource(ctx context.Context) call.FrameSource {
	if cw.music == nil {
		cw.music = &prompt.Loop{Open: func() (call.FrameSource, error) {
			if cw.o.Music == nil {
				return nil, errNoMusic
			}
			return cw.o.Music(ctx)
		}}
	}
	return cw.music
}

// ring rings agents for one attempt. On an answer it bridges the caller
// to the agent and returns Answered once they are done; when nobody
// answers it returns 0 and the caller waits again.
func (cw *caller) ring(ctx context.Context, agents []Agent) (Result, error) {
	var targets []call.Target
	owner := map[string]string{}
	for _, a := range agents {
		for _, t := range a.Targets {
			targets = append(targets, t)
			owner[t.String()] = a.Number
		}
	}
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-cw.s.stopped:
			cancel()
		case <-rctx.Done():
		}
	}()
	leg, err := cw.c.Ring(rctx, targets, min(cw.o.RingTime, time.Until(cw.deadline)))
	if err != nil {
		cw.s.unclaim(cw.w, agents)
		var cause call.Cause
		if errors.As(err, &cause) || ctx.Err() == nil && rctx.Err() != nil && !errors.Is(err, call.ErrLegEnded) {
			cw.retryAt = time.Now().Add(cw.o.Retry)
			return 0, nil // nobody answered, or the Service stopped: over() decides
		}
		return 0, err
	}
	agent := owner[leg.Channel()]
	if agent == "" {
		agent = leg.Remote().Number
	}
	if agent == "" || len(agents) == 1 {
		agent = agents[0].Number
	}
	cw.s.answered(cw.w, agents, agent)
	defer func() { cw.s.hungUp(cw.w.q, agent, cw.o.Now()) }()
	if cw.o.Talk != nil {
		cw.o.Talk(ctx, leg)
		return Answered, nil
	}
	end, err := cw.c.Bridge(ctx, leg)
	if err == nil && !end.ByCaller {
		cw.c.Hangup(ctx, call.CauseNormal)
	}
	return Answered, nil
}
