package webui

import (
	"net/http"

	"github.com/hookflash/firmware/pbx/store"
)

// trunkView is what the API shows of a SIP trunk: everything but the
// password, of which it says only whether one is set.
type trunkView struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Host        string `json:"host"`
	Port        int    `json:"port"`
	Transport   string `json:"transport"`
	Username    string `json:"username"`
	PasswordSet bool   `json:"password_set"`
	Register    bool   `json:"register"`
	MaxChannels int    `json:"max_channels"`
	Enabled     bool   `json:"enabled"`
}

// trunkInput is the body of POST and PUT /api/trunks: a trunk's fields,
// with a password that is written but never read back. On update an empty
// or missing password keeps the stored one; clear_password removes it.
type trunkInput struct {
	store.SIPTrunk
	ClearPassword bool `json:"clear_password"`
}

// trunkResource serves /api/trunks. A new trunk defaults to UDP port 5060,
// registering, enabled.
func (s *Server) trunkResource() *resource[store.SIPTrunk] {
	return &resource[store.SIPTrunk]{
		s: s, table: s.st.SIPTrunks(), noun: "SIP trunk", path: "/api/trunks",
		id: func(t *store.SIPTrunk) *int64 { return &t.ID },
		fresh: func() store.SIPTrunk {
			return store.SIPTrunk{Port: 5060, Transport: "udp", Register: true, Enabled: true}
		},
		read: func(w http.ResponseWriter, r *http.Request, v, old *store.SIPTrunk) bool {
			in := trunkInput{SIPTrunk: *v}
			in.Password = ""
			if !readJSON(w, r, &in) {
				return false
			}
			switch {
			case in.ClearPassword && in.Password != "":
				writeError(w, http.StatusBadRequest, "clear_password and a new password contradict each other: send one of them", "clear_password")
				return false
			case in.Password == "" && !in.ClearPassword && old != nil:
				in.Password = old.Password
			}
			*v = in.SIPTrunk
			return true
		},
		view: func(t store.SIPTrunk) any {
			return trunkView{ID: t.ID, Name: t.Name, Host: t.Host, Port: t.Port, Transport: t.Transport,
				Username: t.Username, PasswordSet: t.Password != "", Register: t.Register,
				MaxChannels: t.MaxChannels, Enabled: t.Enabled}
		},
	}
}

// outboundRuleResource serves /api/outbound-rules. A new rule defaults to
// level national and priority 100.
func (s *Server) outboundRuleResource() *resource[store.OutboundRule] {
	return &resource[store.OutboundRule]{
		s: s, table: s.st.OutboundRules(), noun: "outbound rule", path: "/api/outbound-rules",
		id: func(o *store.OutboundRule) *int64 { return &o.ID },
		fresh: func() store.OutboundRule {
			return store.OutboundRule{Level: store.OutboundNational, Priority: 100}
		},
	}
}
