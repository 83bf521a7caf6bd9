package webui

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hookflash/firmware/pbx/store"
)

// boardPorts creates the rows pbxd's inventory creates for a board with two
// FXS ports, two FXO lines and two GSM modules, and returns their IDs.
func boardPorts(t *testing.T, st *store.Store) (fxs, fxo, gsm [2]int64) {
	t.Helper()
	ctx := context.Background()
	for i := range 2 {
		p := store.FXSPort{Port: i + 1, Mode: store.FXSVoice, CallerID: store.CallerIDETSIBeforeRing, Country: "RU", EchoCancel: true}
		l := store.FXOLine{Port: i + 1, Name: fmt.Sprintf("Line %d", i+1), Country: "RU", Enabled: true}
		g := store.GSMModule{Slot: i + 1, Name: fmt.Sprintf("GSM %d", i+1), Enabled: true}
		for _, err := range []error{st.FXSPorts().Create(ctx, &p), st.FXOLines().Create(ctx, &l), st.GSMModules().Create(ctx, &g)} {
			if err != nil {
				t.Fatal(err)
			}
		}
		fxs[i], fxo[i], gsm[i] = p.ID, l.ID, g.ID
	}
	return fxs, fxo, gsm
}

// refusal is a request that the API must refuse with code, naming field.
type refusal struct {
	path  string // "" for the path checkRefused is given
	body  any
	code  int
	field string
}

// checkRefused sends each refusal with method and checks the answer: its
// code, the field at fault and a message.
func checkRefused(t *testing.T, b *browser, method, path string, refusals []refusal) {
	t.Helper()
	for _, r := range refusals {
		p := cmp.Or(r.path, path)
		res := b.do(method, p, r.body)
		if e := res.apiErr(t); res.Code != r.code || e.Field != r.field || e.Error == "" {
			t.Errorf("%s %s %.100v = %d %s; want %d on %q", method, p, r.body, res.Code, res.Body, r.code, r.field)
		}
	}
}

func TestFXSPorts(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	fxs, _, _ := boardPorts(t, e.st)
	ext := idOf(t, mustCreate(t, b, "/api/extensions", map[string]any{"number": "101", "name": "Reception"}))
	path := fmt.Sprintf("/api/fxs-ports/%d", fxs[0])

	var list []fxsPortView
	res := b.do("GET", "/api/fxs-ports", nil)
	res.decode(t, &list)
	if res.Code != http.StatusOK || len(list) != 2 || list[0].Port != 1 || list[1].Port != 2 {
		t.Fatalf("GET /api/fxs-ports = %d %s; want ports 1 and 2", res.Code, res.Body)
	}

	steps := []struct {
		body    any
		wantExt string
		check   func(store.FXSPort) bool
	}{
		{map[string]any{"extension": "101", "mode": "fax", "echo_cancel": false}, "101",
			func(p store.FXSPort) bool {
				return p.ExtensionID != nil && *p.ExtensionID == ext && p.Mode == store.FXSFax && !p.EchoCancel
			}},
		{map[string]any{"hotline": "+74951234567", "caller_id": "dtmf", "country": "US"}, "101", // left out: kept
			func(p store.FXSPort) bool {
				return p.Mode == store.FXSFax && p.Hotline == "+74951234567" && p.CallerID == store.CallerIDDTMF && p.Country == "US"
			}},
		{map[string]any{"extension": ""}, "", func(p store.FXSPort) bool { return p.ExtensionID == nil }},
		{map[string]any{"extension_id": ext, "port": 1, "id": fxs[0]}, "101", func(p store.FXSPort) bool { return p.ExtensionID != nil }},
	}
	for _, st := range steps {
		res := b.do("PUT", path, st.body)
		var v fxsPortView
		res.decode(t, &v)
		got, _ := e.st.FXSPorts().Get(context.Background(), fxs[0])
		if res.Code != http.StatusOK || v.Extension != st.wantExt || !st.check(got) {
			t.Fatalf("PUT %v = %d %s, stored %+v; want 200 with extension %q", st.body, res.Code, res.Body, got, st.wantExt)
		}
	}

	checkRefused(t, b, "PUT", path, []refusal{
		{"", map[string]any{"port": 3}, http.StatusBadRequest, "port"},
		{"", map[string]any{"mode": "modem"}, http.StatusBadRequest, "mode"},
		{"", map[string]any{"caller_id": "fsk"}, http.StatusBadRequest, "caller_id"},
		{"", map[string]any{"country": "ru"}, http.StatusBadRequest, "country"},
		{"", map[string]any{"country": "FR"}, http.StatusBadRequest, "country"}, // no tone plan
		{"", map[string]any{"hotline": "call me"}, http.StatusBadRequest, "hotline"},
		{"", map[string]any{"extension": "999"}, http.StatusUnprocessableEntity, "extension"},
		{"", map[string]any{"extension_id": 999}, http.StatusUnprocessableEntity, "extension_id"},
		{"", map[string]any{"ring": true}, http.StatusBadRequest, "ring"},
		{"", map[string]any{"echo_cancel": "yes"}, http.StatusBadRequest, "echo_cancel"},
	})
	if got, _ := e.st.FXSPorts().Get(context.Background(), fxs[0]); got.Port != 1 || got.Mode != store.FXSFax {
		t.Errorf("after refused changes the port is %+v; want it as it was", got)
	}

	for _, tt := range []struct {
		method, path string
		code         int
	}{
		{"GET", "/api/fxs-ports/99", http.StatusNotFound},
		{"PUT", "/api/fxs-ports/99", http.StatusNotFound},
		{"GET", "/api/fxs-ports/x", http.StatusBadRequest},
		{"POST", "/api/fxs-ports", http.StatusNotFound}, // the inventory creates ports
		{"DELETE", path, http.StatusNotFound},
	} {
		if res := b.do(tt.method, tt.path, "{}"); res.Code != tt.code {
			t.Errorf("%s %s = %d %s; want %d", tt.method, tt.path, res.Code, res.Body, tt.code)
		}
	}
}

// TestFXSPortCountries: the countries offered are those with a built-in
// tone plan; a port set to another one, e.g. by an imported
// configuration, keeps it when saved unchanged.
func TestFXSPortCountries(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	fxs, _, _ := boardPorts(t, e.st)
	var cc []string
	res := b.do("GET", "/api/fxs-ports/countries", nil)
	res.decode(t, &cc)
	if want := []string{"DE", "GB", "PL", "RU", "UA", "US"}; res.Code != http.StatusOK || strings.Join(cc, ",") != strings.Join(want, ",") {
		t.Fatalf("GET /api/fxs-ports/countries = %d %s; want %q", res.Code, res.Body, want)
	}
	ctx := context.Background()
	p, _ := e.st.FXSPorts().Get(ctx, fxs[1])
	p.Country = "FR"
	if err := e.st.FXSPorts().Update(ctx, &p); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/api/fxs-ports/%d", fxs[1])
	if res := b.do("PUT", path, map[string]any{"hotline": "101"}); res.Code != http.StatusOK {
		t.Errorf("PUT a port of country FR, left as it is = %d %s; want 200", res.Code, res.Body)
	}
	res = b.do("PUT", path, map[string]any{"country": "JP"})
	if msg := res.apiErr(t).Error; res.Code != http.StatusBadRequest || !contains(msg, `"JP"`, "DE, GB, PL, RU, UA, US") {
		t.Errorf("PUT country JP = %d %q; want 400 naming the choices", res.Code, msg)
	}
	if res := b.do("PUT", path, map[string]any{"country": "PL"}); res.Code != http.StatusOK {
		t.Errorf("PUT country PL = %d %s; want 200", res.Code, res.Body)
	}
}

func TestFXOLines(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	_, fxo, _ := boardPorts(t, e.st)
	path := fmt.Sprintf("/api/fxo-lines/%d", fxo[1])

	res := b.do("GET", "/api/fxo-lines", nil)
	if res.Code != http.StatusOK || !contains(res.Body.String(), `"Line 1"`, `"Line 2"`) {
		t.Fatalf("GET /api/fxo-lines = %d %s; want both lines", res.Code, res.Body)
	}
	res = b.do("PUT", path, map[string]any{"name": "City", "number": "+74957654321", "enabled": false})
	got, _ := e.st.FXOLines().Get(context.Background(), fxo[1])
	if res.Code != http.StatusOK || got.Name != "City" || got.Number != "+74957654321" || got.Enabled || got.Country != "RU" || got.Port != 2 {
		t.Fatalf("PUT = %d %s, stored %+v; want the new name, number and disabled, the rest kept", res.Code, res.Body, got)
	}
	checkRefused(t, b, "PUT", path, []refusal{
		{"", map[string]any{"port": 1}, http.StatusBadRequest, "port"},
		{"", map[string]any{"name": ""}, http.StatusBadRequest, "name"},
		{"", map[string]any{"number": "12-34"}, http.StatusBadRequest, "number"},
		{"", map[string]any{"country": "Russia"}, http.StatusBadRequest, "country"},
		{"", map[string]any{"country": "FR"}, http.StatusBadRequest, "country"}, // no tone plan: its busy tone unheard
	})
	if res := b.do("GET", path, nil); res.Code != http.StatusOK || !strings.Contains(res.Body.String(), `"City"`) {
		t.Errorf("GET %s = %d %s; want the line unchanged by the refused changes", path, res.Code, res.Body)
	}
	if res := b.do("PUT", path, map[string]any{"country": "PL"}); res.Code != http.StatusOK {
		t.Errorf("PUT country PL = %d %s; want 200", res.Code, res.Body)
	}
}

func TestGSMModuleSIMPINWriteOnly(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	_, _, gsm := boardPorts(t, e.st)
	path := fmt.Sprintf("/api/gsm-modules/%d", gsm[0])
	ctx := context.Background()

	steps := []struct {
		body    any
		wantPIN string
	}{
		{map[string]any{"sim_pin": "4821", "sim_number": "+79161234567"}, "4821"},
		{map[string]any{"name": "Office SIM"}, "4821"}, // left out: kept
		{map[string]any{"sim_pin": ""}, "4821"},        // empty: kept
		{map[string]any{"sim_pin": "00001234"}, "00001234"},
		{map[string]any{"clear_sim_pin": true}, ""},
	}
	for _, st := range steps {
		res := b.do("PUT", path, st.body)
		got, _ := e.st.GSMModules().Get(ctx, gsm[0])
		var v gsmModuleView
		res.decode(t, &v)
		if res.Code != http.StatusOK || got.SIMPIN != st.wantPIN || v.SIMPINSet != (st.wantPIN != "") || strings.Contains(res.Body.String(), `"sim_pin"`) {
			t.Fatalf("PUT %v = %d %s, stored PIN %q; want 200 without the PIN and %q stored", st.body, res.Code, res.Body, got.SIMPIN, st.wantPIN)
		}
	}
	if err := e.st.GSMModules().Update(ctx, &store.GSMModule{ID: gsm[0], Slot: 1, Name: "Office SIM", SIMPIN: "9999", Enabled: true}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/api/gsm-modules", path} {
		if res := b.do("GET", p, nil); res.Code != http.StatusOK || strings.Contains(res.Body.String(), "9999") || !strings.Contains(res.Body.String(), `"sim_pin_set":true`) {
			t.Errorf("GET %s = %d %s; want 200 with sim_pin_set and without the PIN", p, res.Code, res.Body)
		}
	}
	checkRefused(t, b, "PUT", path, []refusal{
		{"", map[string]any{"clear_sim_pin": true, "sim_pin": "1234"}, http.StatusBadRequest, "clear_sim_pin"},
		{"", map[string]any{"sim_pin": "12"}, http.StatusBadRequest, "sim_pin"},
		{"", map[string]any{"slot": 2}, http.StatusBadRequest, "slot"},
		{"", map[string]any{"name": strings.Repeat("x", 41)}, http.StatusBadRequest, "name"},
		{"", map[string]any{"sim_number": "mobile"}, http.StatusBadRequest, "sim_number"},
	})
	if got, _ := e.st.GSMModules().Get(ctx, gsm[0]); got.SIMPIN != "9999" || got.Slot != 1 {
		t.Errorf("after refused changes the module is %+v; want it as it was", got)
	}
}

func TestGSMModuleOptions(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	_, _, gsm := boardPorts(t, e.st)
	path := fmt.Sprintf("/api/gsm-modules/%d/options", gsm[1])
	ctx := context.Background()

	var v gsmOptionsView
	res := b.do("GET", path, nil)
	res.decode(t, &v)
	if want := (gsmOptionsView{GSMModuleID: gsm[1]}); res.Code != http.StatusOK || v != want {
		t.Fatalf("GET %s before any change = %d %s; want %+v", path, res.Code, res.Body, want)
	}

	steps := []struct {
		body any
		want store.GSMModuleOptions
	}{
		{map[string]any{"minutes_per_day": 60, "fmc": true, "fmc_pin": "2468"},
			store.GSMModuleOptions{MinutesPerDay: 60, FMC: true, FMCPIN: "2468"}},
		{map[string]any{"sms_per_day": 100, "minutes_per_month": 600}, // left out: kept
			store.GSMModuleOptions{MinutesPerDay: 60, MinutesPerMonth: 600, SMSPerDay: 100, FMC: true, FMCPIN: "2468"}},
		{map[string]any{"fmc_pin": ""},
			store.GSMModuleOptions{MinutesPerDay: 60, MinutesPerMonth: 600, SMSPerDay: 100, FMC: true, FMCPIN: "2468"}},
		{map[string]any{"clear_fmc_pin": true, "minutes_per_day": 0},
			store.GSMModuleOptions{MinutesPerMonth: 600, SMSPerDay: 100, FMC: true}},
	}
	for _, st := range steps {
		res := b.do("PUT", path, st.body)
		got, err := e.st.GSMModuleOptions().FindBy(ctx, "gsm_module_id", gsm[1])
		got.ID, st.want.GSMModuleID = 0, gsm[1]
		if res.Code != http.StatusOK || err != nil || got != st.want || strings.Contains(res.Body.String(), "2468") {
			t.Fatalf("PUT %v = %d %s, stored %+v, %v; want 200 without the PIN and %+v", st.body, res.Code, res.Body, got, err, st.want)
		}
	}
	if rows, _ := e.st.GSMModuleOptions().List(ctx); len(rows) != 1 {
		t.Errorf("options rows = %+v; want one, for the one module changed", rows)
	}

	checkRefused(t, b, "PUT", path, []refusal{
		{"", map[string]any{"minutes_per_day": -1}, http.StatusBadRequest, "minutes_per_day"},
		{"", map[string]any{"sms_per_day": 1e6}, http.StatusBadRequest, "sms_per_day"},
		{"", map[string]any{"fmc_pin": "12a4"}, http.StatusBadRequest, "fmc_pin"},
		{"", map[string]any{"fmc_pin": "1234", "clear_fmc_pin": true}, http.StatusBadRequest, "clear_fmc_pin"},
		{"", map[string]any{"gsm_module_id": 1}, http.StatusBadRequest, "gsm_module_id"},
		{"/api/gsm-modules/99/options", map[string]any{"fmc": true}, http.StatusNotFound, ""},
		{"/api/gsm-modules/0/options", map[string]any{"fmc": true}, http.StatusBadRequest, "id"},
	})
	if res := b.do("GET", "/api/gsm-modules/99/options", nil); res.Code != http.StatusNotFound {
		t.Errorf("GET options of a missing module = %d %s; want 404", res.Code, res.Body)
	}
}

func TestOutboundRuleLines(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	_, fxo, gsm := boardPorts(t, e.st)
	ctx := context.Background()
	trunk := idOf(t, mustCreate(t, b, "/api/trunks", map[string]any{"name": "Provider", "host": "sip.example.net"}))
	rule := idOf(t, mustCreate(t, b, "/api/outbound-rules", map[string]any{"name": "Mobiles", "prefix": "89"}))
	path := fmt.Sprintf("/api/outbound-rules/%d/lines", rule)

	if res := b.do("GET", path, nil); res.Code != http.StatusOK || strings.TrimSpace(res.Body.String()) != "[]" {
		t.Fatalf("GET %s of a new rule = %d %s; want []", path, res.Code, res.Body)
	}
	lines := []map[string]int64{{"gsm_module_id": gsm[0]}, {"gsm_module_id": gsm[1]}, {"fxo_line_id": fxo[0]}, {"sip_trunk_id": trunk}}
	res := b.do("PUT", path, lines)
	if res.Code != http.StatusOK {
		t.Fatalf("PUT %s = %d %s; want 200", path, res.Code, res.Body)
	}
	stored, _ := e.st.LinesOfRule(ctx, rule)
	if len(stored) != 4 || *stored[0].GSMModuleID != gsm[0] || *stored[1].GSMModuleID != gsm[1] || *stored[2].FXOLineID != fxo[0] || *stored[3].SIPTrunkID != trunk ||
		stored[0].Position != 1 || stored[3].Position != 4 {
		t.Fatalf("stored lines %+v; want GSM 1, GSM 2, FXO 1, the trunk at positions 1-4", stored)
	}
	if res := b.do("GET", path, nil); res.Code != http.StatusOK ||
		res.Body.String() != fmt.Sprintf(`[{"gsm_module_id":%d},{"gsm_module_id":%d},{"fxo_line_id":%d},{"sip_trunk_id":%d}]`+"\n", gsm[0], gsm[1], fxo[0], trunk) {
		t.Fatalf("GET %s = %d %s; want the lines in order", path, res.Code, res.Body)
	}
	res = b.do("PUT", path, []map[string]int64{{"fxo_line_id": fxo[1]}, {"gsm_module_id": gsm[1]}})
	if stored, _ := e.st.LinesOfRule(ctx, rule); res.Code != http.StatusOK || len(stored) != 2 || *stored[0].FXOLineID != fxo[1] {
		t.Fatalf("PUT replacing = %d %s, stored %+v; want FXO 2 then GSM 2 only", res.Code, res.Body, stored)
	}

	checkRefused(t, b, "PUT", path, []refusal{
		{"", `[{}]`, http.StatusBadRequest, "[0].sip_trunk_id"},
		{"", []map[string]int64{{"gsm_module_id": gsm[0]}, {"gsm_module_id": gsm[1], "fxo_line_id": fxo[0]}}, http.StatusBadRequest, "[1].gsm_module_id"},
		{"", []map[string]int64{{"gsm_module_id": gsm[0]}, {"fxo_line_id": fxo[0]}, {"gsm_module_id": gsm[0]}}, http.StatusBadRequest, "[2].gsm_module_id"},
		{"", []map[string]int64{{"gsm_module_id": gsm[0]}, {"gsm_module_id": 999}}, http.StatusUnprocessableEntity, "gsm_module_id"},
		{"", []map[string]any{{"position": 1, "gsm_module_id": gsm[0]}}, http.StatusBadRequest, "position"},
		{"", map[string]any{"gsm_module_id": gsm[0]}, http.StatusBadRequest, ""},
		{"", make([]map[string]int64, 100), http.StatusBadRequest, ""},
		{"/api/outbound-rules/999/lines", []map[string]int64{{"gsm_module_id": gsm[0]}}, http.StatusNotFound, ""},
	})
	if stored, _ := e.st.LinesOfRule(ctx, rule); len(stored) != 2 || *stored[0].FXOLineID != fxo[1] || *stored[1].GSMModuleID != gsm[1] {
		t.Errorf("after refused changes the lines are %+v; want FXO 2 then GSM 2 still", stored)
	}
	if res := b.do("GET", "/api/outbound-rules/999/lines", nil); res.Code != http.StatusNotFound {
		t.Errorf("GET lines of a missing rule = %d %s; want 404", res.Code, res.Body)
	}
	if res := b.do("PUT", path, `[]`); res.Code != http.StatusOK {
		t.Errorf("PUT [] = %d %s; want 200", res.Code, res.Body)
	}
	if stored, _ := e.st.LinesOfRule(ctx, rule); len(stored) != 0 {
		t.Errorf("after PUT [] the lines are %+v; want none", stored)
	}
}
