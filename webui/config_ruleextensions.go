package webui

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/hookflash/firmware/pbx/store"
)

// The extensions an outbound rule is kept for. The API shows them as an
// array of extension numbers, and takes an array whose items are extension
// numbers (JSON strings, "101") or extension IDs (JSON numbers, 7). An
// empty array opens the rule to every extension whose outbound level allows.

// getRuleExtensions serves GET /api/outbound-rules/{id}/extensions: the
// numbers of the extensions the rule is kept for, [] when it is open to all.
func (s *Server) getRuleExtensions(w http.ResponseWriter, r *http.Request) {
	rule, ok := pathRecord(s, w, r, s.st.OutboundRules(), "outbound rule")
	if !ok {
		return
	}
	ids, err := s.st.RuleExtensionIDs(r.Context(), rule.ID)
	if err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("outbound rule %d", rule.ID), err)
		return
	}
	s.writeRuleExtensions(w, r, rule.ID, ids)
}

// putRuleExtensions serves PUT /api/outbound-rules/{id}/extensions: the
// body replaces the rule's extensions as a whole, in one transaction; on any
// error the rule keeps the extensions it had. A field at fault is named
// [index].
func (s *Server) putRuleExtensions(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var in []json.RawMessage
	if !readJSON(w, r, &in) {
		return
	}
	exts, err := s.st.Extensions().List(r.Context())
	if err != nil {
		s.writeStoreError(w, r, "the extensions", err)
		return
	}
	ids := make([]int64, len(in))
	seen := map[int64]int{}
	for i, raw := range in {
		field := fmt.Sprintf("[%d]", i)
		ext, name, problem := findExtension(exts, raw)
		switch {
		case problem != "":
			writeError(w, http.StatusBadRequest, fmt.Sprintf("item %d: %s", i+1, problem), field)
			return
		case ext == nil:
			writeError(w, http.StatusUnprocessableEntity,
				fmt.Sprintf("item %d: no extension has %s: choose an existing extension", i+1, name), field)
			return
		}
		if j, dup := seen[ext.ID]; dup {
			writeError(w, http.StatusBadRequest,
				fmt.Sprintf("item %d repeats item %d (extension %s): name each extension once", i+1, j+1, ext.Number), field)
			return
		}
		seen[ext.ID], ids[i] = i, ext.ID
	}
	if err := s.st.ReplaceRuleExtensions(r.Context(), id, ids); err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("outbound rule %d", id), err)
		return
	}
	s.writeRuleExtensions(w, r, id, ids)
}

// findExtension finds the extension that raw names: a JSON string is an
// extension number, a JSON whole number an extension ID. It returns nil and
// how raw named it ("the number \"101\"") when no extension is named so, and
// a problem in words when raw is neither.
func findExtension(exts []store.Extension, raw json.RawMessage) (ext *store.Extension, name, problem string) {
	var v any
	json.Unmarshal(raw, &v) // readJSON has checked the body
	var id int64
	switch v := v.(type) {
	case string:
		for i := range exts {
			if exts[i].Number == v {
				return &exts[i], "", ""
			}
		}
		return nil, fmt.Sprintf("the number %q", v), ""
	case float64:
		if json.Unmarshal(raw, &id) != nil {
			return nil, "", notExtension(raw)
		}
	default:
		return nil, "", notExtension(raw)
	}
	for i := range exts {
		if exts[i].ID == id {
			return &exts[i], "", ""
		}
	}
	return nil, fmt.Sprintf("the ID %d", id), ""
}

// notExtension says that raw, shortened, names no extension.
func notExtension(raw json.RawMessage) string {
	if len(raw) > 40 {
		raw = append(raw[:37:37], "..."...)
	}
	return fmt.Sprintf("%s is neither an extension number (a string such as \"101\") nor an extension ID (a whole number)", raw)
}

// writeRuleExtensions answers with the numbers of the extensions ids.
func (s *Server) writeRuleExtensions(w http.ResponseWriter, r *http.Request, rule int64, ids []int64) {
	numbers := make([]string, len(ids))
	for i, id := range ids {
		ext, err := s.st.Extensions().Get(r.Context(), id)
		if err != nil {
			s.writeStoreError(w, r, fmt.Sprintf("extension %d of outbound rule %d", id, rule), err)
			return
		}
		numbers[i] = ext.Number
	}
	writeJSON(w, http.StatusOK, numbers)
}
