package scenario

import (
	"encoding/json"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
	"github.com/hookflash/firmware/pbx/store"
)

// TestRatingLanguage: the rating question is asked in the route's
// language, else the language of the FXO line's country, else of the
// box's country, else in English.
func TestRatingLanguage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		language    string // the route's option
		lineCountry string // of FXO line 1, which the call comes in on
		boxCountry  string
		want        string
	}{
		{"the route's", "pl", "UA", "RU", "pl"},
		{"the line's country", "", "UA", "RU", "uk"},
		{"the box's country", "", "", "RU", "ru"},
		{"a country without a language of its own", "", "DE", "", "en"},
		{"nothing said", "", "", "", "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				cfg := optionsConfig(&store.RouteOptions{AfterHoursAction: store.AfterHoursNone, RateCalls: true, Language: tt.language})
				cfg.InboundRoutes[0].Source, cfg.InboundRoutes[0].FXOLineID = store.SourceFXO, ptr(int64(1))
				cfg.FXOLines[0].Country = tt.lineCountry
				if tt.boxCountry != "" {
					cfg.Settings = []store.Setting{{ID: 1, Key: countrySetting, Value: json.RawMessage(`"` + tt.boxCountry + `"`)}}
				}
				o := newOffice(t, cfg, workingHours, tuesdayNoon)
				o.phones(calltest.Phone{HangUpAfter: 10 * time.Second}, "101")
				caller := o.call("fxo/1", "+79160000000", "")
				time.Sleep(12 * time.Second) // the callee hangs up; the question is asked
				caller.Presses("5")
				time.Sleep(time.Minute)
				o.path()
				o.speech.mu.Lock()
				defer o.speech.mu.Unlock()
				if len(o.speech.texts) != 1 || o.speech.texts[0] != phrasebook[tt.want].rating || o.speech.langs[0] != tt.want {
					t.Errorf("spoken %q in %q; want %q in %q", o.speech.texts, o.speech.langs, phrasebook[tt.want].rating, tt.want)
				}
				if st := caller.State(); !st.Ended || st.Cause != call.CauseNormal {
					t.Errorf("caller %+v; want hung up normally after rating", st)
				}
			})
		})
	}
}

// TestPhrasebookIsComplete: every language the store takes has every
// phrase.
func TestPhrasebookIsComplete(t *testing.T) {
	for _, l := range store.Languages {
		p, ok := phrasebook[l]
		if !ok || p.rating == "" || p.recordingWarning == "" {
			t.Errorf("phrasebook[%q] = %+v, %v; want every phrase", l, p, ok)
		}
	}
}
