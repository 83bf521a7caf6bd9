package webui

import (
	"context"
	"encoding/json"

	"github.com/hookflash/firmware/pbx/scenario"
	"github.com/hookflash/firmware/pbx/store"
)

// pathElement is what the call log shows of a scenario element that a
// call's path passed: its kind, so the page can name it in the admin's
// language, and its label.
type pathElement struct {
	Type  string `json:"type"`
	Label string `json:"label,omitempty"`
}

// pathElements returns, by element ID, the elements of the stored
// scenarios that the steps of details name. The scenario of the call's
// inbound route is asked first, then the others in ID order (a call may
// jump between them), so an ID that several scenarios use names the
// route's. Steps that are no element (a forward, the recording warning)
// and elements deleted since the call are left out, and so are steps that
// name their element's kind themselves (recorded since the call record
// keeps it): those stay as the call saw them whatever was edited since.
func (s *Server) pathElements(ctx context.Context, route string, details json.RawMessage) (map[string]pathElement, error) {
	var d struct {
		Path []struct {
			Step string `json:"step"`
			Type string `json:"type"`
		} `json:"path"`
	}
	if json.Unmarshal(details, &d) != nil || len(d.Path) == 0 {
		return map[string]pathElement{}, nil
	}
	want := map[string]bool{}
	for _, p := range d.Path {
		if p.Type == "" {
			want[p.Step] = true
		}
	}
	if len(want) == 0 {
		return map[string]pathElement{}, nil
	}
	scs, err := s.st.Scenarios().List(ctx)
	if err != nil {
		return nil, err
	}
	if route != "" {
		if rt, err := s.st.InboundRoutes().FindBy(ctx, "name", route); err == nil {
			for i, sc := range scs {
				if sc.ID == rt.ScenarioID {
					scs = append(append([]store.Scenario{sc}, scs[:i]...), scs[i+1:]...)
					break
				}
			}
		}
	}
	out := map[string]pathElement{}
	for _, sc := range scs {
		doc, err := scenario.Decode(sc.Document)
		if err != nil {
			continue // a document that does not decode ran nothing
		}
		for _, el := range doc.Elements {
			if _, seen := out[el.ID]; want[el.ID] && !seen {
				out[el.ID] = pathElement{Type: string(el.Type), Label: el.Label}
			}
		}
	}
	return out, nil
}
