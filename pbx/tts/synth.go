package tts

import (
	"context"
	"errors"
	"fmt"
	"regexp"

	"github.com/hookflash/firmware/pbx/call"
)

// Synth speaks text.
type Synth interface {
	// Say returns text spoken as o says, as a call.FrameSource that
	// produces the speech while it is read. The source implements
	// io.Closer: close it when playback stops before its end. Say and the
	// source stop, with ctx.Err(), when ctx is done. Say is safe for
	// concurrent use; each source is for one goroutine.
	Say(ctx context.Context, text string, o SpeechOpts) (call.FrameSource, error)
}

// SpeechOpts says how to speak. The zero value speaks in the backend's
// default language and voice at normal speed and volume.
type SpeechOpts struct {
	// Language is a language tag: "en", "en-US", "ru", "uk", "pl"; "" for
	// the backend's default.
	Language string `json:"language,omitempty"`
	// Voice is "male", "female", a backend's variant name (espeak-ng's
	// "m1" to "m7", "f1" to "f5", "klatt", ...), or "" for the default.
	Voice string `json:"voice,omitempty"`
	// Speed is the speaking rate in percent of normal, MinSpeed to
	// MaxSpeed; 0 is 100.
	Speed int `json:"speed,omitempty"`
	// Volume is the loudness in percent of normal, 1 to MaxVolume; 0 is
	// 100.
	Volume int `json:"volume,omitempty"`
}

// Limits of SpeechOpts.
const (
	MinSpeed  = 50
	MaxSpeed  = 250
	MaxVolume = 200
)

var (
	languageRE = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$`)
	voiceRE    = regexp.MustCompile(`^[A-Za-z0-9_]{1,32}$`)
)

// Validate checks o's fields, for scenario validation on save.
func (o SpeechOpts) Validate() error {
	switch {
	case o.Language != "" && !languageRE.MatchString(o.Language):
		return fmt.Errorf("tts: language %q is not a language tag such as en, en-US or ru", o.Language)
	case o.Voice != "" && !voiceRE.MatchString(o.Voice):
		return fmt.Errorf("tts: voice %q is not a voice name such as male, female or f2", o.Voice)
	case o.Speed != 0 && (o.Speed < MinSpeed || o.Speed > MaxSpeed):
		return fmt.Errorf("tts: speed %d%% is out of range; use %d to %d", o.Speed, MinSpeed, MaxSpeed)
	case o.Volume < 0 || o.Volume > MaxVolume:
		return fmt.Errorf("tts: volume %d%% is out of range; use 1 to %d", o.Volume, MaxVolume)
	}
	return nil
}

// Errors of speech synthesis.
var (
	// ErrNotInstalled means the synthesis program is missing.
	ErrNotInstalled = errors.New("tts: espeak-ng is not installed; install the espeak-ng package")
	// ErrTooLong is returned for a text over the length limit.
	ErrTooLong = errors.New("tts: text is too long")
	// ErrEmpty is returned for a text with nothing to speak.
	ErrEmpty = errors.New("tts: text is empty")
)
