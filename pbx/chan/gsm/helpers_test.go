package gsm_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	drv "github.com/hookflash/firmware/drivers/gsm"
	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/hal/sim"
	"github.com/hookflash/firmware/pbx/call"
	gsmchan "github.com/hookflash/firmware/pbx/chan/gsm"
	"github.com/hookflash/firmware/pbx/store"
)

// limits is a Limits with options by module ID and a fixed usage per
// channel, or the usage the store records when fromStore is set.
type limits struct {
	mu        sync.Mutex
	opts      map[int64]gsmchan.ModuleOptions
	seconds   map[string]int64 // used today and this month alike
	sms       map[string]int
	fromStore *store.Store
}

func (l *limits) Options(_ context.Context, id int64) (gsmchan.ModuleOptions, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.opts[id], nil
}

func (l *limits) Usage(ctx context.Context, channel string, since time.Time) (int64, int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.fromStore != nil {
		return l.fromStore.GSMUsage(ctx, channel, since)
	}
	return l.seconds[channel], l.sms[channel], nil
}

// incoming is one leg the channel handed to the switch.
type incoming struct {
	leg    call.Leg
	called string
}

// incomer records what the channel hands over and passes it to the
// switch.
type incomer struct {
	sw  *call.Switch
	got chan incoming
}

func (i *incomer) Incoming(leg call.Leg, called string) {
	i.got <- incoming{leg, called}
	i.sw.Incoming(leg, called)
}

// module is one emulated GSM module: modem, driver and the far end of its
// audio.
type module struct {
	m   *sim.Modem
	dev *drv.Dev
	pcm *sim.PCMLink
	far *farEnd
}

// rig is a GSM channel on emulated modems with a real store and a switch.
// Build it inside a synctest bubble.
type rig struct {
	t       *testing.T
	st      *store.Store
	lim     *limits
	mods    []*module
	ch      *gsmchan.Channel
	sw      *call.Switch
	in      *incomer
	handler atomic.Pointer[func(context.Context, call.Control)]
	alarms  chan string
	changes chan struct{} // OnChange calls
	ids     []int64       // gsm_modules IDs by slot-1
}

type rigOpts struct {
	dialects []sim.ModemDialect // one module each
	inband   bool
	opts     gsmchan.ModuleOptions // of every module
	mobile   string                // extension 101's mobile
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newRig(t *testing.T, o rigOpts) *rig {
	t.Helper()
	return newRigWith(t, o, func(*limits) {})
}

// newRigWith is newRig with the usage set by use before the channel starts.
func newRigWith(t *testing.T, o rigOpts, use func(*limits)) *rig {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "pbx.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() }) // runs last
	r := &rig{t: t, st: st, alarms: make(chan string, 16), changes: make(chan struct{}, 1),
		lim: &limits{opts: map[int64]gsmchan.ModuleOptions{}, seconds: map[string]int64{}, sms: map[string]int{}}}
	use(r.lim)
	ext := store.Extension{Number: "101", Name: "Anna", Mobile: o.mobile, Outbound: store.OutboundInternal}
	if err := st.Extensions().Create(ctx, &ext); err != nil {
		t.Fatal(err)
	}
	var chp atomic.Pointer[gsmchan.Channel]
	var mods []gsmchan.Module
	for i, d := range o.dialects {
		slot := i + 1
		g := store.GSMModule{Slot: slot, Name: "SIM " + string(rune('0'+slot)), Enabled: true}
		if err := st.GSMModules().Create(ctx, &g); err != nil {
			t.Fatal(err)
		}
		r.ids = append(r.ids, g.ID)
		r.lim.opts[g.ID] = o.opts
		md := &module{m: sim.NewModem(sim.ModemOpts{Dialect: d}), pcm: sim.NewPCMLink(nil)}
		md.dev, err = drv.New(md.m.Port(), md.m.Lines(), &drv.Opts{
			CallPoll: time.Second, Logger: quiet(),
			OnEvent: func(e drv.Event) {
				if c := chp.Load(); c != nil {
					c.HandleEvent(slot, e)
				}
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		md.far = newFarEnd(md.pcm.World())
		r.mods = append(r.mods, md)
		mods = append(mods, gsmchan.Module{Slot: slot, Dev: md.dev, Audio: md.pcm.Box(), InbandDTMF: o.inband})
	}
	r.ch, err = gsmchan.New(gsmchan.Opts{
		Modules: mods, Store: st, Limits: r.lim, Logger: quiet(),
		OnAlarm: func(slot int, what string) { r.alarms <- what },
		OnChange: func() {
			select {
			case r.changes <- struct{}{}:
			default:
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	chp.Store(r.ch)
	r.sw = call.New(call.Options{
		Dialers: map[string]call.Dialer{"gsm": r.ch},
		Handler: func(ctx context.Context, c call.Control) {
			if h := r.handler.Load(); h != nil {
				(*h)(ctx, c)
				return
			}
			<-ctx.Done()
		},
		Logger: quiet(),
	})
	r.in = &incomer{sw: r.sw, got: make(chan incoming, 4)}
	superCtx, stopSupervise := context.WithCancel(ctx)
	var supervised sync.WaitGroup
	for _, md := range r.mods {
		if err := md.dev.Init(ctx); err != nil {
			t.Fatalf("Init: %v", err)
		}
		supervised.Add(1)
		go func() { defer supervised.Done(); md.dev.Supervise(superCtx) }()
	}
	if err := r.ch.Start(ctx, r.in); err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := r.ch.Stop(ctx); err != nil {
			t.Errorf("Stop: %v", err)
		}
		r.sw.Shutdown(ctx)
		stopSupervise()
		supervised.Wait()
		for _, md := range r.mods {
			md.far.stop()
			md.dev.Close()
			md.m.Close()
			md.pcm.Box().Close()
		}
	})
	return r
}

// setHandler makes the switch run h for the next calls.
func (r *rig) setHandler(h func(context.Context, call.Control)) { r.handler.Store(&h) }

// incoming waits for the channel to hand a leg to the switch.
func (r *rig) incoming() incoming {
	r.t.Helper()
	select {
	case in := <-r.in.got:
		return in
	case <-time.After(time.Minute):
		r.t.Fatal("no incoming leg within a minute")
		return incoming{}
	}
}

// event waits for a leg event of kind, skipping others.
func event(t *testing.T, l call.Leg, kind call.EventKind) call.Event {
	t.Helper()
	timeout := time.After(5 * time.Minute)
	for {
		select {
		case ev, ok := <-l.Events():
			if !ok {
				t.Fatalf("leg events closed while waiting for %v", kind)
			}
			if ev.Kind == kind {
				return ev
			}
			if ev.Kind == call.EventHangup {
				t.Fatalf("leg hung up (%v) while waiting for %v", ev.Cause, kind)
			}
		case <-timeout:
			t.Fatalf("no %v event", kind)
			return call.Event{}
		}
	}
}

// farEnd is the mobile phone's side of a module's audio: it hears what the
// box sends and says what the test wants, one frame per frame time.
type farEnd struct {
	world hal.PCMStream
	quit  chan struct{}
	done  chan struct{}

	mu     sync.Mutex
	say    func(out []int16) // nil: silence
	listen func(f *hal.Frame)
}

func newFarEnd(world hal.PCMStream) *farEnd {
	f := &farEnd{world: world, quit: make(chan struct{}), done: make(chan struct{})}
	go f.run()
	return f
}

func (f *farEnd) run() {
	defer close(f.done)
	var in, out hal.Frame
	for {
		select {
		case <-f.quit:
			return
		default:
		}
		if err := f.world.ReadFrame(&in); err != nil {
			return
		}
		f.mu.Lock()
		say, listen := f.say, f.listen
		f.mu.Unlock()
		if listen != nil {
			listen(&in)
		}
		out = hal.Frame{}
		if say != nil {
			say(out[:])
		}
		f.world.WriteFrame(&out)
	}
}

// set replaces what the far end says and how it listens (nil: silence,
// deaf).
func (f *farEnd) set(say func([]int16), listen func(*hal.Frame)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.say, f.listen = say, listen
}

func (f *farEnd) stop() {
	close(f.quit)
	<-f.done
}
