package store

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"
)

func ptr(v int64) *int64 { return &v }

// checkCRUD creates, reads, updates, lists and deletes one row of tbl.
func checkCRUD[T any](t *testing.T, tbl *Table[T], row T, change func(*T)) {
	t.Helper()
	ctx := context.Background()
	if err := tbl.Create(ctx, &row); err != nil {
		t.Fatalf("Create(%+v) = %v", row, err)
	}
	id := reflect.ValueOf(row).Field(0).Int()
	if id == 0 {
		t.Fatal("Create did not set the ID")
	}
	if got, err := tbl.Get(ctx, id); err != nil || !reflect.DeepEqual(got, row) {
		t.Fatalf("Get(%d) = %+v, %v; want %+v", id, got, err, row)
	}
	change(&row)
	if err := tbl.Update(ctx, &row); err != nil {
		t.Fatalf("Update(%+v) = %v", row, err)
	}
	if got, err := tbl.Get(ctx, id); err != nil || !reflect.DeepEqual(got, row) {
		t.Fatalf("Get after Update = %+v, %v; want %+v", got, err, row)
	}
	if all, err := tbl.List(ctx); err != nil || len(all) == 0 || !reflect.DeepEqual(all[len(all)-1], row) {
		t.Fatalf("List = %+v, %v; want it to end with %+v", all, err, row)
	}
	if err := tbl.Delete(ctx, id); err != nil {
		t.Fatalf("Delete(%d) = %v", id, err)
	}
	if _, err := tbl.Get(ctx, id); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete = %v; want ErrNotFound", err)
	}
	if err := tbl.Delete(ctx, id); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second Delete = %v; want ErrNotFound", err)
	}
	if err := tbl.Update(ctx, &row); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Update of deleted row = %v; want ErrNotFound", err)
	}
}

func TestRepositoriesCRUD(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	// Parents that the rows below refer to.
	ext := newExtension("100")
	list := NumberList{Name: "spam", Kind: "black"}
	sc := Scenario{Name: "default", Document: json.RawMessage(`{"elements":[]}`)}
	trunk := SIPTrunk{Name: "provider", Host: "sip.example.net", Port: 5060, Transport: "udp", Enabled: true}
	fxo := FXOLine{Port: 1, Name: "City 1", Country: "RU", Enabled: true}
	for _, err := range []error{
		s.Extensions().Create(ctx, &ext), s.NumberLists().Create(ctx, &list),
		s.Scenarios().Create(ctx, &sc), s.SIPTrunks().Create(ctx, &trunk), s.FXOLines().Create(ctx, &fxo),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	now := time.UnixMilli(time.Now().UnixMilli()).UTC()

	t.Run("admins", func(t *testing.T) {
		checkCRUD(t, s.Admins(), Admin{Username: "root", PasswordHash: "h", CreatedAt: now, PasswordChangedAt: now},
			func(a *Admin) { a.PasswordHash = "h2" })
	})
	t.Run("admin_sessions", func(t *testing.T) {
		a := Admin{Username: "sess", PasswordHash: "h", CreatedAt: now, PasswordChangedAt: now}
		if err := s.Admins().Create(ctx, &a); err != nil {
			t.Fatal(err)
		}
		checkCRUD(t, s.AdminSessions(), AdminSession{TokenHash: "t", AdminID: a.ID, CSRFToken: "c", Client: "127.0.0.1", CreatedAt: now, ExpiresAt: now.Add(time.Hour)},
			func(x *AdminSession) { x.ExpiresAt = now.Add(2 * time.Hour) })
	})
	t.Run("extensions", func(t *testing.T) {
		checkCRUD(t, s.Extensions(), newExtension("101"), func(e *Extension) { e.DND, e.Outbound = true, OutboundNational })
	})
	t.Run("sip_devices", func(t *testing.T) {
		checkCRUD(t, s.SIPDevices(), SIPDevice{ExtensionID: ext.ID, Username: "100a", HA1MD5: hex(32), HA1SHA256: hex(64)},
			func(d *SIPDevice) { d.Description = "desk phone" })
	})
	t.Run("fxs_ports", func(t *testing.T) {
		checkCRUD(t, s.FXSPorts(), FXSPort{Port: 1, ExtensionID: ptr(ext.ID), Mode: FXSVoice, CallerID: CallerIDETSIBeforeRing, Country: "RU", EchoCancel: true},
			func(p *FXSPort) { p.ExtensionID, p.Mode = nil, FXSFax })
	})
	t.Run("fxo_lines", func(t *testing.T) {
		checkCRUD(t, s.FXOLines(), FXOLine{Port: 2, Name: "City 2", Country: "RU"}, func(l *FXOLine) { l.Number = "+74951234567" })
	})
	t.Run("gsm_modules", func(t *testing.T) {
		checkCRUD(t, s.GSMModules(), GSMModule{Slot: 1, Name: "GSM1", SIMPIN: "1234", Enabled: true}, func(g *GSMModule) { g.SIMNumber = "+79161234567" })
	})
	t.Run("sip_trunks", func(t *testing.T) {
		checkCRUD(t, s.SIPTrunks(), SIPTrunk{Name: "backup", Host: "10.0.0.1", Port: 5060, Transport: "tcp"}, func(x *SIPTrunk) { x.Register = true })
	})
	t.Run("scenarios", func(t *testing.T) {
		checkCRUD(t, s.Scenarios(), Scenario{Name: "night", Document: json.RawMessage(`{"a":1}`)},
			func(x *Scenario) { x.Document = json.RawMessage(`{"a":2}`) })
	})
	t.Run("schedules", func(t *testing.T) {
		checkCRUD(t, s.Schedules(), Schedule{Name: "office", TimeZone: "Europe/Moscow", Document: json.RawMessage(`{}`)},
			func(x *Schedule) { x.TimeZone = "Europe/Warsaw" })
	})
	t.Run("number_lists", func(t *testing.T) {
		checkCRUD(t, s.NumberLists(), NumberList{Name: "vip", Kind: "white"}, func(x *NumberList) { x.Name = "VIP" })
	})
	t.Run("number_list_entries", func(t *testing.T) {
		checkCRUD(t, s.NumberListEntries(), NumberListEntry{ListID: list.ID, Pattern: "+7800", Prefix: true},
			func(x *NumberListEntry) { x.Comment = "toll-free" })
	})
	t.Run("prompts", func(t *testing.T) {
		checkCRUD(t, s.Prompts(), Prompt{Name: "hello", File: "hello.wav", DurationMS: 1200}, func(x *Prompt) { x.DurationMS = 1300 })
	})
	t.Run("inbound_routes", func(t *testing.T) {
		checkCRUD(t, s.InboundRoutes(), InboundRoute{Name: "main", Source: SourceDID, DID: "+74950000000", SIPTrunkID: ptr(trunk.ID), ScenarioID: sc.ID},
			func(x *InboundRoute) { x.Source, x.FXOLineID, x.SIPTrunkID = SourceFXO, ptr(fxo.ID), nil })
	})
	t.Run("settings", func(t *testing.T) {
		checkCRUD(t, s.Settings(), Setting{Key: "country", Value: json.RawMessage(`"RU"`)}, func(x *Setting) { x.Value = json.RawMessage(`"PL"`) })
	})
	t.Run("call_records", func(t *testing.T) {
		checkCRUD(t, s.CallRecords(), CallRecord{StartedAt: now, EndedAt: now.Add(time.Minute), Direction: "inbound", Caller: "+7916", Callee: "100",
			Source: "gsm/1", Cause: "normal", Details: json.RawMessage(`{}`)},
			func(x *CallRecord) { x.AnsweredAt = now.Add(time.Second) })
	})
}

func TestForeignKeyAndUniqueErrors(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	ext := newExtension("100")
	sc := Scenario{Name: "default", Document: json.RawMessage(`{}`)}
	if err := errors.Join(s.Extensions().Create(ctx, &ext), s.Scenarios().Create(ctx, &sc)); err != nil {
		t.Fatal(err)
	}
	route := InboundRoute{Name: "any", Source: SourceAny, ScenarioID: sc.ID}
	if err := s.InboundRoutes().Create(ctx, &route); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name         string
		write        func() error
		kind         error
		table, field string
	}{
		{"duplicate extension number", func() error { e := newExtension("100"); return s.Extensions().Create(ctx, &e) },
			ErrDuplicate, "extensions", "number"},
		{"duplicate on update", func() error {
			e := newExtension("200")
			if err := s.Extensions().Create(ctx, &e); err != nil {
				return err
			}
			e.Number = "100"
			return s.Extensions().Update(ctx, &e)
		}, ErrDuplicate, "extensions", "number"},
		{"duplicate list entry", func() error {
			l := NumberList{Name: "l", Kind: "black"}
			if err := s.NumberLists().Create(ctx, &l); err != nil {
				return err
			}
			e1 := NumberListEntry{ListID: l.ID, Pattern: "123"}
			e2 := e1
			return errors.Join(s.NumberListEntries().Create(ctx, &e1), s.NumberListEntries().Create(ctx, &e2))
		}, ErrDuplicate, "number_list_entries", "pattern"},
		{"missing extension of a device", func() error {
			d := SIPDevice{ExtensionID: 999, Username: "x", HA1MD5: hex(32), HA1SHA256: hex(64)}
			return s.SIPDevices().Create(ctx, &d)
		}, ErrMissingReference, "sip_devices", "extension_id"},
		{"missing schedule of a route", func() error {
			r := InboundRoute{Name: "r2", Source: SourceAny, ScenarioID: sc.ID, ScheduleID: ptr(77)}
			return s.InboundRoutes().Create(ctx, &r)
		}, ErrMissingReference, "inbound_routes", "schedule_id"},
		{"scenario still used by a route", func() error { return s.Scenarios().Delete(ctx, sc.ID) },
			ErrInUse, "inbound_routes", "scenario_id"},
		{"invalid value", func() error { e := newExtension("1x"); return s.Extensions().Create(ctx, &e) },
			ErrInvalid, "extensions", "number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.write()
			var fe *FieldError
			if !errors.Is(err, tt.kind) || !errors.As(err, &fe) || fe.Table != tt.table || fe.Field != tt.field {
				t.Fatalf("err = %v; want %v on %s.%s", err, tt.kind, tt.table, tt.field)
			}
		})
	}
}

func TestDeletingAnExtensionTakesItsDevicesAndFreesItsPort(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	ext := newExtension("100")
	if err := s.Extensions().Create(ctx, &ext); err != nil {
		t.Fatal(err)
	}
	dev := SIPDevice{ExtensionID: ext.ID, Username: "100", HA1MD5: hex(32), HA1SHA256: hex(64)}
	port := FXSPort{Port: 1, ExtensionID: ptr(ext.ID), Mode: FXSVoice, CallerID: CallerIDOff, Country: "US"}
	if err := errors.Join(s.SIPDevices().Create(ctx, &dev), s.FXSPorts().Create(ctx, &port)); err != nil {
		t.Fatal(err)
	}
	if err := s.Extensions().Delete(ctx, ext.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SIPDevices().Get(ctx, dev.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("device after extension deleted: %v; want ErrNotFound", err)
	}
	if p, err := s.FXSPorts().Get(ctx, port.ID); err != nil || p.ExtensionID != nil {
		t.Errorf("port after extension deleted = %+v, %v; want it unassigned", p, err)
	}
}

func TestConfigWritesBumpRevisionAndNotify(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	revs, cancel := s.Subscribe()
	defer cancel()
	before, _ := s.Revision(ctx)

	e := newExtension("100")
	if err := s.Extensions().Create(ctx, &e); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-revs:
		if got != before+1 {
			t.Fatalf("notified revision %d; want %d", got, before+1)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no notification after a config write")
	}
	// A failed write changes nothing and notifies nobody.
	dup := newExtension("100")
	if err := s.Extensions().Create(ctx, &dup); err == nil {
		t.Fatal("duplicate accepted")
	}
	// Call records and sessions are not configuration.
	cr := CallRecord{StartedAt: time.Now(), EndedAt: time.Now(), Direction: "internal", Cause: "normal"}
	if err := s.CallRecords().Create(ctx, &cr); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-revs:
		t.Fatalf("notified revision %d after a failed write and a call record", got)
	default:
	}
	if rev, _ := s.Revision(ctx); rev != before+1 {
		t.Fatalf("revision = %d; want %d", rev, before+1)
	}
	// A slow subscriber gets the latest revision, not a backlog.
	for range 3 {
		if err := s.PutSetting(ctx, "country", "RU"); err != nil {
			t.Fatal(err)
		}
	}
	if got := <-revs; got != before+4 {
		t.Fatalf("slow subscriber got %d; want the latest, %d", got, before+4)
	}
	cancel()
	if _, ok := <-revs; ok {
		t.Fatal("channel still open after cancel")
	}
}

func TestSetupCodeWorksOnce(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	now := time.Now()
	if err := s.ReplaceSetupCode(ctx, "first", now); err != nil {
		t.Fatal(err)
	}
	if err := s.ReplaceSetupCode(ctx, "second", now); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UseSetupCode(ctx, "first", "admin", "hash", now); !errors.Is(err, ErrNotFound) {
		t.Fatalf("replaced code: %v; want ErrNotFound", err)
	}
	a, err := s.UseSetupCode(ctx, "second", "admin", "hash", now)
	if err != nil || a.ID == 0 || a.PasswordHash != "hash" {
		t.Fatalf("UseSetupCode = %+v, %v", a, err)
	}
	sess := AdminSession{TokenHash: "t", AdminID: a.ID, CSRFToken: "c", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
	if err := s.AdminSessions().Create(ctx, &sess); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UseSetupCode(ctx, "second", "admin", "other", now); !errors.Is(err, ErrNotFound) {
		t.Fatalf("replayed code: %v; want ErrNotFound", err)
	}
	// A reset sets the existing admin's password and ends its sessions.
	if err := s.ReplaceSetupCode(ctx, "third", now); err != nil {
		t.Fatal(err)
	}
	b, err := s.UseSetupCode(ctx, "third", "admin", "new", now)
	if err != nil || b.ID != a.ID || b.PasswordHash != "new" {
		t.Fatalf("reset = %+v, %v; want admin %d with the new hash", b, err, a.ID)
	}
	if left, _ := s.AdminSessions().List(ctx); len(left) != 0 {
		t.Fatalf("sessions after reset = %d; want 0", len(left))
	}
}
