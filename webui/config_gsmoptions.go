package webui

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/hookflash/firmware/pbx/store"
)

// gsmOptionsView is what the API shows of a GSM module's options: usage
// limits and fixed-mobile convergence, without the convergence PIN, of
// which it says only whether one is set.
type gsmOptionsView struct {
	GSMModuleID     int64 `json:"gsm_module_id"`
	MinutesPerDay   int   `json:"minutes_per_day"`
	MinutesPerMonth int   `json:"minutes_per_month"`
	SMSPerDay       int   `json:"sms_per_day"`
	FMC             bool  `json:"fmc"`
	FMCPINSet       bool  `json:"fmc_pin_set"`
}

// gsmOptionsInput is the body of PUT /api/gsm-modules/{id}/options. Fields
// left out keep their values; an empty or missing fmc_pin keeps the stored
// one, clear_fmc_pin removes it.
type gsmOptionsInput struct {
	MinutesPerDay   int    `json:"minutes_per_day"`
	MinutesPerMonth int    `json:"minutes_per_month"`
	SMSPerDay       int    `json:"sms_per_day"`
	FMC             bool   `json:"fmc"`
	FMCPIN          string `json:"fmc_pin"`
	ClearFMCPIN     bool   `json:"clear_fmc_pin"`
}

func showGSMOptions(o store.GSMModuleOptions) gsmOptionsView {
	return gsmOptionsView{GSMModuleID: o.GSMModuleID, MinutesPerDay: o.MinutesPerDay, MinutesPerMonth: o.MinutesPerMonth,
		SMSPerDay: o.SMSPerDay, FMC: o.FMC, FMCPINSet: o.FMCPIN != ""}
}

// gsmOptionsOf returns the options of the GSM module in the request's path:
// its row, or, when it has none yet, the defaults (no limits, no
// convergence) with ID 0. On failure it answers and returns false.
func (s *Server) gsmOptionsOf(w http.ResponseWriter, r *http.Request) (store.GSMModuleOptions, bool) {
	mod, ok := pathRecord(s, w, r, s.st.GSMModules(), "GSM module")
	if !ok {
		return store.GSMModuleOptions{}, false
	}
	id := mod.ID
	o, err := s.st.GSMModuleOptions().FindBy(r.Context(), "gsm_module_id", id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return store.GSMModuleOptions{GSMModuleID: id}, true
	case err != nil:
		s.writeStoreError(w, r, fmt.Sprintf("options of GSM module %d", id), err)
		return store.GSMModuleOptions{}, false
	}
	return o, true
}

// getGSMOptions serves GET /api/gsm-modules/{id}/options.
func (s *Server) getGSMOptions(w http.ResponseWriter, r *http.Request) {
	if o, ok := s.gsmOptionsOf(w, r); ok {
		writeJSON(w, http.StatusOK, showGSMOptions(o))
	}
}

// putGSMOptions serves PUT /api/gsm-modules/{id}/options: the body's
// fields replace the options'; the module gets its row on the first change.
func (s *Server) putGSMOptions(w http.ResponseWriter, r *http.Request) {
	o, ok := s.gsmOptionsOf(w, r)
	if !ok {
		return
	}
	in := gsmOptionsInput{MinutesPerDay: o.MinutesPerDay, MinutesPerMonth: o.MinutesPerMonth, SMSPerDay: o.SMSPerDay, FMC: o.FMC}
	if !readJSON(w, r, &in) || !writeOnly(w, &in.FMCPIN, o.FMCPIN, in.ClearFMCPIN, "fmc_pin") {
		return
	}
	o.MinutesPerDay, o.MinutesPerMonth, o.SMSPerDay, o.FMC, o.FMCPIN = in.MinutesPerDay, in.MinutesPerMonth, in.SMSPerDay, in.FMC, in.FMCPIN
	var err error
	if o.ID == 0 {
		err = s.st.GSMModuleOptions().Create(r.Context(), &o)
	} else {
		err = s.st.GSMModuleOptions().Update(r.Context(), &o)
	}
	if err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("options of GSM module %d", o.GSMModuleID), err)
		return
	}
	writeJSON(w, http.StatusOK, showGSMOptions(o))
}
