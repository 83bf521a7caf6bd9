package lab

import (
	"errors"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/dsp"
)

// FuzzRingBody feeds request bodies through the decoder and the caller ID
// builder: whatever comes in is refused with an *Error or makes a
// sequence, and never panics.
func FuzzRingBody(f *testing.F) {
	for _, s := range []string{``, `{}`, `{"caller_id":"+74951234567","format":"fsk"}`, `{"caller_id":"1","format":"dtmf"}`,
		`{"caller_id":"","name":"Иван"}`, `{"caller_id":1}`, `{"x":1}`, `{} {}`, `[`} {
		f.Add([]byte(s))
	}
	plan, _ := dsp.BuiltinPlan("RU")
	f.Fuzz(func(t *testing.T, body []byte) {
		var r RingRequest
		err := decodeBody(body, &r)
		if err == nil {
			_, err = clipSequence(r, &plan, time.Unix(0, 0))
		}
		var le *Error
		if err != nil && !errors.As(err, &le) {
			t.Errorf("body %q: error %v is not an *Error", body, err)
		}
	})
}
