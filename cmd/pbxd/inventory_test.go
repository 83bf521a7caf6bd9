package main

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/pbx/store"
)

// TestTakeInventory: every port of the board gets a row once, in the box's
// country; rows the admin changed stay as they are.
func TestTakeInventory(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "pbx.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.PutSetting(ctx, countrySetting, "PL"); err != nil {
		t.Fatal(err)
	}
	fax := store.FXSPort{Port: 2, Mode: store.FXSFax, CallerID: store.CallerIDOff, Country: "DE"}
	if err := st.FXSPorts().Create(ctx, &fax); err != nil {
		t.Fatal(err)
	}
	hw := &hardware{fxs: make([]fxsModule, 4), fxo: make([]fxoModule, 2), gsm: make([]*gsmModule, 1)}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for range 2 {
		if err := takeInventory(ctx, st, hw, log); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := st.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.FXSPorts) != 4 || len(cfg.FXOLines) != 2 || len(cfg.GSMModules) != 1 {
		t.Fatalf("%d FXS ports, %d FXO lines, %d GSM modules; want 4, 2, 1", len(cfg.FXSPorts), len(cfg.FXOLines), len(cfg.GSMModules))
	}
	for _, p := range cfg.FXSPorts {
		want := "PL"
		if p.Port == 2 {
			want = "DE"
		}
		if p.Country != want {
			t.Errorf("FXS port %d is in %s; want %s", p.Port, p.Country, want)
		}
	}
	if g := cfg.GSMModules[0]; g.Slot != 1 || g.Name != "GSM 1" || !g.Enabled {
		t.Errorf("GSM module %+v; want slot 1 named GSM 1, enabled", g)
	}
}

// TestInventoryKeepsFailedPorts: a module that did not open still gets its
// row, so the ports after it keep their numbers.
func TestInventoryKeepsFailedPorts(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "pbx.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	hw := &hardware{
		fxs:    []fxsModule{{slot: "fxs2", number: 2}},
		failed: []failedModule{{slot: "fxs1", kind: hal.KindFXS, number: 1, err: errNoHighway}, {slot: "gsm1", kind: hal.KindGSM, number: 1, err: errNoHighway}},
	}
	if err := takeInventory(ctx, st, hw, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	cfg, err := st.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.FXSPorts) != 2 || len(cfg.FXOLines) != 0 || len(cfg.GSMModules) != 1 {
		t.Errorf("%d FXS ports, %d FXO lines, %d GSM modules; want 2, 0, 1", len(cfg.FXSPorts), len(cfg.FXOLines), len(cfg.GSMModules))
	}
}
