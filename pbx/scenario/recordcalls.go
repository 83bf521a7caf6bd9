package scenario

import (
	"context"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/store"
)

// Call recording, per inbound route (store.InboundRoute.RecordCalls): the
// caller hears a warning, then every bridge of the call is recorded.

// stepRecordingWarning names the warning in the call's path.
const stepRecordingWarning = "recording warning"

// startRecording opens the recording of a call on route rt, plays the
// caller the route's warning, and taps the call's bridges from then on.
// When the box cannot record (no recordings folder, the call is not the
// switch's, the file cannot be made) the call goes on unrecorded and
// without the warning, and the log says why.
func (x *execution) startRecording(ctx context.Context, rt store.InboundRoute, info call.CallInfo) {
	tapper, ok := x.c.(call.Tapper)
	if !ok || x.eng.o.Record == nil {
		x.log.Warn("scenario: route "+rt.Name+" records calls, but this box cannot record", "call", info.ID)
		return
	}
	rec, err := x.eng.o.Record(info.ID, info.Started)
	if err != nil {
		x.log.Error("scenario: the call is not recorded", "call", info.ID, "route", rt.Name, "err", err)
		return
	}
	x.rec = rec
	if err := x.warnRecording(ctx, x.snap.options[rt.ID].RecordingWarningPromptID); err != nil {
		x.c.Step(stepRecordingWarning, "caller hung up")
		return
	}
	x.c.Step(stepRecordingWarning, "played")
	tapper.SetTap(rec)
}

// warnRecording plays the warning prompt, or without one speaks the
// warning (phrases.recordingWarning) in the call's language. A warning
// that cannot be played is logged; err is the caller leaving.
func (x *execution) warnRecording(ctx context.Context, promptID *int64) error {
	s := &Sound{Text: phrasesIn(x.lang).recordingWarning, Language: x.lang}
	if promptID != nil {
		s = &Sound{PromptID: *promptID}
	}
	src, err := s.open(ctx, x)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		x.log.Warn("scenario: cannot play the recording warning", "call", x.c.Info().ID, "err", err)
		return x.c.Answer(ctx)
	}
	_, err = x.c.Play(ctx, src, "")
	return err
}

// stopRecording ends the call's recording, if it has one: a recording
// with sound is completed and linked from the call record, an empty one
// (the call was never bridged) is dropped.
func (x *execution) stopRecording() {
	rec := x.rec
	if rec == nil {
		return
	}
	x.rec = nil
	if t, ok := x.c.(call.Tapper); ok {
		t.SetTap(nil)
	}
	id := x.c.Info().ID
	if rec.Duration() == 0 {
		if err := rec.Discard(); err != nil {
			x.log.Warn("scenario: drop an empty recording", "call", id, "err", err)
		}
		return
	}
	if err := rec.Close(); err != nil {
		x.log.Error("scenario: the call's recording is lost", "call", id, "err", err)
		return
	}
	x.c.SetVar(call.VarRecording, rec.Name())
}
