package store

import (
	"context"
	"errors"
	"testing"
)

func TestSetForward(t *testing.T) {
	t.Parallel()
	s := openTemp(t)
	ctx := context.Background()
	ext := newExtension("101")
	if err := s.Extensions().Create(ctx, &ext); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name    string
		number  string
		enabled bool
		want    ExtensionForward // ID ignored
	}{
		{"off without a row keeps none", "", false, ExtensionForward{ExtensionID: ext.ID}},
		{"on to an extension", "102", true, ExtensionForward{ExtensionID: ext.ID, Number: "102", Enabled: true}},
		{"on to another number", "+79161234567", true, ExtensionForward{ExtensionID: ext.ID, Number: "+79161234567", Enabled: true}},
		{"off keeps the number", "", false, ExtensionForward{ExtensionID: ext.ID, Number: "+79161234567"}},
	}
	for _, st := range steps {
		got, err := s.SetForward(ctx, ext.ID, st.number, st.enabled)
		if err != nil {
			t.Fatalf("%s: SetForward(%q, %v): %v", st.name, st.number, st.enabled, err)
		}
		got.ID = 0
		if got != st.want {
			t.Errorf("%s: SetForward(%q, %v) = %+v; want %+v", st.name, st.number, st.enabled, got, st.want)
		}
	}
	rows, err := s.ExtensionForwards().List(ctx)
	if err != nil || len(rows) != 1 {
		t.Fatalf("rows %+v, %v; want one", rows, err)
	}

	if _, err := s.SetForward(ctx, ext.ID, "12a", true); !errors.Is(err, ErrInvalid) {
		t.Errorf("SetForward(12a) error %v; want ErrInvalid", err)
	}
	if _, err := s.SetForward(ctx, 999, "102", true); !errors.Is(err, ErrMissingReference) {
		t.Errorf("SetForward(no such extension) error %v; want ErrMissingReference", err)
	}
	if err := s.Extensions().Delete(ctx, ext.ID); err != nil {
		t.Fatal(err)
	}
	if rows, _ := s.ExtensionForwards().List(ctx); len(rows) != 0 {
		t.Errorf("after deleting the extension, forwards %+v; want none", rows)
	}
}
