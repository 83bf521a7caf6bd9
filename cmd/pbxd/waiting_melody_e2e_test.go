package main

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/store"
)

// TestE2EWaitingMelodyIsEarlyMedia: a provider's caller on a route with a
// waiting melody (a 1 kHz prompt at -10 dBm0) hears it while the scenario
// rings 101, before any answer: the box sends 183 Session Progress with
// its SDP and the melody as early media, never a 200 OK (sipp, as the
// caller, expects the 183, listens, gives up with CANCEL and expects 487;
// a 200 OK would fail it). The call record has no answer time: nobody
// answered, so the caller paid nothing.
func TestE2EWaitingMelodyIsEarlyMedia(t *testing.T) {
	t.Parallel()
	needTool(t, "sipp", "sip-tester")
	provider, sipPort := freePort(t), freePort(t)
	const did = "+74950001111"
	b := startBoxEnv(t, sipPort, func(ctx context.Context, st *store.Store) error {
		if err := addPhone(ctx, st, "101", store.OutboundInternal); err != nil {
			return err
		}
		tr := store.SIPTrunk{Name: "Provider", Host: "127.0.0.1", Port: provider, Transport: "udp", Enabled: true}
		if err := st.SIPTrunks().Create(ctx, &tr); err != nil {
			return err
		}
		melody := store.Prompt{Name: "Waiting", File: "waiting.wav", DurationMS: 2000}
		if err := st.Prompts().Create(ctx, &melody); err != nil {
			return err
		}
		sc := store.Scenario{Name: "Ring 101", Document: json.RawMessage(`{"schema": 1, "elements": [
			{"id": "in", "type": "incoming", "next": {"next": "ring"}},
			{"id": "ring", "type": "internal", "params": {"extension": "101"}}]}`)}
		if err := st.Scenarios().Create(ctx, &sc); err != nil {
			return err
		}
		rt := store.InboundRoute{Name: "Main number", Source: store.SourceDID, DID: did, ScenarioID: sc.ID}
		if err := st.InboundRoutes().Create(ctx, &rt); err != nil {
			return err
		}
		return st.RouteOptions().Create(ctx, &store.RouteOptions{RouteID: rt.ID, AfterHoursAction: store.AfterHoursNone, WaitingPromptID: &melody.ID})
	}, "PBX_RING_TIMEOUT=20s")
	wav, err := os.ReadFile(writeWAV(t, "waiting.wav", tone(t, 1000, -10, 2*time.Second)))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(b.dir, "prompts", "waiting.wav"), wav, 0o600); err != nil {
		t.Fatal(err)
	}

	callee := registerPhone(t, b, "101")
	ringing := callee.answer(t, "ring", nil)
	heard := listenRTP(t)
	sf := scenario(t, "early_call.xml", map[string]any{"Auth": false, "From": outsideCaller, "RTPPort": heard.port, "ListenMS": 3000})
	startSipp(t, "provider calls the main number", b.sip, "-sf", sf, "-m", "1", "-t", "u1", "-p", strconv.Itoa(provider), "-s", did).expect(t, 0)
	ringing.expect(t, 0)

	ms, level := toneHeard(heard.pcm(t), 1000)
	t.Logf("the caller heard the waiting melody's 1 kHz for %d ms at %.1f dBm0 before any answer", ms, level)
	if ms < 2000 || math.Abs(level-(-10)) > 1 {
		t.Errorf("the caller heard 1 kHz for %d ms at %.1f dBm0 before any answer; want at least 2000 ms (the melody, looped) at -10 dBm0 ± 1 dB", ms, level)
	}
	if r := b.waitRecords(t, 1)[0]; !r.AnsweredAt.IsZero() {
		t.Errorf("the call record says the call was answered %v after it started; want no answer", r.AnsweredAt.Sub(r.StartedAt))
	}
}
