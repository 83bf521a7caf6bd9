package dialplan_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
	"github.com/hookflash/firmware/pbx/dialplan"
	"github.com/hookflash/firmware/pbx/store"
)

// office is a store with a small office's configuration, a dial plan
// following it, and a switch running the plan with fake channels.
type office struct {
	t     *testing.T
	st    *store.Store
	plan  *dialplan.Plan
	sw    *call.Switch
	sip   *calltest.Dialer
	fxs   *calltest.Dialer
	trunk *calltest.Dialer
	ids   map[string]int64 // extension and trunk IDs by number or name
	vm    *listener        // the plan's voicemail
	// handler, when set before the first call, is the switch's handler
	// instead of the plan (the scenario engine, with the plan under it).
	handler func(context.Context, call.Control)

	mu   sync.Mutex
	down map[string]bool // lines that are not up, as "kind/name"
}

// setDown marks the line kind/name down (or up again).
func (o *office) setDown(line string, down bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.down[line] = down
}

func (o *office) lineUp(kind, name string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return !o.down[kind+"/"+name]
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// newOffice must run in a synctest bubble. The office:
//
//	101 national, SIP          102 local, SIP and FXS port 2
//	103 internal, SIP          104 local, no phone
//	105 local, SIP, DND        106 international, FXS port 1 only
//	FXS port 3 unassigned
//	trunks Provider and Backup enabled, Old disabled
//	rules  9   -> Provider, strip 1, +7495, local, priority 10
//	       9   -> Backup, strip 1, +7495, local, priority 20
//	       8   -> Provider, strip 1, +7, national
//	       810 -> Provider, strip 3, +, international
//	       7   -> Old, local
//	       89  -> GSM1, then GSM2, then FXO line City (no trunk), national
//	       *102* -> GSM2 only (line selection), strip 5, national
func newOffice(t *testing.T) *office {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "pbx.db"))
	if err != nil {
		t.Fatal(err)
	}
	closed := false
	t.Cleanup(func() {
		if !closed {
			st.Close()
		}
	})
	o := &office{t: t, st: st, ids: map[string]int64{}, down: map[string]bool{}, vm: &listener{}}
	exts := []struct {
		number, level string
		sip, dnd      bool
		port          int
	}{
		{"101", store.OutboundNational, true, false, 0},
		{"102", store.OutboundLocal, true, false, 2},
		{"103", store.OutboundInternal, true, false, 0},
		{"104", store.OutboundLocal, false, false, 0},
		{"105", store.OutboundLocal, true, true, 0},
		{"106", store.OutboundInternational, false, false, 1},
	}
	for _, x := range exts {
		e := store.Extension{Number: x.number, Name: "Ext " + x.number, Outbound: x.level, DND: x.dnd, OnDuty: true}
		o.must(st.Extensions().Create(ctx, &e))
		o.ids[x.number] = e.ID
		if x.sip {
			d := store.SIPDevice{ExtensionID: e.ID, Username: "u" + x.number,
				HA1MD5: strings.Repeat("a", 32), HA1SHA256: strings.Repeat("b", 64)}
			o.must(st.SIPDevices().Create(ctx, &d))
		}
		if x.port != 0 {
			p := store.FXSPort{Port: x.port, ExtensionID: &e.ID, Mode: store.FXSVoice, CallerID: store.CallerIDOff, Country: "RU"}
			o.must(st.FXSPorts().Create(ctx, &p))
		}
	}
	free := store.FXSPort{Port: 3, Mode: store.FXSVoice, CallerID: store.CallerIDOff, Country: "RU"}
	o.must(st.FXSPorts().Create(ctx, &free))
	for _, name := range []string{"Provider", "Backup", "Old"} {
		tr := store.SIPTrunk{Name: name, Host: "sip.example.net", Port: 5060, Transport: "udp", Enabled: name != "Old"}
		o.must(st.SIPTrunks().Create(ctx, &tr))
		o.ids[name] = tr.ID
	}
	for _, r := range []store.OutboundRule{
		{Name: "City", Prefix: "9", Strip: 1, Prepend: "+7495", Level: store.OutboundLocal, Priority: 10},
		{Name: "City backup", Prefix: "9", Strip: 1, Prepend: "+7495", Level: store.OutboundLocal, Priority: 20},
		{Name: "Long distance", Prefix: "8", Strip: 1, Prepend: "+7", Level: store.OutboundNational, Priority: 10},
		{Name: "International", Prefix: "810", Strip: 3, Prepend: "+", Level: store.OutboundInternational, Priority: 10},
		{Name: "Old line", Prefix: "7", Level: store.OutboundLocal, Priority: 10},
	} {
		trunk := map[string]string{"City backup": "Backup", "Old line": "Old"}[r.Name]
		if trunk == "" {
			trunk = "Provider"
		}
		id := o.ids[trunk]
		r.SIPTrunkID = &id
		o.must(st.OutboundRules().Create(ctx, &r))
	}

	city := store.FXOLine{Port: 1, Name: "City", Number: "+74950000001", Country: "RU", Enabled: true}
	o.must(st.FXOLines().Create(ctx, &city))
	mobile := store.OutboundRule{Name: "Mobile", Prefix: "89", Strip: 1, Prepend: "+7", Level: store.OutboundNational, Priority: 10}
	o.must(st.OutboundRules().Create(ctx, &mobile))
	for i, name := range []string{"GSM1", "GSM2"} {
		g := store.GSMModule{Slot: i + 1, Name: name, Enabled: true}
		o.must(st.GSMModules().Create(ctx, &g))
		o.must(st.OutboundRuleLines().Create(ctx, &store.OutboundRuleLine{RuleID: mobile.ID, Position: i + 1, GSMModuleID: &g.ID}))
	}
	o.must(st.OutboundRuleLines().Create(ctx, &store.OutboundRuleLine{RuleID: mobile.ID, Position: 3, FXOLineID: &city.ID}))
	// *102* picks GSM2 by hand: the line-selection prefix of analog offices.
	viaGSM2 := store.OutboundRule{Name: "Via GSM2", Prefix: "*102*", Strip: 5, Level: store.OutboundNational, Priority: 10}
	o.must(st.OutboundRules().Create(ctx, &viaGSM2))
	gsm2, err := st.GSMModules().FindBy(ctx, "name", "GSM2")
	o.must(err)
	o.must(st.OutboundRuleLines().Create(ctx, &store.OutboundRuleLine{RuleID: viaGSM2.ID, Position: 1, GSMModuleID: &gsm2.ID}))

	o.plan, err = dialplan.New(ctx, st, &dialplan.Opts{RingTimeout: 20 * time.Second, LineUp: o.lineUp, Voicemail: o.vm, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		o.plan.Run(runCtx)
		close(done)
	}()
	o.sip = calltest.NewDialer("sip", nil)
	o.fxs = calltest.NewDialer("fxs", nil)
	o.trunk = calltest.NewDialer("trunk", nil)
	o.sw = call.New(call.Options{
		Dialers: map[string]call.Dialer{"sip": o.sip, "fxs": o.fxs, "trunk": o.trunk, dialplan.PickupKind: o.plan.Pickups()},
		Handler: func(ctx context.Context, c call.Control) {
			if o.handler != nil {
				o.handler(ctx, c)
				return
			}
			o.plan.Handle(ctx, c)
		},
		Records: st.CallRecords(),
		Logger:  quiet(),
	})
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		synctest.Wait()
		if err := o.sw.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		stop()
		<-done
		st.Close()
		closed = true
	})
	return o
}

func (o *office) must(err error) {
	o.t.Helper()
	if err != nil {
		o.t.Fatal(err)
	}
}

// call makes a call from channel (with caller ID number) to called.
func (o *office) call(channel, number, called string) *calltest.Leg {
	caller := calltest.NewLeg(channel, call.Party{Number: number})
	o.sw.Incoming(caller, called)
	return caller
}

// applied waits until the plan runs on the store's current revision.
func (o *office) applied() {
	o.t.Helper()
	want, err := o.st.Revision(context.Background())
	o.must(err)
	for range 100 {
		synctest.Wait()
		if o.plan.Revision() >= want {
			return
		}
		time.Sleep(time.Millisecond)
	}
	o.t.Fatalf("the plan is at revision %d; want %d", o.plan.Revision(), want)
}

// records returns the call records, oldest first.
func (o *office) records() []store.CallRecord {
	o.t.Helper()
	time.Sleep(100 * time.Millisecond) // a bridge's pump stops within a frame
	synctest.Wait()
	recs, err := o.st.RecentCalls(context.Background(), 100)
	o.must(err)
	for i, j := 0, len(recs)-1; i < j; i, j = i+1, j-1 {
		recs[i], recs[j] = recs[j], recs[i]
	}
	return recs
}

// recv receives from ch, failing the test when nothing comes within an
// hour of the bubble's fake time (a stuck test fails fast instead of
// spinning the fake clock until the test binary times out).
func recv[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Hour):
		t.Fatalf("nothing received in an hour")
		panic("unreachable")
	}
}
