package webui

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

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

// calendarYear is one country's production calendar for a year, as GET
// /api/schedules/calendars lists it.
type calendarYear struct {
	Country string `json:"country"`
	Year    int    `json:"year"`
	// Coverage is "official", "provisional", or "" when the firmware has
	// no data for the year (then Days is empty).
	Coverage string        `json:"coverage"`
	Days     []calendarDay `json:"days"`
}

// calendarDay is one dated entry of a calendar.
type calendarDay struct {
	Date      string `json:"date"` // YYYY-MM-DD
	Kind      string `json:"kind"` // holiday, day_off, working or suspended
	Name      string `json:"name"`
	LocalName string `json:"local_name,omitempty"`
	Like      string `json:"like,omitempty"`       // the weekday a working day follows
	MovedFrom string `json:"moved_from,omitempty"` // the date whose day off moved here
}

// scheduleWeekdays are the names a schedule document gives weekdays,
// indexed by time.Weekday.
var scheduleWeekdays = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// holidayCalendars returns the handler of GET /api/schedules/calendars:
// the embedded production calendars (see schedule.EmbeddedCalendars) for
// the query's year, this year when left out, every country in code order.
// The admin sees there which dates a schedule with that country treats
// as holidays and moved working days.
func (s *Server) holidayCalendars() http.HandlerFunc {
	cal := schedule.EmbeddedCalendars()
	return func(w http.ResponseWriter, r *http.Request) {
		year := s.now().Year()
		if q := r.URL.Query().Get("year"); q != "" {
			y, err := strconv.Atoi(q)
			if err != nil || y < 1900 || y > 2200 {
				writeError(w, http.StatusBadRequest, fmt.Sprintf("year: %q is not a year: use four digits such as %d", q, year), "year")
				return
			}
			year = y
		}
		out := []calendarYear{}
		for _, country := range cal.Countries() {
			cy := calendarYear{Country: country, Year: year, Coverage: cal.Coverage(country, year), Days: []calendarDay{}}
			for d := time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC); d.Year() == year; d = d.AddDate(0, 0, 1) {
				day, ok := cal.Day(country, d)
				if !ok {
					continue
				}
				cd := calendarDay{Date: d.Format(time.DateOnly), Kind: day.Kind.String(), Name: day.Name, LocalName: day.LocalName}
				if day.Kind == schedule.WorkingDay {
					cd.Like = scheduleWeekdays[day.Like]
				}
				if !day.MovedFrom.IsZero() {
					cd.MovedFrom = day.MovedFrom.Format(time.DateOnly)
				}
				cy.Days = append(cy.Days, cd)
			}
			out = append(out, cy)
		}
		writeJSON(w, http.StatusOK, out)
	}
}
