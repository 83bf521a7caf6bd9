package lab

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// do sends one request to h and decodes the JSON answer.
func do(t *testing.T, h http.Handler, method, path, body string) (int, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("%s %s: Content-Type %q", method, path, ct)
	}
	var v map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("%s %s: answer %q is not a JSON object: %v", method, path, rec.Body, err)
	}
	return rec.Code, v
}

func TestHandlerRoutes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, &Opts{AnswerAfter: -1, DigitTimeout: 200 * time.Millisecond})
		h := r.lab.Handler()
		tests := []struct {
			method, path, body string
			status             int
			// field is the error's field, or for a 200 "key=value" checked
			// in the answer ("" skips).
			field string
			// before runs first (to put the world in a state).
			before func()
		}{
			{"GET", "/", "", 200, "", nil},
			{"POST", "/", "", 405, "", nil},
			{"GET", "/phones/fxs1", "", 200, "slot=fxs1", nil},
			{"GET", "/phones/fxs9", "", 404, "slot", nil},
			{"GET", "/nowhere", "", 404, "", nil},
			{"POST", "/phones/fxs1/offhook", "", 200, "off_hook=true", nil},
			{"GET", "/phones/fxs1/offhook", "", 405, "", nil},
			{"POST", "/phones/fxs1/jump", "", 404, "", nil},
			{"POST", "/phones/fxs9/offhook", "", 404, "slot", nil},
			{"POST", "/phones/fxs1/dial", `{"digits":"102","mode":"dtmf"}`, 200, "dialling=true", nil},
			{"POST", "/phones/fxs1/dial", `{"digits":"1x"}`, 400, "digits", nil},
			{"POST", "/phones/fxs1/dial", `{"digits":"1","mode":"voice"}`, 400, "mode", nil},
			{"POST", "/phones/fxs1/dial", `{"digits":1}`, 400, "digits", nil},
			{"POST", "/phones/fxs1/dial", `{"digit":"1"}`, 400, "digit", nil},
			{"POST", "/phones/fxs1/dial", `{`, 400, "", nil},
			{"POST", "/phones/fxs1/tone", `{"hz":1000,"dbm0":-10,"ms":100}`, 200, "", nil},
			{"POST", "/phones/fxs1/tone", `{"hz":5000,"dbm0":-10}`, 400, "hz", nil},
			{"POST", "/phones/fxs1/tone", `{"hz":1000,"dbm0":10}`, 400, "dbm0", nil},
			{"POST", "/phones/fxs1/tone", `{"hz":1000,"dbm0":-10,"ms":-1}`, 400, "ms", nil},
			{"POST", "/phones/fxs1/flash", `{"ms":300}`, 200, "", nil},
			{"POST", "/phones/fxs1/flash", `{"ms":5000}`, 400, "ms", nil},
			{"POST", "/phones/fxs1/settings", `{"country":"de"}`, 200, "country=DE", nil},
			{"POST", "/phones/fxs1/settings", `{"country":"XX"}`, 400, "country", nil},
			{"POST", "/phones/fxs1/onhook", "", 200, "off_hook=false", nil},
			{"POST", "/phones/fxs1/flash", "", 400, "", nil},
			{"POST", "/phones/fxs1/dial", `{"digits":"5","mode":"pulse"}`, 400, "", nil},

			{"POST", "/lines/fxo1/ring", `{"caller_id":"+74951234567","format":"fsk"}`, 200, "state=alerting", nil},
			{"POST", "/lines/fxo1/ring", `{"caller_id":"+74951234567"}`, 400, "", nil},
			{"POST", "/lines/fxo1/hangup", `{"how":"busy"}`, 200, "state=idle", nil},
			{"POST", "/lines/fxo1/hangup", "", 400, "", nil},
			{"POST", "/lines/fxo1/hangup", `{"how":"slam"}`, 400, "how", nil},
			{"POST", "/lines/fxo2/ring", `{"caller_id":"12ab"}`, 400, "caller_id", nil},
			{"POST", "/lines/fxo2/ring", `{"caller_id":"1","format":"smoke"}`, 400, "format", nil},
			{"POST", "/lines/fxo9/ring", `{}`, 404, "slot", nil},
			{"POST", "/lines/fxo1/answer", "", 400, "", nil},
			{"POST", "/lines/fxo1/tone", `{"hz":1000,"dbm0":-10}`, 400, "", nil},
			{"POST", "/lines/fxo1/dtmf", `{"digits":"1"}`, 400, "", nil},
			{"POST", "/lines/fxo1/present", `{"present":false}`, 200, "state=down", nil},
			{"POST", "/lines/fxo1/present", `{}`, 400, "present", nil},
			{"POST", "/lines/fxo1/present", `{"present":true}`, 200, "state=idle", nil},
			{"POST", "/lines/fxo1/settings", `{"answer_after_ms":-5}`, 400, "answer_after_ms", nil},
			{"POST", "/lines/fxo1/settings", `{"country":"US","answer_after_ms":1000,"answer_reversal":true}`, 200, "country=US", nil},
			{"POST", "/lines/fxo2/answer", `{"reversal":true}`, 200, "state=talking", func() { r.seizeAndDial(t, "fxo2") }},
			{"POST", "/lines/fxo2/tone", `{"hz":1000,"dbm0":-10}`, 200, "", nil},
			{"POST", "/lines/fxo2/dtmf", `{"digits":"12"}`, 200, "", nil},
			{"POST", "/lines/fxo2/hangup", `{"how":"reversal"}`, 200, "state=cleared", nil},

			{"POST", "/gsm/gsm1/call", `{"from":"+79161234567"}`, 200, "", nil},
			{"POST", "/gsm/gsm1/call", `{"from":"mum"}`, 400, "from", nil},
			{"POST", "/gsm/gsm9/call", `{"from":"1"}`, 404, "slot", nil},
			{"POST", "/gsm/gsm1/dtmf", `{"digits":"12"}`, 200, "", nil},
			{"POST", "/gsm/gsm1/dtmf", `{"digits":"x"}`, 400, "digits", nil},
			{"POST", "/gsm/gsm1/tone", `{"hz":1000,"dbm0":-10}`, 200, "", nil},
			{"POST", "/gsm/gsm1/answer", "", 400, "", nil},
			{"POST", "/gsm/gsm1/hangup", "", 200, "", nil},
			{"POST", "/gsm/gsm1/hangup", "", 400, "", nil},
			{"POST", "/gsm/gsm1/busy", "", 400, "", nil},
			{"POST", "/gsm/gsm1/sms", `{"from":"+79161234567","text":"hi"}`, 200, "", nil},
			{"POST", "/gsm/gsm1/sms", `{"from":"+79161234567","text":"` + strings.Repeat("long ", 80) + `","parts_order":[1,0]}`, 200, "", nil},
			{"POST", "/gsm/gsm1/sms", `{"from":"+79161234567","text":"hi","parts_order":[3]}`, 400, "parts_order", nil},
			{"POST", "/gsm/gsm1/sms", `{"from":"+79161234567","text":""}`, 400, "text", nil},
			{"POST", "/gsm/gsm1/ussd", `{"reply":"Balance 5"}`, 200, "", nil},
			{"POST", "/gsm/gsm1/ussd", `{}`, 400, "reply", nil},
			{"POST", "/gsm/gsm1/signal", `{"rssi":7}`, 200, "signal=7", nil},
			{"POST", "/gsm/gsm1/signal", `{"rssi":50}`, 400, "rssi", nil},
			{"POST", "/gsm/gsm1/signal", `{}`, 400, "rssi", nil},
			{"POST", "/gsm/gsm1/register", `{"stat":5}`, 200, "registered=true", nil},
			{"POST", "/gsm/gsm1/register", `{"stat":9}`, 400, "stat", nil},
			{"POST", "/gsm/gsm1/break", `{"how":"hang"}`, 200, "hung=true", nil},
			{"POST", "/gsm/gsm1/break", `{"how":"recover"}`, 200, "hung=false", nil},
			{"POST", "/gsm/gsm1/break", `{"how":"hang","cure":"magic"}`, 400, "cure", nil},
			{"POST", "/gsm/gsm1/break", `{"how":"off_bus"}`, 200, "", nil},
			{"POST", "/gsm/gsm1/break", `{"how":"kick"}`, 400, "how", nil},
			{"POST", "/gsm/gsm1/teleport", "", 404, "", nil},
			{"POST", "/phones/fxs2/tone", `{"hz":1100,"dbm0":-10,"ms":7000,"on_ms":500,"off_ms":3000}`, 200, "dialling=true", func() { do(t, h, "POST", "/phones/fxs2/offhook", "") }},
			{"POST", "/phones/fxs2/tone", `{"hz":1100,"dbm0":-10,"on_ms":500}`, 400, "off_ms", nil},
			{"GET", "/reset", "", 404, "", nil},
			{"POST", "/reset", "", 200, "", nil},
		}
		for _, tc := range tests {
			if tc.before != nil {
				tc.before()
			}
			code, v := do(t, h, tc.method, tc.path, tc.body)
			if code != tc.status {
				t.Errorf("%s %s %s: status %d (%v); want %d", tc.method, tc.path, tc.body, code, v, tc.status)
				continue
			}
			if code != 200 {
				if msg, _ := v["error"].(string); !strings.HasPrefix(msg, "lab: ") {
					t.Errorf("%s %s: error %q; want one starting with \"lab: \"", tc.method, tc.path, msg)
				}
				if got, _ := v["field"].(string); got != tc.field {
					t.Errorf("%s %s %s: field %q (%v); want %q", tc.method, tc.path, tc.body, got, v["error"], tc.field)
				}
				continue
			}
			if k, want, ok := strings.Cut(tc.field, "="); ok {
				if got := jsonString(v[k]); got != want {
					t.Errorf("%s %s %s: %s = %s; want %s", tc.method, tc.path, tc.body, k, got, want)
				}
			}
		}
		// The reset put fxs2 back on hook.
		if _, v := do(t, h, "GET", "/phones/fxs2", ""); v["off_hook"] != false {
			t.Errorf("fxs2 after POST /reset = %v; want on hook", v)
		}
		code, v := do(t, h, "GET", "/", "")
		if code != 200 || len(v["phones"].([]any)) != 4 || len(v["lines"].([]any)) != 2 || len(v["gsm"].([]any)) != 2 {
			t.Errorf("GET / = %d %v; want 4 phones, 2 lines, 2 GSM modules", code, v)
		}
		if code, v := do(t, h, "GET", "/phones/fxs9", ""); !strings.Contains(v["error"].(string), "fxs9") || code != 404 {
			t.Errorf("unknown slot error %v does not name the slot", v)
		}
	})
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return strings.Trim(string(b), `"`)
}

// seizeAndDial makes the box take FXO slot's line and dial a digit, so the
// exchange waits for the remote party to answer.
func (r *rig) seizeAndDial(t *testing.T, slot string) {
	t.Helper()
	d := r.fxoDev(slot)
	if err := d.Seize(); err != nil {
		t.Fatal(err)
	}
	x, _ := r.lab.Exchange(slot)
	waitFor(t, time.Second, "dial tone", func() bool { return x.State().State == "dial_tone" })
	bx := r.newBox(slot)
	bx.send(dtmfPCM("7"))
	waitFor(t, 2*time.Second, "ringback", func() bool { return x.State().State == "ringback" })
}

func TestAPIStateJSON(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, nil)
		api := r.lab.Handler()
		before, err := api.StateJSON()
		if err != nil {
			t.Fatal(err)
		}
		do(t, api, "POST", "/phones/fxs1/offhook", "")
		after, _ := api.StateJSON()
		var st State
		if err := json.Unmarshal(after, &st); err != nil {
			t.Fatal(err)
		}
		if string(before) == string(after) || !st.Phones[0].OffHook || len(st.Lines) != 2 {
			t.Errorf("StateJSON after fxs1 went off hook = %s; want the world with fxs1 off hook", after)
		}
	})
}
