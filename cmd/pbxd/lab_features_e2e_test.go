package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/lab"
	"github.com/hookflash/firmware/pbx/prompt"
	"github.com/hookflash/firmware/pbx/store"
	"github.com/hookflash/firmware/pbx/voicemail"
	"github.com/hookflash/firmware/webui"
)

// featureOffice is threePhoneOffice with a mailbox for 101 with PIN 1234,
// and one new message in it, stored before pbxd starts.
func featureOffice(ctx context.Context, st *store.Store) error {
	if err := threePhoneOffice(ctx, st); err != nil {
		return err
	}
	alice, err := st.Extensions().FindBy(ctx, "number", "101")
	if err != nil {
		return err
	}
	if err := st.Mailboxes().Create(ctx, &store.Mailbox{Number: "101", ExtensionID: &alice.ID, PIN: "1234"}); err != nil {
		return err
	}
	return leaveMessage(filepath.Join(filepath.Dir(st.Path()), "voicemail", "101"), "20260101T090000Z-0badcafe")
}

// leaveMessage stores a new message of 2 s of silence with id in the
// mailbox folder dir, as the voicemail service keeps them.
func leaveMessage(dir, id string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, id+".wav"))
	if err != nil {
		return err
	}
	w, err := prompt.NewWAVWriter(f)
	if err == nil {
		err = w.WriteSamples(make([]int16, 2*8000))
	}
	if err == nil {
		err = w.Close()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	received, _ := time.Parse("20060102T150405Z", id[:16])
	b, err := json.Marshal(voicemail.Message{ID: id, Mailbox: filepath.Base(dir), CallerNumber: "102",
		Received: received, DurationMS: 2000, State: voicemail.StateNew})
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, id+".json"), b, 0o600)
}

// hears returns a condition on a phone hearing what.
func hears(what string) func(lab.PhoneState) bool {
	return func(p lab.PhoneState) bool { return p.Hears == what }
}

// extension reads extension number from the box's database.
func (b *labBox) extension(t *testing.T, number string) store.Extension {
	t.Helper()
	e, err := b.store(t).Extensions().FindBy(context.Background(), "number", number)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// featureCode has the phone on slot pick up, dial code by DTMF, and waits
// until done holds; the phone then hangs up.
func (b *labBox) featureCode(t *testing.T, slot, code, what string, done func() bool) {
	t.Helper()
	b.act(t, "phones/"+slot+"/offhook", nil)
	b.waitPhone(t, slot, "a dial tone", 5*time.Second, func(p lab.PhoneState) bool {
		return p.Hears == lab.HearsDial || p.Hears == lab.HearsStutter
	})
	b.act(t, "phones/"+slot+"/dial", map[string]string{"digits": code, "mode": "dtmf"})
	waitUntil(t, what, 10*time.Second, done)
	b.hangUp(t, slot)
}

// hangUp puts the phone on slot (an FXS port's) on-hook and waits until
// the box sees its port idle, so that lifting it again is no hook flash.
func (b *labBox) hangUp(t *testing.T, slot string) {
	t.Helper()
	b.act(t, "phones/"+slot+"/onhook", nil)
	port, _ := strconv.Atoi(strings.TrimPrefix(slot, "fxs"))
	waitUntil(t, slot+" idle at the box", 5*time.Second, func() bool {
		s := b.telephony(t)
		i := slices.IndexFunc(s.FXS, func(p webui.FXSPortStatus) bool { return p.Port == port })
		return i >= 0 && s.FXS[i].State == "idle"
	})
}

// telephony returns the box's live telephony state.
func (b *labBox) telephony(t *testing.T) webui.TelephonyStatus {
	t.Helper()
	var s webui.TelephonyStatus
	b.admin.mustDo("GET", "/api/telephony", nil, &s)
	return s
}

// TestE2ELabFeatureCodes: analog phones use feature codes and see message
// waiting. 101 on FXS 1 hears stutter dial tone for the message left before
// pbxd started; *78 turns its do-not-disturb on (102 calling it hears
// busy), *79 off; *72 102 # forwards it to 102, so that 103 calling 101
// rings FXS 2; *73 ends that; *97 is answered by the voicemail. (The
// indication going off when the last new message is heard is tested in
// pbx/voicemail: a PIN typed by the lab phone races the spoken prompts.)
func TestE2ELabFeatureCodes(t *testing.T) {
	t.Parallel()
	b := startLabBox(t, featureOffice)

	b.act(t, "phones/fxs1/offhook", nil)
	b.waitPhone(t, "fxs1", "stutter dial tone", 5*time.Second, hears(lab.HearsStutter))
	b.hangUp(t, "fxs1")

	b.featureCode(t, "fxs1", "*78", "do-not-disturb on", func() bool { return b.extension(t, "101").DND })
	b.dial(t, "fxs2", "101")
	b.waitPhone(t, "fxs2", "busy tone for 101 on do-not-disturb", 10*time.Second, hears(lab.HearsBusy))
	b.hangUp(t, "fxs2")
	if p := phoneIn(t, b.world(t), "fxs1"); p.Ringing {
		t.Error("fxs1 rang while on do-not-disturb")
	}
	b.featureCode(t, "fxs1", "*79", "do-not-disturb off", func() bool { return !b.extension(t, "101").DND })

	forwarded := func() bool {
		rows, err := b.store(t).ExtensionForwards().List(context.Background())
		return err == nil && len(rows) == 1 && rows[0].Number == "102" && rows[0].Enabled
	}
	b.featureCode(t, "fxs1", "*72102#", "forward to 102", forwarded)
	b.dial(t, "fxs3", "101")
	callee := b.waitPhone(t, "fxs2", "ringing for 101", 15*time.Second, func(p lab.PhoneState) bool {
		return p.Ringing && p.CallerID != nil
	})
	if callee.CallerID.Number != "103" {
		t.Errorf("fxs2 shows caller ID %+v; want 103", *callee.CallerID)
	}
	if p := phoneIn(t, b.world(t), "fxs1"); p.Ringing {
		t.Error("fxs1 rang although 101 forwards to 102")
	}
	b.hangUp(t, "fxs3")
	b.waitPhone(t, "fxs2", "ringing to stop", 10*time.Second, func(p lab.PhoneState) bool { return !p.Ringing })
	b.featureCode(t, "fxs1", "*73", "forward off", func() bool { return !forwarded() })

	// The message is still new: stutter dial tone again, and *97 reaches
	// the voicemail, which answers to ask for the PIN.
	b.act(t, "phones/fxs1/offhook", nil)
	b.waitPhone(t, "fxs1", "stutter dial tone while the message is new", 5*time.Second, hears(lab.HearsStutter))
	b.act(t, "phones/fxs1/dial", map[string]string{"digits": "*97", "mode": "dtmf"})
	waitUntil(t, "voicemail to answer *97", 5*time.Second, func() bool {
		s := b.telephony(t)
		return slices.ContainsFunc(s.Calls, func(c webui.CallStatus) bool { return c.Called == "*97" && !c.Answered.IsZero() })
	})
	b.hangUp(t, "fxs1")

	for _, r := range b.waitRecords(t, 7) {
		if strings.HasPrefix(r.Callee, "*") && (r.Source != "fxs/1" || r.Cause != call.CauseNormal.String()) {
			t.Errorf("feature call %s; want from fxs/1, ended normally", describe(r))
		}
	}
}
