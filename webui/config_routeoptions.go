package webui

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/hookflash/firmware/pbx/scenario"
	"github.com/hookflash/firmware/pbx/store"
)

// routeOptionsOf returns the options of the inbound route in the request's
// path: its row, or, when it has none yet, the defaults (no after-hours
// handling, no rating) with ID 0. On failure it answers and returns false.
func (s *Server) routeOptionsOf(w http.ResponseWriter, r *http.Request) (store.RouteOptions, bool) {
	route, ok := pathRecord(s, w, r, s.st.InboundRoutes(), "inbound route")
	if !ok {
		return store.RouteOptions{}, false
	}
	o, err := s.st.RouteOptions().FindBy(r.Context(), "route_id", route.ID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return store.RouteOptions{RouteID: route.ID, AfterHoursAction: store.AfterHoursNone}, true
	case err != nil:
		s.writeStoreError(w, r, fmt.Sprintf("options of inbound route %d", route.ID), err)
		return store.RouteOptions{}, false
	}
	return o, true
}

// getRouteOptions serves GET /api/routes/{id}/options.
func (s *Server) getRouteOptions(w http.ResponseWriter, r *http.Request) {
	if o, ok := s.routeOptionsOf(w, r); ok {
		writeJSON(w, http.StatusOK, o)
	}
}

// putRouteOptions serves PUT /api/routes/{id}/options: the body's fields
// replace the options'; the route gets its row on the first change. The
// id and route_id are the box's: a body that changes them is refused.
func (s *Server) putRouteOptions(w http.ResponseWriter, r *http.Request) {
	o, ok := s.routeOptionsOf(w, r)
	if !ok {
		return
	}
	in := o
	if !readJSON(w, r, &in) {
		return
	}
	switch {
	case in.ID != o.ID:
		writeError(w, http.StatusBadRequest, "id is chosen by the box: leave it out", "id")
		return
	case in.RouteID != o.RouteID:
		writeError(w, http.StatusBadRequest,
			fmt.Sprintf("route_id %d in the body differs from %d in the path: leave it out", in.RouteID, o.RouteID), "route_id")
		return
	}
	if in.AfterHoursAction == store.AfterHoursVoicemail && in.AfterHoursMailbox != "" {
		ok, err := s.refExists(r.Context(), scenario.RefMailbox, in.AfterHoursMailbox)
		if err != nil {
			s.internalError(w, r, err)
			return
		}
		if !ok {
			writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf(
				"after_hours_mailbox: mailbox %s does not exist: create it, or turn voicemail on for extension %s", in.AfterHoursMailbox, in.AfterHoursMailbox),
				"after_hours_mailbox")
			return
		}
	}
	var err error
	if in.ID == 0 {
		err = s.st.RouteOptions().Create(r.Context(), &in)
	} else {
		err = s.st.RouteOptions().Update(r.Context(), &in)
	}
	if err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("options of inbound route %d", in.RouteID), err)
		return
	}
	writeJSON(w, http.StatusOK, in)
}
