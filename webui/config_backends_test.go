package webui

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/hookflash/firmware/pbx/scenario"
)

// TestBackendSettings: a CRM is configured through the settings API with
// its checks; its token is never shown and is kept when sent back as
// shown; a scenario with a responsible manager saves only once a CRM is
// configured.
func TestBackendSettings(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	ctx := context.Background()
	mustCreate(t, b, "/api/extensions", map[string]any{"number": "101", "name": "Reception"})
	manager := json.RawMessage(`{"schema": 1, "elements": [
 {"id": "in", "type": "incoming", "next": {"next": "m"}},
 {"id": "m", "type": "manager", "label": "Account manager", "params": {"crm": "amocrm", "ring_time": 20}, "next": {"next": "bye"}},
 {"id": "bye", "type": "hangup"}]}`)

	res := b.do("POST", "/api/scenarios", map[string]any{"name": "Sales", "document": manager})
	if res.Code != http.StatusBadRequest || !strings.Contains(res.Body.String(), "crm backend") {
		t.Fatalf("save with a manager and no CRM = %d %s; want 400 saying a CRM is needed", res.Code, res.Body)
	}

	path := "/api/settings/" + scenario.BackendCRM
	tests := []struct {
		name  string
		value string
		code  int
		field string
	}{
		{"kind without its part", `{"kind": "amocrm"}`, 400, "value.amocrm"},
		{"bad subdomain", `{"kind": "amocrm", "amocrm": {"subdomain": "no way", "access_token": "tok"}}`, 400, "value.amocrm.subdomain"},
		{"unknown field", `{"kind": "amocrm", "colour": 1}`, 400, "value"},
		{"kept secret with nothing stored", `{"kind": "amocrm", "amocrm": {"subdomain": "office", "access_token": "(kept)"}}`, 400, "value"},
		{"amoCRM", `{"kind": "amocrm", "amocrm": {"subdomain": "office", "access_token": "secret-token"}}`, 200, ""},
		{"new subdomain, token kept", `{"kind": "amocrm", "amocrm": {"subdomain": "office2", "access_token": "(kept)"}}`, 200, ""},
	}
	for _, tt := range tests {
		res := b.do("PUT", path, map[string]any{"value": json.RawMessage(tt.value)})
		if res.Code != tt.code || tt.field != "" && res.apiErr(t).Field != tt.field {
			t.Errorf("PUT %s = %d %s; want %d on %q", tt.name, res.Code, res.Body, tt.code, tt.field)
		}
	}
	var stored scenario.CRMConfig
	if err := e.st.GetSetting(ctx, scenario.BackendCRM, &stored); err != nil || stored.AmoCRM == nil ||
		stored.AmoCRM.Subdomain != "office2" || stored.AmoCRM.AccessToken != "secret-token" {
		t.Fatalf("stored %+v, %v; want office2 with the first token", stored.AmoCRM, err)
	}
	res = b.do("GET", path, nil)
	if strings.Contains(res.Body.String(), "secret-token") || !strings.Contains(res.Body.String(), `"access_token":"(kept)"`) {
		t.Errorf("GET %s = %s; want the token hidden", path, res.Body)
	}

	res = b.do("POST", "/api/scenarios", map[string]any{"name": "Sales", "document": manager})
	if res.Code != http.StatusCreated {
		t.Fatalf("save with a manager and a CRM = %d %s; want 201", res.Code, res.Body)
	}
}
