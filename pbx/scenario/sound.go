package scenario

import (
	"context"
	"errors"

	"github.com/hookflash/firmware/pbx/call"
)

// Sound is what an element plays: an uploaded prompt, or a text spoken by
// speech synthesis (with {{variables}}) in a language and voice, at a
// speed and volume.
type Sound struct {
	PromptID int64  `json:"prompt_id,omitempty"`
	Text     string `json:"text,omitempty"`
	Language string `json:"language,omitempty"`
	Voice    string `json:"voice,omitempty"`
	Speed    int    `json:"speed,omitempty"`  // words per minute, 80 to 450; 0: the engine's
	Volume   int    `json:"volume,omitempty"` // percent, 1 to 200; 0: the engine's
}

// maxSpeechText is the longest text a Sound speaks, in characters.
const maxSpeechText = 1000

// check checks a sound parameter named field.
func (s *Sound) check(v *checker, field string) {
	switch {
	case s.PromptID != 0 && s.Text != "":
		v.param(field, "play a prompt or speak a text, not both")
	case s.PromptID != 0:
		v.refID(field+".prompt_id", RefPrompt, s.PromptID)
	case s.Text == "":
		v.param(field, "choose a prompt or write a text to speak")
	case len([]rune(s.Text)) > maxSpeechText:
		v.param(field+".text", "must be at most %d characters", maxSpeechText)
	}
	if s.Speed != 0 && (s.Speed < 80 || s.Speed > 450) {
		v.param(field+".speed", "must be 80 to 450 words per minute")
	}
	if s.Volume != 0 && (s.Volume < 1 || s.Volume > 200) {
		v.param(field+".volume", "must be 1 to 200 percent")
	}
}

// open returns the sound's audio.
func (s *Sound) open(ctx context.Context, x *execution) (call.FrameSource, error) {
	if s.PromptID != 0 {
		if x.eng.o.Prompts == nil {
			return nil, errors.New("scenario: no prompts service")
		}
		return x.eng.o.Prompts.Open(ctx, s.PromptID)
	}
	if x.eng.o.Speech == nil {
		return nil, errors.New("scenario: no speech synthesis engine")
	}
	return x.eng.o.Speech.Say(ctx, x.expand(s.Text, nil),
		SpeechOpts{Language: s.Language, Voice: s.Voice, Speed: s.Speed, Volume: s.Volume})
}

// play plays s to the caller until it ends or a digit in stopOn is
// pressed, which is returned and stays queued. A sound that cannot be
// opened is logged and skipped, so that the call goes on. err is the
// caller leaving.
func (x *execution) play(ctx context.Context, s *Sound, stopOn string) (byte, error) {
	src, err := s.open(ctx, x)
	if err != nil {
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		x.log.Warn("scenario: cannot play; going on without it", "element", x.el.ID, "err", err)
		// Answer anyway, as playing would have.
		return 0, x.c.Answer(ctx)
	}
	return x.c.Play(ctx, src, stopOn)
}
