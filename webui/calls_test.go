package webui

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/store"
)

// seedCalls stores four calls on 2026-03-01..04, one of each outcome.
func seedCalls(t *testing.T, st *store.Store) {
	t.Helper()
	day := func(d int) time.Time { return time.Date(2026, 3, d, 10, 0, 0, 0, time.UTC) }
	calls := []store.CallRecord{
		{StartedAt: day(1), AnsweredAt: day(1).Add(5 * time.Second), EndedAt: day(1).Add(65 * time.Second), Direction: "inbound",
			Caller: "+74951234567", Callee: "101", Source: "gsm/1", Destination: "fxs/1", Cause: "normal",
			Details:   json.RawMessage(`{"call":"c1","legs":[{"channel":"gsm/1"},{"channel":"fxs/1"}],"path":[{"element":"menu"}],"variables":{"rating":"4"}}`),
			Recording: "c1.wav"},
		{StartedAt: day(2), EndedAt: day(2).Add(30 * time.Second), Caller: "101", Callee: "102", Source: "fxs/1", Cause: "no_answer"},
		{StartedAt: day(3), EndedAt: day(3).Add(time.Second), Caller: "102", Callee: "101", Source: "fxs/2", Cause: "busy"},
		{StartedAt: day(4), EndedAt: day(4).Add(time.Second), Caller: "=1+2", Callee: "84951234567", Source: "fxs/2", Cause: "congestion"},
	}
	for i := range calls {
		if err := st.CallRecords().Create(context.Background(), &calls[i]); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCallLog(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	seedCalls(t, e.st)
	tests := []struct {
		query string
		ids   []int64
		next  int64
	}{
		{"", []int64{4, 3, 2, 1}, 0},
		{"?outcome=answered", []int64{1}, 0},
		{"?outcome=unanswered", []int64{2}, 0},
		{"?outcome=busy", []int64{3}, 0},
		{"?outcome=failed", []int64{4}, 0},
		{"?number=4951234", []int64{4, 1}, 0},
		{"?channel=fxs/1", []int64{2, 1}, 0},
		{"?channel=gsm", []int64{1}, 0},
		{"?from=2026-03-02&to=2026-03-03", []int64{3, 2}, 0},
		{"?from=2026-03-02T12:00:00Z", []int64{4, 3}, 0},
		{"?limit=2", []int64{4, 3}, 3},
		{"?limit=2&before=3", []int64{2, 1}, 0},
	}
	for _, tc := range tests {
		var page callPage
		res := b.do("GET", "/api/calls"+tc.query, nil)
		res.decode(t, &page)
		var ids []int64
		for _, c := range page.Calls {
			ids = append(ids, c.ID)
		}
		if res.Code != http.StatusOK || fmt.Sprint(ids) != fmt.Sprint(tc.ids) || page.Next != tc.next {
			t.Errorf("GET /api/calls%s = %d ids %v next %d; want %v next %d", tc.query, res.Code, ids, page.Next, tc.ids, tc.next)
		}
	}
	bad := []struct{ query, field string }{
		{"?from=yesterday", "from"}, {"?outcome=lost", "outcome"}, {"?limit=0", "limit"}, {"?limit=5000", "limit"},
		{"?before=x", "before"}, {"?from=2026-03-04&to=2026-03-01", "to"},
	}
	for _, tc := range bad {
		res := b.do("GET", "/api/calls"+tc.query, nil)
		if res.Code != http.StatusBadRequest || res.apiErr(t).Field != tc.field {
			t.Errorf("GET /api/calls%s = %d %s; want 400 on %s", tc.query, res.Code, res.Body, tc.field)
		}
	}

	var one callDetail
	res := b.do("GET", "/api/calls/1", nil)
	res.decode(t, &one)
	if res.Code != http.StatusOK || one.Outcome != "answered" || one.TalkS != 60 || !contains(string(one.Details), `"path"`, `"legs"`) {
		t.Errorf("GET /api/calls/1 = %d %s", res.Code, res.Body)
	}
	if res := b.do("GET", "/api/calls/9", nil); res.Code != http.StatusNotFound {
		t.Errorf("GET missing call = %d; want 404", res.Code)
	}
}

func TestCallLogCSV(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	seedCalls(t, e.st)
	res := b.do("GET", "/api/calls.csv?number=4951234", nil)
	if res.Code != http.StatusOK || !contains(res.Header().Get("Content-Type"), "text/csv") {
		t.Fatalf("GET calls.csv = %d %s", res.Code, res.Header())
	}
	rows, err := csv.NewReader(res.Body).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "id" || rows[0][7] != "caller" {
		t.Fatalf("CSV = %q; want a header and two calls", rows)
	}
	// Newest first; numbers and formulas kept as text.
	if rows[1][7] != "'=1+2" || rows[1][9] != "'84951234567" || rows[2][7] != "'+74951234567" || rows[2][12] != "answered" {
		t.Errorf("CSV rows = %q", rows[1:])
	}
	// The last two columns: whether the call was recorded, and its rating.
	if n := len(rows[0]); rows[0][n-2] != "recorded" || rows[0][n-1] != "rating" {
		t.Errorf("CSV header = %q; want recorded and rating last", rows[0])
	}
	if got := [][]string{rows[1][15:], rows[2][15:]}; fmt.Sprint(got) != fmt.Sprint([][]string{{"false", ""}, {"true", "4"}}) {
		t.Errorf("CSV recorded and rating = %q; want [false ''] then [true 4]", got)
	}
	if res := b.do("GET", "/api/calls.csv?outcome=x", nil); res.Code != http.StatusBadRequest {
		t.Errorf("bad filter = %d; want 400", res.Code)
	}
}

// FuzzCallFilter checks that any query either parses into a filter with a
// sane page size or is answered 400 with the field at fault.
func FuzzCallFilter(f *testing.F) {
	for _, q := range []string{"", "from=2026-03-01&to=2026-03-02", "limit=5&before=9", "outcome=busy&channel=gsm", "from=%ff", "limit=-1"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, query string) {
		q, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		rec := httptest.NewRecorder()
		flt, ok := parseCallFilter(rec, q)
		switch {
		case ok && (flt.limit < 1 || flt.limit > maxCallPage || flt.before < 0):
			t.Errorf("parseCallFilter(%q) = %+v; want a page of 1 to %d", query, flt, maxCallPage)
		case !ok && (rec.Code != http.StatusBadRequest || !contains(rec.Body.String(), `"field":`)):
			t.Errorf("parseCallFilter(%q) answered %d %s; want 400 with a field", query, rec.Code, rec.Body)
		}
	})
}

func TestCallRatingCell(t *testing.T) {
	t.Parallel()
	tests := []struct{ details, want string }{
		{`{"variables":{"rating":"5"}}`, "5"},
		{`{"variables":{"rating":"0"}}`, ""},
		{`{"variables":{"rating":"12"}}`, ""},
		{`{"variables":{"other":"3"}}`, ""},
		{`{}`, ""},
		{`not json`, ""},
	}
	for _, tc := range tests {
		if got := callRating(json.RawMessage(tc.details)); got != tc.want {
			t.Errorf("callRating(%s) = %q; want %q", tc.details, got, tc.want)
		}
	}
}
