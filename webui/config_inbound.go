package webui

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/hookflash/firmware/pbx/store"
)

// inboundRouteResource serves /api/routes. A new route takes calls from any
// line.
func (s *Server) inboundRouteResource() *resource[store.InboundRoute] {
	return &resource[store.InboundRoute]{
		s: s, table: s.st.InboundRoutes(), noun: "inbound route", path: "/api/routes",
		id:    func(r *store.InboundRoute) *int64 { return &r.ID },
		fresh: func() store.InboundRoute { return store.InboundRoute{Source: store.SourceAny} },
	}
}

// copyRoute serves POST /api/routes/{id}/copy-from/{other}: route id takes
// the whole setup of route other (its scenario, schedule, greeting,
// recording, its options and whatever else a route holds about what
// happens to a call) and keeps its own ID, name and where its calls come from (source, DID,
// trunk, FXO line, GSM module). It answers with the updated route.
func (s *Server) copyRoute(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	other, err := strconv.ParseInt(r.PathValue("other"), 10, 64)
	if err != nil || other < 1 {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("%q is not a record id: use the id of the route to copy from", r.PathValue("other")), "other")
		return
	}
	if other == id {
		writeError(w, http.StatusBadRequest, "a route cannot copy from itself: choose another route", "other")
		return
	}
	routes := s.st.InboundRoutes()
	dst, err := routes.Get(r.Context(), id)
	if err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("inbound route %d", id), err)
		return
	}
	src, err := routes.Get(r.Context(), other)
	if err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("inbound route %d (to copy from)", other), err)
		return
	}
	// Start from the source so that whatever a route learns to hold later
	// is copied too, then put back what makes dst a route of its own.
	out := src
	out.ID, out.Name = dst.ID, dst.Name
	out.Source, out.DID = dst.Source, dst.DID
	out.SIPTrunkID, out.FXOLineID, out.GSMModuleID = dst.SIPTrunkID, dst.FXOLineID, dst.GSMModuleID
	if err := routes.Update(r.Context(), &out); err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("inbound route %d", id), err)
		return
	}
	if err := s.copyRouteOptions(r.Context(), id, other); err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("options of inbound route %d", id), err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// copyRouteOptions gives route id the options of route other (after
// hours, rating, recording, language, melodies), or none when other has
// none: the rest of a route's setup.
func (s *Server) copyRouteOptions(ctx context.Context, id, other int64) error {
	opts := s.st.RouteOptions()
	src, err := opts.FindBy(ctx, "route_id", other)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	hasSrc := err == nil
	dst, err := opts.FindBy(ctx, "route_id", id)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	hasDst := err == nil
	switch {
	case !hasSrc && hasDst:
		return opts.Delete(ctx, dst.ID)
	case !hasSrc:
		return nil
	}
	src.ID, src.RouteID = 0, id
	if hasDst {
		src.ID = dst.ID
		return opts.Update(ctx, &src)
	}
	return opts.Create(ctx, &src)
}
