package webui

import (
	"errors"
	"net/http"

	"github.com/hookflash/firmware/pbx/schedule"
	"github.com/hookflash/firmware/pbx/store"
)

// scheduleResource serves /api/schedules. A schedule's document is read
// by pbx/schedule as the scenario engine will read it, against the
// embedded holiday calendars; a document it refuses is answered 400 with
// the JSON path of the field at fault, such as
// "document.intervals[1].ranges[0].to", and nothing is stored. A schedule
// without a time_zone takes the document's.
func (s *Server) scheduleResource() *resource[store.Schedule] {
	cal := schedule.EmbeddedCalendars()
	return &resource[store.Schedule]{
		s: s, table: s.st.Schedules(), noun: "schedule", path: "/api/schedules",
		id:    func(sc *store.Schedule) *int64 { return &sc.ID },
		fresh: func() store.Schedule { return store.Schedule{} },
		check: func(w http.ResponseWriter, r *http.Request, sc *store.Schedule) bool {
			if len(sc.Document) == 0 || string(sc.Document) == "null" {
				writeError(w, http.StatusBadRequest,
					`document is missing: send the schedule as {"version": 1, "intervals": [...], "holidays": {...}}`, "document")
				return false
			}
			if sc.TimeZone == "" {
				if doc, err := schedule.Parse(sc.Document); err == nil {
					sc.TimeZone = doc.TimeZone
				}
			}
			_, err := schedule.FromStore(*sc, cal)
			var fe *schedule.FieldError
			switch {
			case err == nil:
				return true
			case errors.As(err, &fe) && fe.Field == "time_zone" && sc.TimeZone == "":
				writeError(w, http.StatusBadRequest, "time_zone: "+fe.Problem, "time_zone")
			case errors.As(err, &fe):
				writeError(w, http.StatusBadRequest, "document."+fe.Field+": "+fe.Problem, "document."+fe.Field)
			default:
				writeError(w, http.StatusBadRequest, "document: "+err.Error()+": correct the schedule", "document")
			}
			return false
		},
	}
}
