package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// addPeople adds an admin with a session, a setup code and a call record:
// what FactoryReset must remove besides the configuration.
func addPeople(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	if err := s.ReplaceSetupCode(ctx, "code-hash", now); err != nil {
		t.Fatal(err)
	}
	a, err := s.UseSetupCode(ctx, "code-hash", "admin", "pw-hash", now)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ReplaceSetupCode(ctx, "another-code", now); err != nil {
		t.Fatal(err)
	}
	sess := AdminSession{TokenHash: "tok", AdminID: a.ID, CSRFToken: "csrf", Client: "127.0.0.1", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
	if err := s.AdminSessions().Create(ctx, &sess); err != nil {
		t.Fatal(err)
	}
	cr := CallRecord{StartedAt: now, EndedAt: now.Add(time.Minute), Direction: "internal", Caller: "101", Callee: "102",
		Source: "fxs/1", Cause: "normal", Details: json.RawMessage(`{"mos":4.3}`)}
	if err := s.CallRecords().Create(ctx, &cr); err != nil {
		t.Fatal(err)
	}
}

func count(t *testing.T, s *Store, table string) int {
	t.Helper()
	var n int
	if err := s.r.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestFactoryReset(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	populate(t, s)
	addPeople(t, s)
	empty, err := openTemp(t).Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	revs, cancel := s.Subscribe()
	defer cancel()
	rev0, _ := s.Revision(ctx)

	if err := s.FactoryReset(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Export(ctx); !reflect.DeepEqual(got, empty) {
		t.Errorf("Export after FactoryReset = %+v; want empty %+v", got, empty)
	}
	for _, table := range []string{"admins", "admin_sessions", "setup_codes", "call_records"} {
		if n := count(t, s, table); n != 0 {
			t.Errorf("%s after FactoryReset has %d rows; want 0", table, n)
		}
	}
	if n := count(t, s, "schema_migrations"); n != SchemaVersion() {
		t.Errorf("schema_migrations after FactoryReset has %d rows; want %d", n, SchemaVersion())
	}
	if rev, _ := s.Revision(ctx); rev != rev0+1 {
		t.Errorf("revision after FactoryReset = %d; want %d", rev, rev0+1)
	}
	if rev := waitRevision(t, revs); rev != rev0+1 {
		t.Errorf("subscriber got %d; want %d", rev, rev0+1)
	}
	var secure int
	if err := s.w.QueryRow("PRAGMA secure_delete").Scan(&secure); err != nil || secure != 0 {
		t.Errorf("secure_delete after FactoryReset = %d, %v; want 0", secure, err)
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
	for _, file := range []string{s.Path(), s.Path() + "-wal"} {
		b, err := os.ReadFile(file)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		for _, secret := range []string{"s3cret", "pw-hash"} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s still holds %q after FactoryReset", filepath.Base(file), secret)
			}
		}
	}
	// The store is usable afterwards.
	e := newExtension("101")
	if err := s.Extensions().Create(ctx, &e); err != nil {
		t.Errorf("Create after FactoryReset: %v", err)
	}
}

func TestSnapshotAndRestoreSnapshot(t *testing.T) {
	ctx := context.Background()
	src := openTemp(t)
	want := populate(t, src)
	addPeople(t, src)
	snap := filepath.Join(t.TempDir(), "snap.db")
	if err := src.Snapshot(ctx, snap); err != nil {
		t.Fatal(err)
	}
	if err := src.Snapshot(ctx, snap); err == nil {
		t.Error("Snapshot over an existing file worked; want an error")
	}
	srcRev, _ := src.Revision(ctx)
	// Changes after the snapshot are not in it.
	late := newExtension("199")
	if err := src.Extensions().Create(ctx, &late); err != nil {
		t.Fatal(err)
	}

	dst := openTemp(t)
	other := newExtension("777")
	if err := dst.Extensions().Create(ctx, &other); err != nil {
		t.Fatal(err)
	}
	for range 5 { // a revision above the snapshot's
		if err := dst.PutSetting(ctx, "x", 1); err != nil {
			t.Fatal(err)
		}
	}
	revs, cancel := dst.Subscribe()
	defer cancel()
	before := stateOf(t, dst)

	if err := dst.RestoreSnapshot(ctx, snap); err != nil {
		t.Fatal(err)
	}
	after := stateOf(t, dst)
	if !reflect.DeepEqual(after.cfg, want) {
		t.Errorf("Export after RestoreSnapshot = %+v; want %+v", after.cfg, want)
	}
	if after.rev <= before.rev || after.rev <= srcRev {
		t.Errorf("revision after restore = %d; want above %d (before) and %d (snapshot)", after.rev, before.rev, srcRev)
	}
	if rev := waitRevision(t, revs); rev != after.rev {
		t.Errorf("subscriber got %d; want %d", rev, after.rev)
	}
	if admins, err := dst.Admins().List(ctx); err != nil || len(admins) != 1 || admins[0].Username != "admin" {
		t.Errorf("admins after restore = %+v, %v; want the snapshot's admin", admins, err)
	}
	if n := count(t, dst, "call_records"); n != 1 {
		t.Errorf("call records after restore = %d; want 1", n)
	}
	var mode string
	if err := dst.w.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode after restore = %q, %v; want wal", mode, err)
	}
	if err := dst.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
	// The open store keeps working, for writes and for every reader.
	if err := dst.Extensions().Create(ctx, &late); err != nil {
		t.Errorf("Create after restore: %v", err)
	}
	for range 8 {
		if _, err := dst.Extensions().FindBy(ctx, "number", "199"); err != nil {
			t.Errorf("read after restore: %v", err)
		}
	}
	if _, err := os.Stat(snap); err != nil {
		t.Errorf("snapshot file after restore: %v", err)
	}
}

func TestRestoreSnapshotRefusesBadFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := openTemp(t)
	populate(t, src)

	dangling := filepath.Join(dir, "dangling.db")
	if err := src.Snapshot(ctx, dangling); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", dangling) // foreign keys are off by default
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("UPDATE sip_devices SET extension_id = 99"); err != nil {
		t.Fatal(err)
	}
	newer := filepath.Join(dir, "newer.db")
	if _, err := db.Exec("VACUUM INTO ?", newer); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = sql.Open("sqlite", newer)
	if err != nil {
		t.Fatal(err)
	}
	future := SchemaVersion() + 1
	if _, err := db.Exec(fmt.Sprintf("UPDATE sip_devices SET extension_id = 1; INSERT INTO schema_migrations VALUES (%d, 'future', 0)", future)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("not a database ", 500)), 0o600); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name, path, want string
	}{
		{"dangling reference", dangling, "sip_devices row 1 refers to a row of extensions that does not exist"},
		{"newer schema", newer, fmt.Sprintf("it has schema %d, not this firmware's %d", future, SchemaVersion())},
		{"not a database", garbage, "not a database"},
		{"missing", filepath.Join(dir, "nothing", "x.db"), "unable to open"},
	}
	dst := openTemp(t)
	populate(t, dst)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := stateOf(t, dst)
			err := dst.RestoreSnapshot(ctx, tt.path)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("RestoreSnapshot(%s) = %v; want an error containing %q", tt.name, err, tt.want)
			}
			if after := stateOf(t, dst); !reflect.DeepEqual(after, before) {
				t.Errorf("refused restore changed the store")
			}
		})
	}
}
