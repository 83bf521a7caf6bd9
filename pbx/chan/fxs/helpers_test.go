package fxs

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookflash/firmware/drivers/fxs"
	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/hal/sim"
	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
	"github.com/hookflash/firmware/pbx/store"
)

// line is one port of the simulated board: an emulated ProSLIC with the
// real driver on it, the phone plugged into it, and the phone's ear and
// mouth on the port's PCM link.
type line struct {
	slic  *sim.SLIC
	phone *sim.Phone
	link  *sim.PCMLink
	dev   *fxs.Dev
	ear   *ear
}

// portSpec is a port's row in fxs_ports; ext "" leaves it unassigned.
type portSpec struct {
	ext, mode, callerID, country, hotline string
	noEcho                                bool
}

// rig is a box: a store, the channel on simulated ports, and a switch whose
// handler rings extensions on the channel.
type rig struct {
	t     *testing.T
	ctx   context.Context
	st    *store.Store
	ch    *Channel
	sw    *call.Switch
	lines map[int]*line

	mu     sync.Mutex
	calls  []call.CallInfo // what the handler saw, in order
	events []call.Event    // events that ended a bridge
}

// testMatcher: 1xx are extensions, 9 then anything goes out (dialled on
// the timeout or '#'), 0 starts nothing.
type testMatcher struct{}

func (testMatcher) Match(_ int, d string) Match {
	switch {
	case d[0] == '0':
		return MatchInvalid
	case d[0] == '1' && len(d) == 3:
		return MatchComplete
	case d[0] == '1' && len(d) > 3:
		return MatchInvalid
	}
	return MatchMore
}

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

// newRig must run in a synctest bubble. Extensions 101.. are created for
// the specs that name them, with the names "Alice", "Bob", "Carol".
func newRig(t *testing.T, specs map[int]portSpec, o *Opts) *rig {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "pbx.db"))
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{t: t, ctx: ctx, st: st, lines: map[int]*line{}}
	names := map[string]string{"101": "Alice", "102": "Bob", "103": "Carol"}
	var ports []Port
	for n := 1; n <= len(specs); n++ {
		spec, ok := specs[n]
		if !ok {
			t.Fatalf("port specs must be numbered 1..%d", len(specs))
		}
		row := store.FXSPort{Port: n, Mode: cmpOr(spec.mode, store.FXSVoice), CallerID: cmpOr(spec.callerID, store.CallerIDOff),
			Country: cmpOr(spec.country, "RU"), Hotline: spec.hotline, EchoCancel: !spec.noEcho}
		if spec.ext != "" {
			e := store.Extension{Number: spec.ext, Name: names[spec.ext], Outbound: store.OutboundInternal, OnDuty: true}
			r.must(st.Extensions().Create(ctx, &e))
			row.ExtensionID = &e.ID
		}
		r.must(st.FXSPorts().Create(ctx, &row))

		l := &line{slic: sim.NewSLIC(nil), phone: sim.NewPhone(nil), link: sim.NewPCMLink(nil)}
		l.slic.Attach(l.phone)
		if l.dev, err = fxs.New(l.slic.Port().Conn(), &fxs.Opts{Logger: quiet()}); err != nil {
			t.Fatal(err)
		}
		r.lines[n] = l
		ports = append(ports, Port{Number: n, Dev: l.dev, Audio: l.link.Box()})
	}
	opts := Opts{}
	if o != nil {
		opts = *o
	}
	opts.Ports, opts.Store, opts.Matcher, opts.Logger = ports, st, testMatcher{}, quiet()
	if r.ch, err = New(opts); err != nil {
		t.Fatal(err)
	}
	// The ears start with the channel: a PCM link keeps up to a second of
	// what one side wrote before the other side read, as latency.
	for _, l := range r.lines {
		l.ear = newEar(t, l.link.World())
	}
	r.sw = call.New(call.Options{Dialers: map[string]call.Dialer{"fxs": r.ch}, Handler: r.handle, Logger: quiet()})
	if err := r.ch.Start(ctx, r.sw); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := r.sw.Shutdown(ctx); err != nil {
			t.Errorf("switch shutdown: %v", err)
		}
		if err := r.ch.Stop(ctx); err != nil {
			t.Errorf("Stop: %v", err)
		}
		for _, l := range r.lines {
			l.ear.stop()
			l.link.Box().Close()
			if errs := l.slic.ProtocolErrors(); len(errs) > 0 {
				t.Errorf("SPI framing errors seen by the chip: %q", errs)
			}
		}
		st.Close()
	})
	return r
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (r *rig) must(err error) {
	r.t.Helper()
	if err != nil {
		r.t.Fatal(err)
	}
}

// handle is the switch's handler: numbers 1xx ring the extension's port
// and bridge it; 199 is busy; numbers starting with 8 exist nowhere;
// anything else is unavailable.
func (r *rig) handle(ctx context.Context, c call.Control) {
	info := c.Info()
	r.mu.Lock()
	r.calls = append(r.calls, info)
	r.mu.Unlock()
	if info.Called == "199" {
		c.Progress(ctx, false)
		time.Sleep(3 * time.Second)
		c.Hangup(ctx, call.CauseBusy)
		return
	}
	if strings.HasPrefix(info.Called, "8") {
		c.Hangup(ctx, call.CauseNotFound)
		return
	}
	if !strings.HasPrefix(info.Called, "1") {
		c.Hangup(ctx, call.CauseUnavailable)
		return
	}
	leg, err := c.Ring(ctx, []call.Target{{Kind: "fxs", Address: info.Called}}, time.Minute)
	if err != nil {
		var cause call.Cause
		if !errors.As(err, &cause) {
			cause = call.CauseUnavailable
		}
		c.Hangup(ctx, cause)
		return
	}
	for {
		end, err := c.Bridge(ctx, leg)
		if err != nil {
			return
		}
		r.mu.Lock()
		r.events = append(r.events, end.Event)
		r.mu.Unlock()
		if end.Event.Kind == call.EventHangup {
			c.Hangup(ctx, call.CauseNormal)
			return
		}
	}
}

// called returns the numbers the switch's handler saw dialled.
func (r *rig) called() []call.CallInfo {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]call.CallInfo(nil), r.calls...)
}

// waitFor polls cond every 20 ms (bubble time) until it holds, failing the
// test after d.
func waitFor(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// ear is the phone's side of the port's audio: it listens with call
// progress detectors (of RU and US), the FSK and DTMF caller ID receivers
// and a DTMF detector, keeps the level of every frame, and says what the
// test gives it: DTMF digits, a tone, and the hybrid's echo of what it
// hears.
type ear struct {
	t      *testing.T
	pcm    hal.PCMStream
	cancel context.CancelFunc
	done   chan struct{}

	mu     sync.Mutex
	cp     map[string]*dsp.CallProgressDetector
	tones  map[string]dsp.CPTone
	cpEv   []dsp.CPEvent
	cid    *dsp.CallerIDReceiver
	cids   []dsp.CallerID
	dclip  *dsp.DTMFCLIPReceiver
	dcids  []dsp.DTMFCallerID
	det    *dsp.DTMFDetector
	dtmfEv []dsp.DTMFEvent
	digits string
	levels []float64 // dBm0 of each frame heard
	recent []int16   // the last second heard
	mouth  *dsp.DTMFGen
	voice  *dsp.ToneGen
	noise  *rand.Rand // white noise the phone says, when set
	noiseσ float64    // its standard deviation
	echo   float64    // gain of the hybrid's echo; 0: none
}

func newEar(t *testing.T, pcm hal.PCMStream) *ear {
	e := &ear{t: t, pcm: pcm, cp: map[string]*dsp.CallProgressDetector{}, tones: map[string]dsp.CPTone{},
		cid: dsp.NewCallerIDReceiver(), dclip: dsp.NewDTMFCLIPReceiver(), done: make(chan struct{})}
	for _, cc := range []string{"RU", "US"} {
		plan, err := dsp.BuiltinPlan(cc)
		if err != nil {
			t.Fatal(err)
		}
		if e.cp[cc], err = dsp.NewCallProgressDetector(&plan, nil); err != nil {
			t.Fatal(err)
		}
	}
	var err error
	if e.det, err = dsp.NewDTMFDetector(nil); err != nil {
		t.Fatal(err)
	}
	if e.mouth, err = dsp.NewDTMFGen(nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	e.cancel = cancel
	go e.run(ctx)
	return e
}

func (e *ear) stop() {
	e.cancel()
	<-e.done
}

// run hears one frame per 20 ms and answers with one. It runs half a
// frame out of phase with the port's audio loop, as the two ends of a TDM
// slot are: with both on the same bubble instants the order of a read and
// a write would be random, and a link frame could go missing.
func (e *ear) run(ctx context.Context) {
	defer close(e.done)
	time.Sleep(hal.FrameDuration / 2)
	var in, out hal.Frame
	for ctx.Err() == nil {
		if err := e.pcm.ReadFrame(&in); err != nil {
			return
		}
		e.mu.Lock()
		e.hear(in[:])
		e.say(in[:], out[:])
		e.mu.Unlock()
		if err := e.pcm.WriteFrame(&out); err != nil {
			return
		}
	}
}

func (e *ear) hear(in []int16) {
	e.levels = append(e.levels, dsp.PowerDBm0(in))
	e.recent = append(e.recent, in...)
	if over := len(e.recent) - dsp.SampleRate; over > 0 {
		e.recent = append(e.recent[:0], e.recent[over:]...)
	}
	for cc, d := range e.cp {
		e.cpEv = d.Process(in, e.cpEv[:0])
		for _, ev := range e.cpEv {
			if ev.End {
				e.tones[cc] = dsp.CPNone
			} else {
				e.tones[cc] = ev.Tone
			}
		}
	}
	if m, ok, _ := e.cid.Process(in); ok {
		e.cids = append(e.cids, m)
	}
	if m, ok, _ := e.dclip.Process(in); ok {
		e.dcids = append(e.dcids, m)
	}
	e.dtmfEv = e.det.Process(in, e.dtmfEv[:0])
	for _, ev := range e.dtmfEv {
		if !ev.End {
			e.digits += string(ev.Digit)
		}
	}
}

func (e *ear) say(in, out []int16) {
	switch {
	case e.mouth.Busy():
		e.mouth.Generate(out)
	case e.voice != nil:
		e.voice.Generate(out)
	case e.noise != nil:
		for i := range out {
			out[i] = int16(max(math.MinInt16, min(math.MaxInt16, e.noise.NormFloat64()*e.noiseσ)))
		}
	default:
		clear(out)
	}
	if e.echo != 0 {
		for i, v := range in {
			out[i] = int16(max(math.MinInt16, min(math.MaxInt16, float64(out[i])+e.echo*float64(v))))
		}
	}
}

// tone returns the call progress tone the phone hears now, as the
// country's detector tells it.
func (e *ear) tone(country string) dsp.CPTone {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.tones[country]
}

// powerAt returns the level (dBm0) of the component at hz in the last
// second heard, by a DFT term over it.
func (e *ear) powerAt(hz float64) float64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	var re, im float64
	for i, v := range e.recent {
		w := 2 * math.Pi * hz * float64(i) / dsp.SampleRate
		re += float64(v) * math.Cos(w)
		im -= float64(v) * math.Sin(w)
	}
	amp := 2 * math.Hypot(re, im) / float64(len(e.recent))
	return 20 * math.Log10(amp/dsp.ZeroDBm0Peak)
}

// hearsSIT reports whether the phone hears the special information tone
// of the Russian plan (950, 1400 and 1800 Hz in turn) now: one of its
// frequencies and no 425 Hz of the plan's other tones, in the last second.
func (e *ear) hearsSIT() bool {
	sit := max(e.powerAt(950), e.powerAt(1400), e.powerAt(1800))
	return sit > -30 && e.powerAt(425) < -50
}

// dial sends DTMF digits from the phone.
func (e *ear) dial(digits string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.mouth.Send(digits); err != nil {
		e.t.Fatal(err)
	}
}

// speak makes the phone send a continuous tone of hz at dbm0; hz 0 stops.
func (e *ear) speak(hz, dbm0 float64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.voice, e.noise = nil, nil
	if hz == 0 {
		return
	}
	g, err := dsp.NewToneGen(dsp.Tone{Hz: []float64{hz}, DBm0: dbm0})
	if err != nil {
		e.t.Fatal(err)
	}
	e.voice = g
}

// speakNoise makes the phone say white noise at dbm0 until speak: a
// broadband talker, where speak is a narrow-band one.
func (e *ear) speakNoise(dbm0 float64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.voice = nil
	e.noise = rand.New(rand.NewPCG(1, 2))
	e.noiseσ = dsp.PeakFromDBm0(dbm0) / math.Sqrt2 // a sine's peak over its RMS
}

// setEcho makes the phone's hybrid return what it hears at gain.
func (e *ear) setEcho(gain float64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.echo = gain
}

// heard returns the frame levels heard so far (dBm0) and how many.
func (e *ear) heard() []float64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]float64(nil), e.levels...)
}

// level returns the mean power of the last n frames heard, dBm0.
func (e *ear) level(n int) float64 {
	lv := e.heard()
	if len(lv) < n {
		return math.Inf(-1)
	}
	sum := 0.0
	for _, db := range lv[len(lv)-n:] {
		sum += math.Pow(10, db/10)
	}
	return 10 * math.Log10(sum/float64(n))
}

// callerIDs returns the FSK caller ID messages decoded so far.
func (e *ear) callerIDs() []dsp.CallerID {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]dsp.CallerID(nil), e.cids...)
}

// dtmfCallerIDs returns the DTMF caller ID messages decoded so far.
func (e *ear) dtmfCallerIDs() []dsp.DTMFCallerID {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]dsp.DTMFCallerID(nil), e.dcids...)
}

// heardDigits returns the DTMF digits heard so far.
func (e *ear) heardDigits() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.digits
}

// offHook lifts line n's handset and waits for the dial tone of country.
func (r *rig) offHookDialTone(n int, country string) {
	r.t.Helper()
	l := r.lines[n]
	l.phone.OffHook()
	waitFor(r.t, "dial tone on port", 5*time.Second, func() bool { return l.ear.tone(country) == dsp.CPDial })
}

// drain reads a leg's events into a slice the test can poll.
type eventLog struct {
	mu     sync.Mutex
	events []call.Event
	done   chan struct{}
}

func logEvents(l call.Leg) *eventLog {
	el := &eventLog{done: make(chan struct{})}
	go func() {
		defer close(el.done)
		for ev := range l.Events() {
			el.mu.Lock()
			el.events = append(el.events, ev)
			el.mu.Unlock()
		}
	}()
	return el
}

func (el *eventLog) has(kind call.EventKind) bool {
	el.mu.Lock()
	defer el.mu.Unlock()
	for _, ev := range el.events {
		if ev.Kind == kind {
			return true
		}
	}
	return false
}

func (el *eventLog) kinds() []string {
	el.mu.Lock()
	defer el.mu.Unlock()
	var s []string
	for _, ev := range el.events {
		k := ev.Kind.String()
		if ev.Kind == call.EventDigit {
			k += " " + string(ev.Digit)
		}
		if ev.Kind == call.EventHangup {
			k += " " + ev.Cause.String()
		}
		s = append(s, k)
	}
	return s
}
