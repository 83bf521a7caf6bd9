package backup_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/backup"
	"github.com/hookflash/firmware/pbx/store"
)

var folders = []string{"prompts", "voicemail", "recordings"}

// config is a small configuration with references set and unset, in this
// firmware's schema.
var config = fmt.Sprintf(`{"schema": %d,`, store.SchemaVersion()) + `
 "extensions": [
  {"id": 1, "number": "101", "name": "Reception", "email": "", "mobile": "", "dnd": false, "on_duty": true, "outbound": "local", "voicemail": true},
  {"id": 2, "number": "102", "name": "Fax", "email": "", "mobile": "", "dnd": false, "on_duty": true, "outbound": "internal", "voicemail": false}],
 "sip_devices": [{"id": 1, "extension_id": 1, "username": "desk101", "ha1_md5": "0123456789abcdef0123456789abcdef",
   "ha1_sha256": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "description": "desk"}],
 "fxs_ports": [
  {"id": 1, "port": 1, "extension_id": 2, "mode": "fax", "caller_id": "off", "country": "RU", "hotline": "", "echo_cancel": false},
  {"id": 2, "port": 2, "extension_id": null, "mode": "voice", "caller_id": "bell202", "country": "US", "hotline": "", "echo_cancel": true}],
 "fxo_lines": [], "gsm_modules": [],
 "sip_trunks": [{"id": 1, "name": "Provider", "host": "sip.example.net", "port": 5060, "transport": "udp", "username": "u",
   "password": "p", "register": true, "max_channels": 0, "enabled": true}],
 "outbound_rules": [{"id": 1, "name": "City", "prefix": "9", "sip_trunk_id": 1, "strip": 1, "prepend": "+7495",
   "level": "local", "priority": 10}],
 "scenarios": [{"id": 1, "name": "Day", "document": {"start": "ring"}}],
 "schedules": [], "number_lists": [], "number_list_entries": [],
 "prompts": [{"id": 1, "name": "Welcome", "file": "welcome.wav", "duration_ms": 1500}],
 "mailboxes": [],
 "inbound_routes": [{"id": 1, "name": "Main", "source": "did", "did": "+74950000000", "sip_trunk_id": 1, "fxo_line_id": null,
   "gsm_module_id": null, "scenario_id": 1, "schedule_id": null, "greeting_prompt_id": 1, "record_calls": false}],
 "route_options": [], "gsm_module_options": [], "outbound_rule_lines": [], "extension_forwards": [], "outbound_rule_extensions": [],
 "ring_groups": [], "call_queues": [],
 "settings": [{"id": 1, "key": "country", "value": "RU"}]}`

// files are the data files of the box that newBox fills.
var files = map[string]string{
	"prompts/welcome.wav":           "RIFF welcome",
	"prompts/empty.wav":             "",
	"voicemail/101/msg0001.wav":     strings.Repeat("voice ", 5000),
	"recordings/2025/01/02/a b.wav": "RIFF call with a space in its name",
}

// openBox opens a store on a data directory, as pbxd does.
func openBox(t *testing.T, dir string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(dir, "pbx.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// newBox returns a data directory with the configuration, an admin, a call
// record and the data files, and its open store.
func newBox(t *testing.T) (string, *store.Store) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st := openBox(t, dir)
	if err := st.Import(ctx, []byte(config)); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if err := st.ReplaceSetupCode(ctx, "code", now); err != nil {
		t.Fatal(err)
	}
	if _, err := st.UseSetupCode(ctx, "code", "admin", "hash", now); err != nil {
		t.Fatal(err)
	}
	cr := store.CallRecord{StartedAt: now, EndedAt: now, Direction: "inbound", Caller: "+7495", Callee: "101", Cause: "normal"}
	if err := st.CallRecords().Create(ctx, &cr); err != nil {
		t.Fatal(err)
	}
	for name, content := range files {
		writeFile(t, filepath.Join(dir, name), content)
	}
	return dir, st
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// boxState is everything that a refused restore must leave alone.
type boxState struct {
	Config   *store.Config
	Revision int64
	Admins   []store.Admin
	Files    map[string]string // data files by path: content
	Top      []string          // the names in the data directory
}

func stateOf(t *testing.T, dir string, st *store.Store) boxState {
	t.Helper()
	ctx := context.Background()
	var s boxState
	var err error
	if s.Config, err = st.Export(ctx); err != nil {
		t.Fatal(err)
	}
	if s.Revision, err = st.Revision(ctx); err != nil {
		t.Fatal(err)
	}
	if s.Admins, err = st.Admins().List(ctx); err != nil {
		t.Fatal(err)
	}
	s.Files = dataFiles(t, dir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		s.Top = append(s.Top, e.Name())
	}
	return s
}

func dataFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, f := range folders {
		root := filepath.Join(dir, f)
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(path)
			rel, _ := filepath.Rel(dir, path)
			m[filepath.ToSlash(rel)] = string(b)
			return err
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
	}
	return m
}

func writeBackup(t *testing.T, dir string, st *store.Store) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := backup.Write(context.Background(), st, dir, &buf, "v1.2.3-test"); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestBackupRestoreOnAFreshDataDirectory(t *testing.T) {
	ctx := context.Background()
	dir, st := newBox(t)
	want := stateOf(t, dir, st)
	archive := writeBackup(t, dir, st)
	if got := stateOf(t, dir, st); !reflect.DeepEqual(got, want) {
		t.Errorf("Write changed the box: %+v; want %+v", got, want)
	}

	m := readManifest(t, archive)
	if m.Format != backup.FormatVersion || m.Schema != store.SchemaVersion() || m.Firmware != "v1.2.3-test" ||
		time.Since(m.Created) > time.Hour {
		t.Errorf("manifest = %+v", m)
	}
	var names []string
	for _, f := range m.Files {
		names = append(names, f.Name)
	}
	wantNames := []string{"pbx.db", "prompts/empty.wav", "prompts/welcome.wav", "voicemail/101/msg0001.wav", "recordings/2025/01/02/a b.wav"}
	if !reflect.DeepEqual(names, wantNames) {
		t.Errorf("manifest files = %q; want %q", names, wantNames)
	}

	fresh := t.TempDir()
	st2 := openBox(t, fresh)
	if err := backup.Restore(ctx, st2, fresh, bytes.NewReader(archive)); err != nil {
		t.Fatal(err)
	}
	got := stateOf(t, fresh, st2)
	if !reflect.DeepEqual(got.Config, want.Config) {
		t.Errorf("export after restore =\n%+v\nwant\n%+v", got.Config, want.Config)
	}
	if !reflect.DeepEqual(got.Files, want.Files) {
		t.Errorf("files after restore = %q; want %q", keys(got.Files), keys(want.Files))
	}
	if len(got.Admins) != 1 || got.Admins[0].Username != "admin" {
		t.Errorf("admins after restore = %+v; want the backup's admin", got.Admins)
	}
	if calls, err := st2.RecentCalls(ctx, 10); err != nil || len(calls) != 1 {
		t.Errorf("call records after restore = %d, %v; want 1", len(calls), err)
	}
	if wantTop := []string{"pbx.db", "pbx.db-shm", "pbx.db-wal", "prompts", "recordings", "voicemail"}; !reflect.DeepEqual(got.Top, wantTop) {
		t.Errorf("data directory after restore holds %q; want %q (no leftovers)", got.Top, wantTop)
	}
	fi, err := os.Stat(filepath.Join(fresh, "voicemail/101/msg0001.wav"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("restored file mode = %v, %v; want 0600", fi.Mode(), err)
	}
	if err := st2.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
}

func keys(m map[string]string) []string {
	var k []string
	for name := range m {
		k = append(k, name)
	}
	return k
}

func TestRestoreIntoARunningStore(t *testing.T) {
	ctx := context.Background()
	src, srcStore := newBox(t)
	archive := writeBackup(t, src, srcStore)
	want := stateOf(t, src, srcStore)

	// A running box with its own configuration and files, and a part of
	// pbxd watching for changes.
	dir := t.TempDir()
	st := openBox(t, dir)
	ext := store.Extension{Number: "555", Name: "Old", Outbound: store.OutboundInternal}
	if err := st.Extensions().Create(ctx, &ext); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "prompts/old.wav"), "old prompt")
	writeFile(t, filepath.Join(dir, "recordings/old.wav"), "old recording")
	revs, cancel := st.Subscribe()
	defer cancel()
	before, _ := st.Revision(ctx)

	if err := backup.Restore(ctx, st, dir, bytes.NewReader(archive)); err != nil {
		t.Fatal(err)
	}
	select {
	case rev := <-revs:
		if rev <= before {
			t.Errorf("subscriber got revision %d; want above %d", rev, before)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("subscriber not told within 5 s")
	}
	got := stateOf(t, dir, st)
	if !reflect.DeepEqual(got.Config, want.Config) || !reflect.DeepEqual(got.Files, want.Files) {
		t.Errorf("after restore: config %+v files %q; want %+v files %q", got.Config, keys(got.Files), want.Config, keys(want.Files))
	}
	// The same Store keeps working.
	ext.ID = 0
	if err := st.Extensions().Create(ctx, &ext); err != nil {
		t.Errorf("Create after restore: %v", err)
	}
}

func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	dir, st := newBox(t)
	done := make(chan struct{})
	writerErr := make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-done:
				writerErr <- nil
				return
			default:
			}
			if err := st.PutSetting(ctx, fmt.Sprintf("k%d", i%50), i); err != nil {
				writerErr <- err
				return
			}
		}
	}()
	archive := writeBackup(t, dir, st)
	close(done)
	if err := <-writerErr; err != nil {
		t.Fatalf("writes during the backup: %v", err)
	}
	fresh := t.TempDir()
	st2 := openBox(t, fresh)
	if err := backup.Restore(ctx, st2, fresh, bytes.NewReader(archive)); err != nil {
		t.Fatal(err)
	}
	if err := st2.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
}

// member is one entry of an archive, for tests that take one apart.
type member struct {
	hdr  tar.Header
	data []byte
}

func readArchive(t *testing.T, archive []byte) []member {
	t.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(archive))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var ms []member
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return ms
		}
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		ms = append(ms, member{*hdr, data})
	}
}

func writeArchive(t *testing.T, ms []member) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, m := range ms {
		hdr := m.hdr
		if hdr.Typeflag == tar.TypeReg {
			hdr.Size = int64(len(m.data))
		}
		if err := tw.WriteHeader(&hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(m.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := errors.Join(tw.Close(), gz.Close()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readManifest(t *testing.T, archive []byte) backup.Manifest {
	t.Helper()
	for _, m := range readArchive(t, archive) {
		if m.hdr.Name == "manifest.json" {
			var man backup.Manifest
			if err := json.Unmarshal(m.data, &man); err != nil {
				t.Fatal(err)
			}
			return man
		}
	}
	t.Fatal("no manifest.json")
	return backup.Manifest{}
}

// reseal rewrites the manifest to match the members, after edit changes it.
func reseal(t *testing.T, ms []member, edit func(*backup.Manifest)) []member {
	t.Helper()
	var man backup.Manifest
	var out []member
	for _, m := range ms {
		if m.hdr.Name == "manifest.json" {
			if err := json.Unmarshal(m.data, &man); err != nil {
				t.Fatal(err)
			}
			continue
		}
		out = append(out, m)
	}
	man.Files = nil
	for _, m := range out {
		if m.hdr.Typeflag == tar.TypeReg {
			sum := sha256.Sum256(m.data)
			man.Files = append(man.Files, backup.File{Name: m.hdr.Name, Size: int64(len(m.data)), SHA256: hex.EncodeToString(sum[:])})
		}
	}
	if edit != nil {
		edit(&man)
	}
	data, err := json.Marshal(man)
	if err != nil {
		t.Fatal(err)
	}
	return append(out, member{tar.Header{Typeflag: tar.TypeReg, Name: "manifest.json", Mode: 0o600}, data})
}

// editDB runs statements on a copy of the archive's database.
func editDB(t *testing.T, data []byte, stmts string) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "edit.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(stmts); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	out, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRestoreRefusesBadArchives(t *testing.T) {
	ctx := context.Background()
	src, srcStore := newBox(t)
	good := writeBackup(t, src, srcStore)
	newer := store.SchemaVersion() + 1 // a schema from a firmware after this one
	file := func(name, data string) member {
		return member{tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: 0o600}, []byte(data)}
	}
	edit := func(f func(t *testing.T, ms []member) []member) func(t *testing.T) []byte {
		return func(t *testing.T) []byte { return writeArchive(t, f(t, readArchive(t, good))) }
	}
	tests := []struct {
		name    string
		archive func(t *testing.T) []byte
		want    string
	}{
		{"not gzip", func(*testing.T) []byte { return []byte("hello, world") },
			"backup: not a backup archive (a .tar.gz made by backup)"},
		{"truncated", func(*testing.T) []byte { return good[:len(good)/2] },
			"unexpected EOF"},
		{"no manifest", edit(func(t *testing.T, ms []member) []member { return ms[:len(ms)-1] }),
			"backup: the archive has no manifest.json: it is not a Hookflash backup"},
		{"newer schema", edit(func(t *testing.T, ms []member) []member {
			ms[0].data = editDB(t, ms[0].data, fmt.Sprintf("INSERT INTO schema_migrations VALUES (%d, 'future', 0)", newer))
			return reseal(t, ms, func(m *backup.Manifest) { m.Schema = newer })
		}), fmt.Sprintf("backup: this backup is from a newer firmware (schema %d; this firmware knows %d): update the firmware before restoring", newer, store.SchemaVersion())},
		{"newer format", edit(func(t *testing.T, ms []member) []member {
			return reseal(t, ms, func(m *backup.Manifest) { m.Format = 2 })
		}), "backup: this backup has archive format 2, newer than this firmware knows (1): update the firmware before restoring"},
		{"bad checksum", edit(func(t *testing.T, ms []member) []member {
			for i := range ms {
				if ms[i].hdr.Name == "prompts/welcome.wav" {
					ms[i].data = []byte("RIFF w3lcome")
				}
			}
			return ms
		}), "backup: prompts/welcome.wav does not match its checksum in the manifest: the archive is damaged or was changed"},
		{"dot-dot path", edit(func(t *testing.T, ms []member) []member {
			return reseal(t, append(ms, file("prompts/../../evil", "x")), nil)
		}), `backup: "prompts/../../evil" is not a safe relative path in the archive`},
		{"leading dot-dot", edit(func(t *testing.T, ms []member) []member {
			return reseal(t, append(ms, file("../evil", "x")), nil)
		}), `backup: "../evil" is not a safe relative path`},
		{"absolute path", edit(func(t *testing.T, ms []member) []member {
			return reseal(t, append(ms, file("/tmp/evil", "x")), nil)
		}), `backup: "/tmp/evil" is not a safe relative path`},
		{"symlink", edit(func(t *testing.T, ms []member) []member {
			return append(ms, member{tar.Header{Typeflag: tar.TypeSymlink, Name: "prompts/link", Linkname: "/etc/passwd"}, nil})
		}), `backup: "prompts/link" in the archive is a link or a special file; a backup holds plain files only`},
		{"hard link", edit(func(t *testing.T, ms []member) []member {
			return append(ms, member{tar.Header{Typeflag: tar.TypeLink, Name: "prompts/link", Linkname: "pbx.db"}, nil})
		}), `backup: "prompts/link" in the archive is a link or a special file`},
		{"device", edit(func(t *testing.T, ms []member) []member {
			return append(ms, member{tar.Header{Typeflag: tar.TypeChar, Name: "prompts/null", Devmajor: 1, Devminor: 3}, nil})
		}), `backup: "prompts/null" in the archive is a link or a special file`},
		{"unknown folder", edit(func(t *testing.T, ms []member) []member {
			return reseal(t, append(ms, file("secrets/key", "x")), nil)
		}), `backup: "secrets/key" is not a file inside one of the folders prompts, voicemail, recordings in the archive`},
		{"file not in the manifest", edit(func(t *testing.T, ms []member) []member {
			return append(ms, file("prompts/extra.wav", "x"))
		}), "backup: prompts/extra.wav is in the archive but not in its manifest: the archive was changed"},
		{"file missing", edit(func(t *testing.T, ms []member) []member {
			var out []member
			for _, m := range ms {
				if m.hdr.Name != "voicemail/101/msg0001.wav" {
					out = append(out, m)
				}
			}
			return out
		}), "backup: voicemail/101/msg0001.wav is in the manifest but not in the archive: the archive is incomplete"},
		{"twice", edit(func(t *testing.T, ms []member) []member {
			return append([]member{ms[1]}, ms...)
		}), "backup: prompts/empty.wav appears twice in the archive"},
		{"damaged database", edit(func(t *testing.T, ms []member) []member {
			ms[0].data = bytes.Repeat([]byte("not a database "), 400)
			return reseal(t, ms, nil)
		}), "backup: the database in the archive cannot be used"},
		{"dangling reference in the database", edit(func(t *testing.T, ms []member) []member {
			ms[0].data = editDB(t, ms[0].data, "UPDATE sip_devices SET extension_id = 99")
			return reseal(t, ms, nil)
		}), "sip_devices row 1 refers to a row of extensions that does not exist"},
	}
	dir, st := newBox(t)
	ext := store.Extension{Number: "555", Name: "Local", Outbound: store.OutboundInternal}
	if err := st.Extensions().Create(ctx, &ext); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "prompts/local.wav"), "only here")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := stateOf(t, dir, st)
			err := backup.Restore(ctx, st, dir, bytes.NewReader(tt.archive(t)))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Restore = %v; want an error containing %q", err, tt.want)
			}
			if after := stateOf(t, dir, st); !reflect.DeepEqual(after, before) {
				t.Errorf("refused restore changed the box:\n%+v\nwant\n%+v", after, before)
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "evil")); err == nil {
				t.Errorf("a file escaped the data directory")
			}
		})
	}
}

func TestRestorePutsFoldersBackWhenTheDatabaseFails(t *testing.T) {
	ctx := context.Background()
	src, srcStore := newBox(t)
	archive := writeBackup(t, src, srcStore)

	dir := t.TempDir()
	st := openBox(t, dir)
	writeFile(t, filepath.Join(dir, "prompts/local.wav"), "only here")
	before := stateOf(t, dir, st)
	// A second handle on the same database, closed: the archive checks out,
	// the folders are swapped, and then the database cannot be written.
	closed, err := store.Open(ctx, filepath.Join(dir, "pbx.db"))
	if err != nil {
		t.Fatal(err)
	}
	closed.Close()
	err = backup.Restore(ctx, closed, dir, bytes.NewReader(archive))
	if err == nil || !strings.Contains(err.Error(), "database is closed") {
		t.Fatalf("Restore with a closed store = %v; want the store's error", err)
	}
	if after := stateOf(t, dir, st); !reflect.DeepEqual(after, before) {
		t.Errorf("failed restore changed the box:\n%+v\nwant\n%+v", after, before)
	}
}

func TestBackupFollowsALinkedFolder(t *testing.T) {
	dir, st := newBox(t)
	card := t.TempDir()
	writeFile(t, filepath.Join(card, "2025/call.wav"), "on the card")
	writeFile(t, filepath.Join(card, "target.wav"), "x")
	if err := os.RemoveAll(filepath.Join(dir, "recordings")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(card, filepath.Join(dir, "recordings")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(card, "target.wav"), filepath.Join(card, "link.wav")); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range readManifest(t, writeBackup(t, dir, st)).Files {
		names = append(names, f.Name)
	}
	want := []string{"pbx.db", "prompts/empty.wav", "prompts/welcome.wav", "voicemail/101/msg0001.wav",
		"recordings/2025/call.wav", "recordings/target.wav"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("files backed up = %q; want %q (the linked folder, not the link inside it)", names, want)
	}
}
