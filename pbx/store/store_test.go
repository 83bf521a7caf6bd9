package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// openTemp opens a fresh database in a temporary directory.
func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "pbx.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func newExtension(number string) Extension {
	return Extension{Number: number, Name: "Ext " + number, OnDuty: true, Outbound: OutboundInternal, Voicemail: true}
}

func TestMigrateFromEmptyAndReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pbx.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var applied int
	if err := s.r.QueryRow("SELECT COUNT(*) FROM schema_migrations").Scan(&applied); err != nil {
		t.Fatal(err)
	}
	if applied != SchemaVersion() {
		t.Fatalf("applied %d migrations; want %d", applied, SchemaVersion())
	}
	var mode string
	if err := s.w.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v; want wal", mode, err)
	}
	var sync int
	if err := s.w.QueryRow("PRAGMA synchronous").Scan(&sync); err != nil || sync != 2 {
		t.Fatalf("synchronous = %d, %v; want 2 (FULL)", sync, err)
	}
	e := newExtension("101")
	if err := s.Extensions().Create(ctx, &e); err != nil {
		t.Fatal(err)
	}
	rev, _ := s.Revision(ctx)
	s.Close()

	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Extensions().Get(ctx, e.ID)
	if err != nil || got != e {
		t.Fatalf("after reopen Get = %+v, %v; want %+v", got, err, e)
	}
	if rev2, _ := s.Revision(ctx); rev2 != rev {
		t.Fatalf("revision after reopen = %d; want %d", rev2, rev)
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestConstraintErrorsNameTheField(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	e := newExtension("101")
	if err := s.Extensions().Create(ctx, &e); err != nil {
		t.Fatal(err)
	}
	dup := newExtension("101")
	err := s.Extensions().Create(ctx, &dup)
	var fe *FieldError
	if !errors.As(err, &fe) || !errors.Is(err, ErrDuplicate) || fe.Table != "extensions" || fe.Field != "number" {
		t.Fatalf("duplicate number: err = %v; want ErrDuplicate on extensions.number", err)
	}
	dev := SIPDevice{ExtensionID: 999, Username: "phone1", HA1MD5: hex(32), HA1SHA256: hex(64)}
	err = s.SIPDevices().Create(ctx, &dev)
	if !errors.As(err, &fe) || !errors.Is(err, ErrMissingReference) || fe.Field != "extension_id" {
		t.Fatalf("missing extension: err = %v; want ErrMissingReference on sip_devices.extension_id", err)
	}
}

func hex(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = "0123456789abcdef"[i%16]
	}
	return string(b)
}

// TestOpenOddPath: a data directory whose name has #, ? or % in it holds
// the database file itself, not a file named by the part before them.
func TestOpenOddPath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a#b?c%20d")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "pbx.db")
	st, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("the database is not at %s: %v", path, err)
	}
}

// migratedUpTo builds, at path, a database as the firmware before the
// migration named before left it: every earlier migration applied and
// recorded, then seed run on it. Open then migrates it the rest of the way.
func migratedUpTo(t *testing.T, path, before, seed string) {
	t.Helper()
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range ms {
		if found = m.name == before; found {
			break
		}
		if _, err := db.Exec(m.sql); err != nil {
			t.Fatalf("migration %d %s: %v", m.version, m.name, err)
		}
		if _, err := db.Exec("INSERT INTO schema_migrations VALUES (?, ?, 0)", m.version, m.name); err != nil {
			t.Fatal(err)
		}
	}
	if !found {
		t.Fatalf("no migration is named %q", before)
	}
	if _, err := db.Exec(seed); err != nil {
		t.Fatalf("seed: %v", err)
	}
}
