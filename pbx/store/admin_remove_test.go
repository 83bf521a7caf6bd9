package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestRemoveAdminKeepsTheLastOne(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	a := Admin{Username: "anna", PasswordHash: "x", CreatedAt: now, PasswordChangedAt: now}
	b := Admin{Username: "boris", PasswordHash: "y", CreatedAt: now, PasswordChangedAt: now}
	for _, v := range []*Admin{&a, &b} {
		if err := s.Admins().Create(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	sess := AdminSession{TokenHash: "t", AdminID: b.ID, CSRFToken: "c", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
	if err := s.AdminSessions().Create(ctx, &sess); err != nil {
		t.Fatal(err)
	}

	if err := s.RemoveAdmin(ctx, b.ID); err != nil {
		t.Fatalf("RemoveAdmin(boris) = %v; want nil", err)
	}
	if _, err := s.AdminSessions().Get(ctx, sess.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("boris's session after his removal: err = %v; want ErrNotFound", err)
	}
	if err := s.RemoveAdmin(ctx, b.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("RemoveAdmin(boris) again = %v; want ErrNotFound", err)
	}
	if err := s.RemoveAdmin(ctx, a.ID); !errors.Is(err, ErrLastAdmin) {
		t.Fatalf("RemoveAdmin(anna, the last) = %v; want ErrLastAdmin", err)
	}
	if _, err := s.Admins().Get(ctx, a.ID); err != nil {
		t.Errorf("anna after the refused removal: %v; want her kept", err)
	}
}
