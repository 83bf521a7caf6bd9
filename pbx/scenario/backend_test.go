package scenario

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
	"github.com/hookflash/firmware/pbx/store"
)

// heardRecognizer records the caller for a second through the call, as a
// recognition backend would, and "recognises" a fixed text.
type heardRecognizer struct {
	text  string
	mu    sync.Mutex
	langs []string
}

func (r *heardRecognizer) Listen(ctx context.Context, c call.Control, lang string, max time.Duration) (string, error) {
	r.mu.Lock()
	r.langs = append(r.langs, lang)
	r.mu.Unlock()
	var sink calltest.Sink
	if _, err := c.Record(ctx, &sink, time.Second, ""); err != nil {
		return "", err
	}
	return r.text, nil
}

// talkingAssistant plays the caller a second of sound and keeps the
// instructions it got.
type talkingAssistant struct {
	mu           sync.Mutex
	instructions []string
}

func (a *talkingAssistant) Converse(ctx context.Context, c call.Control, instructions string, max time.Duration) error {
	a.mu.Lock()
	a.instructions = append(a.instructions, instructions)
	a.mu.Unlock()
	_, err := c.Play(ctx, &calltest.Source{Frames: make([]call.Frame, 50)}, "")
	return err
}

// joiningDialler plays 20 frames as a campaign's task would, noting the
// campaigns it was asked for.
type joiningDialler struct {
	mu        sync.Mutex
	campaigns []int64
}

func (d *joiningDialler) Join(ctx context.Context, c call.Control, campaignID int64) error {
	d.mu.Lock()
	d.campaigns = append(d.campaigns, campaignID)
	d.mu.Unlock()
	_, err := c.Play(ctx, &calltest.Source{Frames: make([]call.Frame, 20)}, "")
	return err
}

// backendSettings configure speech recognition (Russian) and a language
// model.
var backendSettings = []store.Setting{
	{ID: 1, Key: BackendRecognition, Value: json.RawMessage(`{"url": "http://asr.lan/r", "text_field": "text", "language": "ru"}`)},
	{ID: 2, Key: BackendLanguageModel, Value: json.RawMessage(`{"url": "https://llm.lan/v1/chat/completions", "model": "m"}`)},
}

func TestQuestionAnswer(t *testing.T) {
	t.Parallel()
	src := doc(`{"id": "in", "type": "incoming", "next": {"next": "q"}}`,
		`{"id": "q", "type": "question_answer", "params": {"question": {"text": "Вы хотите оформить заказ?", "language": "ru"},
		  "answers": [{"name": "yes", "synonyms": ["да", "конечно"]}, {"name": "no", "synonyms": ["нет"]}]},
		  "next": {"yes": "bye", "no": "bye", "not_understood": "bye"}}`, bye)
	tests := []struct {
		name string
		rec  Recognizer
		want string
	}{
		{"a synonym, any case", &heardRecognizer{text: "Конечно, оформляйте"}, "q:yes"},
		{"another answer", &heardRecognizer{text: "нет спасибо"}, "q:no"},
		{"nothing matches", &heardRecognizer{text: "алло, кто это"}, "q:not_understood"},
		{"no recognition backend", nil, "q:not_understood"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				cfg := baseConfig()
				cfg.Settings = backendSettings
				o := newOffice(t, withScenario(cfg, 1, src, did), workingHours, tuesdayNoon)
				o.eng.o.Recognizer = tt.rec
				if l := o.eng.snap.Load().scenarios[1]; l.err != nil {
					t.Fatal(l.err)
				}
				caller := o.call("trunk/Provider", "+79160000000", did)
				time.Sleep(time.Minute)
				caller.HangsUp(call.CauseNormal)
				samePath(t, o.path(), "in:next", tt.want, "bye:normal")
				if r, ok := tt.rec.(*heardRecognizer); ok {
					if !slices.Equal(r.langs, []string{"ru"}) {
						t.Errorf("recognised in %q; want ru", r.langs)
					}
					if !slices.Contains(o.speech.texts, "Вы хотите оформить заказ?") {
						t.Errorf("spoken %q; want the question first", o.speech.texts)
					}
				}
			})
		})
	}
}

func TestAIAssistant(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		cfg := baseConfig()
		cfg.Settings = backendSettings
		src := doc(`{"id": "in", "type": "incoming", "next": {"next": "ai"}}`,
			`{"id": "ai", "type": "ai", "params": {"instructions": "Tell the opening hours", "max_seconds": 60}, "next": {"next": "bye"}}`, bye)
		o := newOffice(t, withScenario(cfg, 1, src, did), workingHours, tuesdayNoon)
		a := &talkingAssistant{}
		o.eng.o.Assistant = a
		caller := o.call("trunk/Provider", "+79160000000", did)
		time.Sleep(time.Minute)
		caller.HangsUp(call.CauseNormal)
		samePath(t, o.path(), "in:next", "ai:next", "bye:normal")
		if !slices.Equal(a.instructions, []string{"Tell the opening hours"}) {
			t.Errorf("the assistant got %q", a.instructions)
		}
		if n := len(caller.Heard()); n < 50 {
			t.Errorf("the caller heard %d frames; want the assistant's 50", n)
		}
	})
}

// TestCampaignDialler: a campaign element hands the caller to the
// Dialler's task for its campaign and goes on by next when the task is
// done; without a Dialler it goes on at once. No dialler ships, so the
// test counts the backend as configured through Opts.Refs.
func TestCampaignDialler(t *testing.T) {
	t.Parallel()
	src := doc(`{"id": "in", "type": "incoming", "next": {"next": "c"}}`,
		`{"id": "c", "type": "campaign", "params": {"campaign_id": 7}, "next": {"next": "bye"}}`, bye)
	for _, withDialler := range []bool{true, false} {
		synctest.Test(t, func(t *testing.T) {
			cfg := withScenario(baseConfig(), 1, src, did)
			o := newOffice(t, cfg, workingHours, tuesdayNoon)
			o.eng.o.Refs = func(cfg *store.Config) Refs {
				return &ConfigRefs{Config: cfg, Backends: map[string]bool{BackendDialler: true}}
			}
			d := &joiningDialler{}
			if withDialler {
				o.eng.o.Dialler = d
			}
			o.eng.Load(context.Background(), cfg, 2)
			caller := o.call("trunk/Provider", "+79160000000", did)
			time.Sleep(time.Minute)
			caller.HangsUp(call.CauseNormal)
			samePath(t, o.path(), "in:next", "c:next", "bye:normal")
			want, frames := []int64{7}, 20
			if !withDialler {
				want, frames = nil, 0
			}
			if !slices.Equal(d.campaigns, want) {
				t.Errorf("dialler %v: asked for campaigns %v; want %v", withDialler, d.campaigns, want)
			}
			if n := len(caller.Heard()); n < frames {
				t.Errorf("dialler %v: the caller heard %d frames; want the task's %d", withDialler, n, frames)
			}
		})
	}
}
