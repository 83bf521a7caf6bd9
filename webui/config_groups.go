package webui

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/hookflash/firmware/pbx/scenario"
	"github.com/hookflash/firmware/pbx/store"
)

// groupRoutes adds the named ring groups' and queues' API to mux: a group
// or queue element of a scenario refers to one by ID (group_id, queue_id).
// One that a scenario uses is not deleted (409 naming the scenario).
func (s *Server) groupRoutes(mux *http.ServeMux) {
	groups := s.ringGroupResource()
	mux.HandleFunc("GET /api/ring-groups", s.requireLogin(groups.list))
	mux.HandleFunc("POST /api/ring-groups", s.requireLogin(groups.create))
	mux.HandleFunc("GET /api/ring-groups/{id}", s.requireLogin(groups.get))
	mux.HandleFunc("PUT /api/ring-groups/{id}", s.requireLogin(groups.update))
	mux.HandleFunc("DELETE /api/ring-groups/{id}", s.requireLogin(s.unlessReferenced(scenario.RefGroup, groups.remove)))

	queues := s.queueResource()
	mux.HandleFunc("GET /api/queues", s.requireLogin(queues.list))
	mux.HandleFunc("POST /api/queues", s.requireLogin(queues.create))
	mux.HandleFunc("GET /api/queues/{id}", s.requireLogin(queues.get))
	mux.HandleFunc("PUT /api/queues/{id}", s.requireLogin(queues.update))
	mux.HandleFunc("DELETE /api/queues/{id}", s.requireLogin(s.unlessReferenced(scenario.RefQueue, queues.remove)))
}

// ringGroupResource serves /api/ring-groups. A group is checked as a
// group element would be: members that are extensions, the strategy's
// step and the total wait in range.
func (s *Server) ringGroupResource() *resource[store.RingGroup] {
	return &resource[store.RingGroup]{
		s: s, table: s.st.RingGroups(), noun: "ring group", path: "/api/ring-groups",
		id: func(g *store.RingGroup) *int64 { return &g.ID },
		fresh: func() store.RingGroup {
			return store.RingGroup{Members: json.RawMessage("[]"), Strategy: scenario.StrategyAll, Total: 30}
		},
		check: func(w http.ResponseWriter, r *http.Request, g *store.RingGroup) bool {
			if err := g.Validate(); err != nil {
				s.writeStoreError(w, r, "ring group", err)
				return false
			}
			return s.checkNamed(w, r, "ring group", g.Name, func(refs scenario.Refs) ([]scenario.Problem, error) {
				return scenario.CheckGroup(r.Context(), *g, refs)
			})
		},
	}
}

// queueResource serves /api/queues, checked as a queue element would be.
func (s *Server) queueResource() *resource[store.CallQueue] {
	return &resource[store.CallQueue]{
		s: s, table: s.st.CallQueues(), noun: "queue", path: "/api/queues",
		id: func(q *store.CallQueue) *int64 { return &q.ID },
		fresh: func() store.CallQueue {
			return store.CallQueue{Agents: json.RawMessage("[]"), Strategy: "ring_all", MaxWait: 300}
		},
		check: func(w http.ResponseWriter, r *http.Request, q *store.CallQueue) bool {
			if err := q.Validate(); err != nil {
				s.writeStoreError(w, r, "queue", err)
				return false
			}
			return s.checkNamed(w, r, "queue", q.Name, func(refs scenario.Refs) ([]scenario.Problem, error) {
				return scenario.CheckQueue(r.Context(), *q, refs)
			})
		},
	}
}

// checkNamed runs check with the scenarios' Refs; on problems it answers
// 400 naming the first problem's field and every problem, and returns
// false.
func (s *Server) checkNamed(w http.ResponseWriter, r *http.Request, noun, name string, check func(scenario.Refs) ([]scenario.Problem, error)) bool {
	refs, err := s.scenarioRefs(r.Context())
	if err != nil {
		s.internalError(w, r, err)
		return false
	}
	problems, err := check(refs)
	if err != nil {
		s.internalError(w, r, err)
		return false
	}
	if len(problems) == 0 {
		return true
	}
	parts := make([]string, len(problems))
	for i, p := range problems {
		parts[i] = p.Field + ": " + p.Message
	}
	writeError(w, http.StatusBadRequest, fmt.Sprintf("%s %q was not saved: %s", noun, name, strings.Join(parts, "; ")), problems[0].Field)
	return false
}
