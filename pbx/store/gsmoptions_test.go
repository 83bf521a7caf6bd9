package store

import (
	"context"
	"errors"
	"testing"
)

func TestGSMModuleOptionsValidate(t *testing.T) {
	tests := []struct {
		name  string
		o     GSMModuleOptions
		field string // "" when valid
	}{
		{"no limits", GSMModuleOptions{}, ""},
		{"limits and fmc with pin", GSMModuleOptions{MinutesPerDay: 60, MinutesPerMonth: 1000, SMSPerDay: 50, FMC: true, FMCPIN: "1234"}, ""},
		{"negative minutes", GSMModuleOptions{MinutesPerDay: -1}, "minutes_per_day"},
		{"a day has 1440 minutes", GSMModuleOptions{MinutesPerDay: 1441}, "minutes_per_day"},
		{"negative month", GSMModuleOptions{MinutesPerMonth: -5}, "minutes_per_month"},
		{"negative sms", GSMModuleOptions{SMSPerDay: -1}, "sms_per_day"},
		{"short pin", GSMModuleOptions{FMC: true, FMCPIN: "12"}, "fmc_pin"},
		{"letters in pin", GSMModuleOptions{FMC: true, FMCPIN: "12a4"}, "fmc_pin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFieldError(t, tt.o.Validate(), tt.field)
		})
	}
}

// checkFieldError checks that err is nil when field is "", or an
// ErrInvalid *FieldError naming field.
func checkFieldError(t *testing.T, err error, field string) {
	t.Helper()
	var fe *FieldError
	switch {
	case field == "" && err != nil:
		t.Errorf("Validate() = %v; want nil", err)
	case field != "" && (!errors.As(err, &fe) || fe.Field != field || !errors.Is(err, ErrInvalid)):
		t.Errorf("Validate() = %v; want an invalid %s", err, field)
	}
}

func TestGSMModuleOptionsGoWithTheModule(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	g := GSMModule{Slot: 1, Name: "GSM 1", Enabled: true}
	if err := s.GSMModules().Create(ctx, &g); err != nil {
		t.Fatal(err)
	}
	checkCRUD(t, s.GSMModuleOptions(), GSMModuleOptions{GSMModuleID: g.ID, SMSPerDay: 10},
		func(o *GSMModuleOptions) { o.FMC, o.FMCPIN = true, "0000" })
	o := GSMModuleOptions{GSMModuleID: g.ID}
	if err := s.GSMModuleOptions().Create(ctx, &o); err != nil {
		t.Fatal(err)
	}
	second := GSMModuleOptions{GSMModuleID: g.ID}
	var fe *FieldError
	if err := s.GSMModuleOptions().Create(ctx, &second); !errors.As(err, &fe) || fe.Field != "gsm_module_id" || !errors.Is(err, ErrDuplicate) {
		t.Errorf("second options row for a module = %v; want a duplicate gsm_module_id", err)
	}
	missing := GSMModuleOptions{GSMModuleID: g.ID + 100}
	if err := s.GSMModuleOptions().Create(ctx, &missing); !errors.Is(err, ErrMissingReference) {
		t.Errorf("options of a missing module = %v; want ErrMissingReference", err)
	}
	if err := s.GSMModules().Delete(ctx, g.ID); err != nil {
		t.Fatalf("Delete(module) = %v; its options go with it", err)
	}
	if _, err := s.GSMModuleOptions().Get(ctx, o.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("options after deleting the module: %v; want ErrNotFound", err)
	}
}
