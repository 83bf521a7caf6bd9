package webui

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// USSD request bounds.
const (
	maxUSSDCode        = 160 // characters of a USSD code, as the SMS service and the store take it
	defaultUSSDHistory = 20
	maxUSSDHistory     = 200
)

// ussdView is a USSD request and the network's reply, as the API shows it.
type ussdView struct {
	ID        int64     `json:"id,omitempty"`
	Module    string    `json:"module"`
	Code      string    `json:"code"`
	Reply     string    `json:"reply"`
	Error     string    `json:"error,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`
}

// sendUSSD serves POST /api/gsm-modules/{id}/ussd {"code": "*100#"}: it
// sends the request through the module and answers with the network's
// reply, which is also kept (GET lists them).
func (s *Server) sendUSSD(w http.ResponseWriter, r *http.Request) {
	mod, ok := pathRecord(s, w, r, s.st.GSMModules(), "GSM module")
	if !ok {
		return
	}
	var in struct {
		Code string `json:"code"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	if in.Code == "" || len(in.Code) > maxUSSDCode || strings.Trim(in.Code, "0123456789*#") != "" {
		writeError(w, http.StatusBadRequest,
			fmt.Sprintf("code %q is not a USSD code: use digits, * and # (up to %d), such as *100#", in.Code, maxUSSDCode), "code")
		return
	}
	svc := s.smsService()
	if svc == nil {
		writeError(w, http.StatusServiceUnavailable, "the SMS service is not running: wait until the box has started, or look at the log", "")
		return
	}
	key := moduleKey(mod.Slot)
	reply, err := svc.USSD(r.Context(), key, in.Code)
	if err != nil {
		writeError(w, http.StatusBadGateway,
			fmt.Sprintf("the USSD request %s through %s got no reply (%v): check the module's signal and SIM on the dashboard, then try again", in.Code, mod.Name, err), "")
		return
	}
	writeJSON(w, http.StatusOK, ussdView{Module: key, Code: in.Code, Reply: reply})
}

// listUSSD serves GET /api/gsm-modules/{id}/ussd?limit=N: the module's
// recent USSD requests with their replies, newest first.
func (s *Server) listUSSD(w http.ResponseWriter, r *http.Request) {
	mod, ok := pathRecord(s, w, r, s.st.GSMModules(), "GSM module")
	if !ok {
		return
	}
	limit, ok := queryInt(w, r, "limit", defaultUSSDHistory, 1, maxUSSDHistory)
	if !ok {
		return
	}
	reqs, err := s.st.RecentUSSD(r.Context(), moduleKey(mod.Slot), int(limit))
	if err != nil {
		s.writeStoreError(w, r, "USSD requests", err)
		return
	}
	out := make([]ussdView, len(reqs))
	for i, u := range reqs {
		out[i] = ussdView{ID: u.ID, Module: u.Module, Code: u.Code, Reply: u.Reply, Error: u.Error, CreatedAt: u.CreatedAt}
	}
	writeJSON(w, http.StatusOK, out)
}
