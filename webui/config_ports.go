package webui

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/hookflash/firmware/pbx/store"
)

// The board's ports (FXS ports, FXO lines and GSM modules) each have a
// configuration row that pbxd creates from the board's inventory: the API
// lists and changes them but neither creates nor deletes them, and a port's
// number (port, slot) is fixed by the board.

// fxsPortView is what the API shows of an FXS port: its fields and the
// number of the extension it is assigned to.
type fxsPortView struct {
	store.FXSPort
	Extension string `json:"extension"` // the extension's number; "" when unassigned
}

// fxsPortInput is the body of PUT /api/fxs-ports/{id}: a port's fields.
// Extension, when given, assigns the port to the extension of that number
// ("" unassigns it) and overrides extension_id.
type fxsPortInput struct {
	store.FXSPort
	Extension *string `json:"extension"`
}

// fxsPortResource serves /api/fxs-ports.
func (s *Server) fxsPortResource() *resource[store.FXSPort] {
	return &resource[store.FXSPort]{
		s: s, table: s.st.FXSPorts(), noun: "FXS port", path: "/api/fxs-ports",
		id: func(p *store.FXSPort) *int64 { return &p.ID },
		read: func(w http.ResponseWriter, r *http.Request, v, old *store.FXSPort) bool {
			in := fxsPortInput{FXSPort: *v}
			if !readJSON(w, r, &in) || !fixedNumber(w, "port", in.Port, old.Port) || !s.knownCountry(w, r, in.Country, old.Country) {
				return false
			}
			if in.Extension != nil {
				id, ok := s.extensionByNumber(w, r, *in.Extension)
				if !ok {
					return false
				}
				in.ExtensionID = id
			}
			*v = in.FXSPort
			return true
		},
		view: func(p store.FXSPort) any {
			v := fxsPortView{FXSPort: p}
			if p.ExtensionID != nil {
				// A port names an existing extension (a foreign key); a
				// failed read only leaves the number out.
				if ext, err := s.st.Extensions().Get(context.Background(), *p.ExtensionID); err == nil {
					v.Extension = ext.Number
				}
			}
			return v
		},
	}
}

// extensionByNumber returns the ID of the extension numbered number, nil for
// "". An unknown number is answered 422 on the field extension.
func (s *Server) extensionByNumber(w http.ResponseWriter, r *http.Request, number string) (*int64, bool) {
	if number == "" {
		return nil, true
	}
	ext, err := s.st.Extensions().FindBy(r.Context(), "number", number)
	switch {
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusUnprocessableEntity,
			fmt.Sprintf("no extension has the number %q: create it first or choose an existing one", number), "extension")
		return nil, false
	case err != nil:
		s.writeStoreError(w, r, "extension "+number, err)
		return nil, false
	}
	return &ext.ID, true
}

// fxoLineResource serves /api/fxo-lines.
func (s *Server) fxoLineResource() *resource[store.FXOLine] {
	return &resource[store.FXOLine]{
		s: s, table: s.st.FXOLines(), noun: "FXO line", path: "/api/fxo-lines",
		id: func(l *store.FXOLine) *int64 { return &l.ID },
		read: func(w http.ResponseWriter, r *http.Request, v, old *store.FXOLine) bool {
			return readJSON(w, r, v) && fixedNumber(w, "port", v.Port, old.Port) &&
				s.knownCountry(w, r, v.Country, old.Country)
		},
	}
}

// gsmModuleView is what the API shows of a GSM module: everything but the
// SIM's PIN, of which it says only whether one is set.
type gsmModuleView struct {
	ID        int64  `json:"id"`
	Slot      int    `json:"slot"`
	Name      string `json:"name"`
	SIMNumber string `json:"sim_number"`
	SIMPINSet bool   `json:"sim_pin_set"`
	Enabled   bool   `json:"enabled"`
}

// gsmModuleInput is the body of PUT /api/gsm-modules/{id}: a module's
// fields, with a SIM PIN that is written but never read back. An empty or
// missing sim_pin keeps the stored one; clear_sim_pin removes it.
type gsmModuleInput struct {
	store.GSMModule
	ClearSIMPIN bool `json:"clear_sim_pin"`
}

// gsmModuleResource serves /api/gsm-modules.
func (s *Server) gsmModuleResource() *resource[store.GSMModule] {
	return &resource[store.GSMModule]{
		s: s, table: s.st.GSMModules(), noun: "GSM module", path: "/api/gsm-modules",
		id: func(g *store.GSMModule) *int64 { return &g.ID },
		read: func(w http.ResponseWriter, r *http.Request, v, old *store.GSMModule) bool {
			in := gsmModuleInput{GSMModule: *v}
			in.SIMPIN = ""
			if !readJSON(w, r, &in) || !fixedNumber(w, "slot", in.Slot, old.Slot) ||
				!writeOnly(w, &in.SIMPIN, old.SIMPIN, in.ClearSIMPIN, "sim_pin") {
				return false
			}
			*v = in.GSMModule
			return true
		},
		view: func(g store.GSMModule) any {
			return gsmModuleView{ID: g.ID, Slot: g.Slot, Name: g.Name, SIMNumber: g.SIMNumber,
				SIMPINSet: g.SIMPIN != "", Enabled: g.Enabled}
		},
	}
}

// pathRecord returns the record of table named by the {id} path value;
// noun names it in messages ("GSM module"). On failure it answers and
// returns false.
func pathRecord[T any](s *Server, w http.ResponseWriter, r *http.Request, table *store.Table[T], noun string) (T, bool) {
	id, ok := pathID(w, r)
	if !ok {
		var zero T
		return zero, false
	}
	v, err := table.Get(r.Context(), id)
	if err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("%s %d", noun, id), err)
	}
	return v, err == nil
}

// fixedNumber refuses a change of a port's number, which the board fixes:
// it answers 400 on field and returns false when got differs from was.
func fixedNumber(w http.ResponseWriter, field string, got, was int) bool {
	if got != was {
		writeError(w, http.StatusBadRequest,
			fmt.Sprintf("%s is fixed by the board (%d): leave it out", field, was), field)
		return false
	}
	return true
}

// writeOnly applies the rules of a write-only secret named field on update:
// an empty *secret keeps old, clear (the body's clear_<field>) empties it,
// and clear with a new secret is refused with 400. It returns false when it
// answered.
func writeOnly(w http.ResponseWriter, secret *string, old string, clear bool, field string) bool {
	switch {
	case clear && *secret != "":
		writeError(w, http.StatusBadRequest,
			fmt.Sprintf("clear_%s and a new %s contradict each other: send one of them", field, field), "clear_"+field)
		return false
	case *secret == "" && !clear:
		*secret = old
	}
	return true
}

// portRoutes adds the API of the board's ports to mux: FXS ports, FXO
// lines, GSM modules and their options, and the lines of outbound rules.
func (s *Server) portRoutes(mux *http.ServeMux) {
	fxs := s.fxsPortResource()
	mux.HandleFunc("GET /api/fxs-ports", s.requireLogin(fxs.list))
	mux.HandleFunc("GET /api/fxs-ports/countries", s.requireLogin(s.listToneCountries))
	mux.HandleFunc("GET /api/fxs-ports/{id}", s.requireLogin(fxs.get))
	mux.HandleFunc("PUT /api/fxs-ports/{id}", s.requireLogin(fxs.update))

	fxo := s.fxoLineResource()
	mux.HandleFunc("GET /api/fxo-lines", s.requireLogin(fxo.list))
	mux.HandleFunc("GET /api/fxo-lines/{id}", s.requireLogin(fxo.get))
	mux.HandleFunc("PUT /api/fxo-lines/{id}", s.requireLogin(fxo.update))

	gsm := s.gsmModuleResource()
	mux.HandleFunc("GET /api/gsm-modules", s.requireLogin(gsm.list))
	mux.HandleFunc("GET /api/gsm-modules/{id}", s.requireLogin(gsm.get))
	mux.HandleFunc("PUT /api/gsm-modules/{id}", s.requireLogin(gsm.update))
	mux.HandleFunc("GET /api/gsm-modules/{id}/options", s.requireLogin(s.getGSMOptions))
	mux.HandleFunc("PUT /api/gsm-modules/{id}/options", s.requireLogin(s.putGSMOptions))

	mux.HandleFunc("GET /api/outbound-rules/{id}/lines", s.requireLogin(s.getRuleLines))
	mux.HandleFunc("PUT /api/outbound-rules/{id}/lines", s.requireLogin(s.putRuleLines))
	mux.HandleFunc("GET /api/outbound-rules/{id}/extensions", s.requireLogin(s.getRuleExtensions))
	mux.HandleFunc("PUT /api/outbound-rules/{id}/extensions", s.requireLogin(s.putRuleExtensions))
}
