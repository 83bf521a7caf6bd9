package call_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
	"github.com/hookflash/firmware/pbx/store"
)

// TestCallRecords runs calls that end in different ways through a switch
// writing to a real SQLite store, and checks that each leaves exactly one
// record with the right cause, times, channels and direction.
func TestCallRecords(t *testing.T) {
	trunkTarget := call.Target{Kind: "trunk", Address: call.TrunkAddress("Provider", "+74951234567")}
	tests := []struct {
		name         string
		from         string // caller's channel
		target       call.Target
		phone        calltest.Phone
		callerLeaves time.Duration
		want         store.CallRecord // times as offsets from the start in AnsweredAt/EndedAt
		answeredAt   time.Duration    // -1: never answered
		endedAt      time.Duration
	}{
		{
			name: "answered, callee hangs up", from: "sip/101", target: sip("102"),
			phone:      calltest.Phone{AnswerAfter: 2 * time.Second, HangUpAfter: 10 * time.Second, Media: calltest.Relay},
			want:       store.CallRecord{Direction: "internal", Source: "sip/101", Destination: "sip/102", Cause: "normal"},
			answeredAt: 2 * time.Second, endedAt: 12 * time.Second,
		},
		{
			name: "busy", from: "sip/101", target: sip("102"), phone: calltest.Phone{Busy: true},
			want:       store.CallRecord{Direction: "internal", Source: "sip/101", Cause: "busy"},
			answeredAt: -1, endedAt: 0,
		},
		{
			name: "no answer", from: "sip/101", target: sip("102"), phone: calltest.Phone{AnswerAfter: calltest.Never},
			want:       store.CallRecord{Direction: "internal", Source: "sip/101", Cause: "no_answer"},
			answeredAt: -1, endedAt: 30 * time.Second,
		},
		{
			name: "caller gives up while it rings", from: "sip/101", target: sip("102"),
			phone: calltest.Phone{AnswerAfter: calltest.Never}, callerLeaves: 5 * time.Second,
			want:       store.CallRecord{Direction: "internal", Source: "sip/101", Cause: "normal"},
			answeredAt: -1, endedAt: 5 * time.Second,
		},
		{
			name: "unreachable", from: "sip/101", target: sip("109"),
			want:       store.CallRecord{Direction: "internal", Source: "sip/101", Cause: "unavailable"},
			answeredAt: -1, endedAt: 0,
		},
		{
			name: "the provider has no such number", from: "sip/101", target: trunkTarget,
			phone:      calltest.Phone{Refuses: call.CauseNotFound},
			want:       store.CallRecord{Direction: "internal", Source: "sip/101", Cause: "not_found"},
			answeredAt: -1, endedAt: 0,
		},
		{
			name: "inbound from a trunk", from: "trunk/Provider", target: sip("102"),
			phone:      calltest.Phone{AnswerAfter: time.Second, HangUpAfter: time.Minute, Media: calltest.Relay},
			want:       store.CallRecord{Direction: "inbound", Source: "trunk/Provider", Destination: "sip/102", Cause: "normal"},
			answeredAt: time.Second, endedAt: time.Minute + time.Second,
		},
		{
			name: "outbound through a trunk", from: "sip/101", target: trunkTarget,
			phone: calltest.Phone{AnswerAfter: 7 * time.Second, HangUpAfter: 3 * time.Second, Media: calltest.Relay},
			want: store.CallRecord{Direction: "outbound", Source: "sip/101",
				Destination: "trunk/Provider/+74951234567", Cause: "normal"},
			answeredAt: 7 * time.Second, endedAt: 10 * time.Second,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // each opens a database of its own
			synctest.Test(t, func(t *testing.T) {
				ctx := context.Background()
				st, err := store.Open(ctx, filepath.Join(t.TempDir(), "pbx.db"))
				if err != nil {
					t.Fatal(err)
				}
				defer st.Close()
				d := calltest.NewDialer(tt.target.Kind, map[string]calltest.Phone{"102": tt.phone, trunkTarget.Address: tt.phone})
				sw := call.New(call.Options{
					Dialers: map[string]call.Dialer{tt.target.Kind: d},
					Handler: ringAndBridge(tt.target),
					Records: st.CallRecords(),
					Logger:  quietLogger(),
				})
				start := time.Now()
				caller := calltest.NewRelayLeg(tt.from, call.Party{Number: "+79161234567", Name: "Anna"}, false)
				sw.Incoming(caller, "102")
				if tt.callerLeaves > 0 {
					time.Sleep(tt.callerLeaves)
					caller.HangsUp(call.CauseNormal)
				}
				recv(t, caller.Done())
				if err := sw.Shutdown(ctx); err != nil {
					t.Fatal(err)
				}
				recs, err := st.RecentCalls(ctx, 10)
				if err != nil {
					t.Fatal(err)
				}
				if len(recs) != 1 {
					t.Fatalf("%d call records; want 1", len(recs))
				}
				got := recs[0]
				if got.Direction != tt.want.Direction || got.Source != tt.want.Source ||
					got.Destination != tt.want.Destination || got.Cause != tt.want.Cause {
					t.Errorf("record %s %s -> %s, %s; want %s %s -> %s, %s", got.Direction, got.Source, got.Destination, got.Cause,
						tt.want.Direction, tt.want.Source, tt.want.Destination, tt.want.Cause)
				}
				if got.Caller != "+79161234567" || got.CallerName != "Anna" || got.Callee != "102" {
					t.Errorf("record parties %q %q -> %q; want the caller's number and name and 102", got.Caller, got.CallerName, got.Callee)
				}
				if !got.StartedAt.Equal(start) {
					t.Errorf("started %v; want %v", got.StartedAt, start)
				}
				if want := start.Add(tt.endedAt); !got.EndedAt.Equal(want) {
					t.Errorf("ended %v after the start; want %v", got.EndedAt.Sub(start), tt.endedAt)
				}
				switch {
				case tt.answeredAt < 0 && !got.AnsweredAt.IsZero():
					t.Errorf("answered at %v; want never", got.AnsweredAt)
				case tt.answeredAt >= 0 && !got.AnsweredAt.Equal(start.Add(tt.answeredAt)):
					t.Errorf("answered %v after the start; want %v", got.AnsweredAt.Sub(start), tt.answeredAt)
				}
				var details struct {
					Legs []struct {
						Channel string
						Cause   string
						Media   *call.MediaStats
					}
					Path []call.PathStep
				}
				if err := json.Unmarshal(got.Details, &details); err != nil {
					t.Fatalf("details %s: %v", got.Details, err)
				}
				if len(details.Legs) == 0 || details.Legs[0].Channel != tt.from || details.Legs[0].Media == nil ||
					details.Legs[0].Media.Codec != "PCMU" {
					t.Errorf("details legs %+v; want the caller's first, with its media statistics", details.Legs)
				}
				if len(details.Path) == 0 || !strings.HasPrefix(details.Path[0].Step, "ring "+tt.target.String()) {
					t.Errorf("details path %+v; want the ring first", details.Path)
				}
			})
		})
	}
}
