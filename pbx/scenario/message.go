package scenario

import (
	"context"

	"github.com/hookflash/firmware/pbx/call"
)

// Message plays a greeting or message, a prompt or a text, then goes on by
// next, or with Hangup hangs up and is final.
type Message struct {
	Sound  Sound `json:"sound"`
	Hangup bool  `json:"hangup,omitempty"`
}

func (p *Message) Outcomes() []string { return nextIf(!p.Hangup) }

func (p *Message) check(v *checker) { p.Sound.check(v, "sound") }

func (p *Message) run(ctx context.Context, x *execution) (string, bool, error) {
	if _, err := x.play(ctx, &p.Sound, ""); err != nil {
		return "", true, err
	}
	if p.Hangup {
		x.c.Hangup(ctx, call.CauseNormal)
		return call.CauseNormal.String(), true, nil
	}
	return OutcomeNext, false, nil
}

// SpeechSynthesis speaks a text with {{variables}} (a name, a debt, an
// order's status) and goes on by next; unlike a question, it waits for no
// answer.
type SpeechSynthesis struct {
	Text     string `json:"text"`
	Language string `json:"language,omitempty"`
	Voice    string `json:"voice,omitempty"`
	Speed    int    `json:"speed,omitempty"`
	Volume   int    `json:"volume,omitempty"`
}

func (p *SpeechSynthesis) sound() Sound {
	return Sound{Text: p.Text, Language: p.Language, Voice: p.Voice, Speed: p.Speed, Volume: p.Volume}
}

func (p *SpeechSynthesis) Outcomes() []string { return []string{OutcomeNext} }

func (p *SpeechSynthesis) check(v *checker) {
	if p.Text == "" {
		v.param("text", "write the text to speak")
		return
	}
	s := p.sound()
	s.check(v, "speech")
}

func (p *SpeechSynthesis) run(ctx context.Context, x *execution) (string, bool, error) {
	s := p.sound()
	if _, err := x.play(ctx, &s, ""); err != nil {
		return "", true, err
	}
	return OutcomeNext, false, nil
}
