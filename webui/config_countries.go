package webui

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/hookflash/firmware/pbx/dsp"
)

// An FXS port plays its country's dial, busy and ringback tones and rings
// with its cadence; the firmware knows those of the countries it has a
// built-in tone plan for (pbx/dsp/toneplans.json); an FXO line listens for
// its country's busy tone, the far end's hang-up. A port or line set to
// another country would use the default country's tones without a word, so
// the API offers and accepts only those.

// toneCountries returns the ISO 3166-1 alpha-2 codes of the countries with
// a built-in tone plan, in alphabetical order.
func toneCountries() ([]string, error) {
	plans, err := dsp.BuiltinPlans()
	if err != nil {
		return nil, err
	}
	out := make([]string, len(plans))
	for i, p := range plans {
		out[i] = strings.ToUpper(p.Country)
	}
	slices.Sort(out)
	return out, nil
}

// listToneCountries serves GET /api/fxs-ports/countries: the country codes
// a port or an FXO line may take.
func (s *Server) listToneCountries(w http.ResponseWriter, r *http.Request) {
	cc, err := toneCountries()
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, cc)
}

// knownCountry refuses with 400 on field country a new country without a
// tone plan; a port keeps the country it has (was), e.g. from an imported
// configuration, when it is saved unchanged. It returns false when it
// answered.
func (s *Server) knownCountry(w http.ResponseWriter, r *http.Request, country, was string) bool {
	if country == was {
		return true
	}
	cc, err := toneCountries()
	if err != nil {
		s.internalError(w, r, err)
		return false
	}
	if !slices.Contains(cc, country) {
		writeError(w, http.StatusBadRequest, fmt.Sprintf(
			"the box has no tones or ringing for country %q: choose one of %s", country, strings.Join(cc, ", ")), "country")
		return false
	}
	return true
}
