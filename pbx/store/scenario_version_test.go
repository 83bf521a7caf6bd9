package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// versionDoc returns a small scenario document that differs by n.
func versionDoc(n int) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"schema":1,"elements":[{"id":"e%d","type":"hangup"}]}`, n))
}

func TestScenarioVersionsRecordEverySave(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	at := time.Date(2026, 11, 21, 9, 30, 0, 0, time.UTC)
	sc := Scenario{Name: "day", Document: versionDoc(1)}
	if err := s.Scenarios().Create(WithEdit(ctx, Edit{By: "anna", At: at}), &sc); err != nil {
		t.Fatal(err)
	}
	sc.Document = versionDoc(2)
	if err := s.Scenarios().Update(WithEdit(ctx, Edit{By: "boris", Note: "menu", At: at.Add(time.Minute)}), &sc); err != nil {
		t.Fatal(err)
	}
	sc.Name, sc.Document = "day shift", versionDoc(3)
	if err := s.Scenarios().Update(ctx, &sc); err != nil { // no Edit: the box itself, now
		t.Fatal(err)
	}

	got, err := s.ScenarioVersions(ctx, sc.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []ScenarioVersion{
		{ScenarioID: sc.ID, Version: 3, Name: "day shift"},
		{ScenarioID: sc.ID, Version: 2, Name: "day", SavedBy: "boris", SavedAt: at.Add(time.Minute), Note: "menu"},
		{ScenarioID: sc.ID, Version: 1, Name: "day", SavedBy: "anna", SavedAt: at},
	}
	if len(got) != len(want) {
		t.Fatalf("ScenarioVersions = %+v; want %d versions", got, len(want))
	}
	for i, w := range want {
		g := got[i]
		if i == 0 {
			if time.Since(g.SavedAt) > time.Minute || g.SavedAt.After(time.Now()) {
				t.Errorf("version 3 saved at %v; want about now", g.SavedAt)
			}
			w.SavedAt = g.SavedAt
		}
		if g.Document != nil || g.ScenarioID != w.ScenarioID || g.Version != w.Version || g.Name != w.Name ||
			g.SavedBy != w.SavedBy || !g.SavedAt.Equal(w.SavedAt) || g.Note != w.Note {
			t.Errorf("version %d = %+v; want %+v", i, g, w)
		}
	}
	for n := int64(1); n <= 3; n++ {
		v, err := s.ScenarioVersion(ctx, sc.ID, n)
		if err != nil || string(v.Document) != string(versionDoc(int(n))) {
			t.Errorf("ScenarioVersion(%d, %d) = %s, %v; want %s", sc.ID, n, v.Document, err, versionDoc(int(n)))
		}
	}
	if _, err := s.ScenarioVersion(ctx, sc.ID, 4); !errors.Is(err, ErrNotFound) {
		t.Errorf("ScenarioVersion(%d, 4) = %v; want ErrNotFound", sc.ID, err)
	}
	if vs, err := s.ScenarioVersions(ctx, sc.ID+1); err != nil || len(vs) != 0 {
		t.Errorf("ScenarioVersions of a missing scenario = %+v, %v; want none", vs, err)
	}
}

// TestScenarioVersionGoesWithItsSave: a save that fails records no
// version, and deleting a scenario deletes its versions.
func TestScenarioVersionGoesWithItsSave(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	day := Scenario{Name: "day", Document: versionDoc(1)}
	night := Scenario{Name: "night", Document: versionDoc(1)}
	if err := errors.Join(s.Scenarios().Create(ctx, &day), s.Scenarios().Create(ctx, &night)); err != nil {
		t.Fatal(err)
	}
	clash := day
	clash.Name, clash.Document = "night", versionDoc(2) // the name is taken: the UPDATE fails
	if err := s.Scenarios().Update(ctx, &clash); !errors.Is(err, ErrDuplicate) {
		t.Fatalf("Update to a used name = %v; want ErrDuplicate", err)
	}
	invalid := day
	invalid.Name = "" // Validate refuses it before anything is written
	if err := s.Scenarios().Update(ctx, &invalid); !errors.Is(err, ErrInvalid) {
		t.Fatalf("Update with no name = %v; want ErrInvalid", err)
	}
	if vs, err := s.ScenarioVersions(ctx, day.ID); err != nil || len(vs) != 1 {
		t.Fatalf("versions after refused saves = %+v, %v; want only version 1", vs, err)
	}
	if err := s.Scenarios().Delete(ctx, day.ID); err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, "scenario_versions"); n != 1 {
		t.Errorf("scenario_versions has %d rows after deleting one of two scenarios; want 1 (the other's)", n)
	}
}

func TestScenarioVersionsPruneTheOldest(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	sc := Scenario{Name: "busy", Document: versionDoc(1)}
	if err := s.Scenarios().Create(ctx, &sc); err != nil {
		t.Fatal(err)
	}
	saves := KeptScenarioVersions + 5
	for n := 2; n <= saves; n++ {
		sc.Document = versionDoc(n)
		if err := s.Scenarios().Update(ctx, &sc); err != nil {
			t.Fatal(err)
		}
	}
	vs, err := s.ScenarioVersions(ctx, sc.ID)
	if err != nil {
		t.Fatal(err)
	}
	oldest := int64(saves - KeptScenarioVersions + 1)
	if len(vs) != KeptScenarioVersions || vs[0].Version != int64(saves) || vs[len(vs)-1].Version != oldest {
		t.Fatalf("after %d saves kept %d versions, %d..%d; want %d, %d..%d",
			saves, len(vs), vs[len(vs)-1].Version, vs[0].Version, KeptScenarioVersions, oldest, saves)
	}
	if _, err := s.ScenarioVersion(ctx, sc.ID, oldest-1); !errors.Is(err, ErrNotFound) {
		t.Errorf("pruned version %d: %v; want ErrNotFound", oldest-1, err)
	}
}

// TestImportStartsScenarioHistoriesAgain: an import replaces the scenarios,
// and each imported one has its imported document as version 1.
func TestImportStartsScenarioHistoriesAgain(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	sc := Scenario{Name: "day", Document: versionDoc(1)}
	if err := s.Scenarios().Create(ctx, &sc); err != nil {
		t.Fatal(err)
	}
	sc.Document = versionDoc(2)
	if err := s.Scenarios().Update(ctx, &sc); err != nil {
		t.Fatal(err)
	}
	cfg, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Import(WithEdit(ctx, Edit{By: "anna"}), mustMarshal(t, cfg)); err != nil {
		t.Fatal(err)
	}
	vs, err := s.ScenarioVersions(ctx, sc.ID)
	if err != nil || len(vs) != 1 || vs[0].Version != 1 || vs[0].SavedBy != "anna" || vs[0].Note != "imported configuration" {
		t.Fatalf("versions after import = %+v, %v; want version 1 by anna, noted as imported", vs, err)
	}
	if v, err := s.ScenarioVersion(ctx, sc.ID, 1); err != nil || string(v.Document) != string(versionDoc(2)) {
		t.Errorf("imported version 1 = %s, %v; want %s", v.Document, err, versionDoc(2))
	}
}

// TestMigrationStartsHistoryOfExistingScenarios builds a database as the
// firmware before the versions migration left it, with a scenario in it:
// after Open migrates it, the scenario's history starts with what it is.
func TestMigrationStartsHistoryOfExistingScenarios(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pbx.db")
	migratedUpTo(t, path, "scenario_versions", `INSERT INTO scenarios (id, name, document) VALUES (7, 'old', '{"schema":1,"elements":[]}')`)

	before := time.Now().Add(-time.Second)
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	vs, err := s.ScenarioVersions(ctx, 7)
	if err != nil || len(vs) != 1 {
		t.Fatalf("versions of the older scenario = %+v, %v; want one", vs, err)
	}
	v, err := s.ScenarioVersion(ctx, 7, 1)
	if err != nil || v.Name != "old" || string(v.Document) != `{"schema":1,"elements":[]}` ||
		v.Note != "saved before versions were kept" || v.SavedAt.Before(before) {
		t.Fatalf("version 1 of the older scenario = %+v, %v; want its document, noted, saved at the migration", v, err)
	}
	sc, err := s.Scenarios().Get(ctx, 7)
	if err != nil {
		t.Fatal(err)
	}
	sc.Document = versionDoc(2)
	if err := s.Scenarios().Update(ctx, &sc); err != nil {
		t.Fatal(err)
	}
	if vs, _ := s.ScenarioVersions(ctx, 7); len(vs) != 2 || vs[0].Version != 2 {
		t.Errorf("after a save the versions are %+v; want 2 then 1", vs)
	}
}

// TestScenarioVersionsInBackupNotInExport: a backup copies the database and
// with it the history; the configuration document leaves it out.
func TestScenarioVersionsInBackupNotInExport(t *testing.T) {
	ctx := context.Background()
	src := openTemp(t)
	sc := Scenario{Name: "day", Document: versionDoc(1)}
	if err := src.Scenarios().Create(WithEdit(ctx, Edit{By: "anna"}), &sc); err != nil {
		t.Fatal(err)
	}
	sc.Document = versionDoc(2)
	if err := src.Scenarios().Update(ctx, &sc); err != nil {
		t.Fatal(err)
	}
	snap := filepath.Join(t.TempDir(), "snap.db")
	if err := src.Snapshot(ctx, snap); err != nil {
		t.Fatal(err)
	}
	dst := openTemp(t)
	if err := dst.RestoreSnapshot(ctx, snap); err != nil {
		t.Fatal(err)
	}
	vs, err := dst.ScenarioVersions(ctx, sc.ID)
	if err != nil || len(vs) != 2 || vs[1].SavedBy != "anna" {
		t.Fatalf("versions after restoring a backup = %+v, %v; want both, the first by anna", vs, err)
	}
	if v, err := dst.ScenarioVersion(ctx, sc.ID, 1); err != nil || string(v.Document) != string(versionDoc(1)) {
		t.Errorf("version 1 after restore = %s, %v; want %s", v.Document, err, versionDoc(1))
	}

	cfg, err := src.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(mustMarshal(t, cfg), &doc); err != nil {
		t.Fatal(err)
	}
	if _, ok := doc["scenario_versions"]; ok {
		t.Error("the exported configuration has scenario_versions; want the history left out")
	}
	if _, ok := doc["scenarios"]; !ok {
		t.Error("the exported configuration has no scenarios")
	}
}
