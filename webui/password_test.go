package webui

import (
	"context"
	"runtime/metrics"
	"strings"
	"testing"
)

func TestPasswordHashVerify(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	phc, err := e.srv.hashPassword(ctx, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(phc, testPassword) {
		t.Fatalf("hash %q contains the password", phc)
	}
	other, _ := e.srv.hashPassword(ctx, testPassword)
	if other == phc {
		t.Fatalf("two hashes of one password are equal: the salt is not random")
	}
	parts := strings.Split(phc, "$")
	tests := []struct {
		name     string
		phc      string
		password string
		want     bool
		wantErr  bool
	}{
		{"right password", phc, testPassword, true, false},
		{"wrong password", phc, testPassword + "!", false, false},
		{"empty password", phc, "", false, false},
		{"argon2i", strings.Replace(phc, "argon2id", "argon2i", 1), testPassword, false, true},
		{"memory beyond the board", strings.Replace(phc, "m=19456", "m=4194304", 1), testPassword, false, true},
		{"bad salt", strings.Join([]string{"", parts[1], parts[2], parts[3], "!!", parts[5]}, "$"), testPassword, false, true},
		{"truncated", strings.Join(parts[:5], "$"), testPassword, false, true},
		{"not a hash", "hunter2", testPassword, false, true},
	}
	for _, tt := range tests {
		got, err := e.srv.verifyPassword(ctx, tt.phc, tt.password)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("%s: verifyPassword = %v, %v; want %v, error %v", tt.name, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		password string
		ok       bool
	}{
		{"123456789", false},
		{"1234567890", true},
		{"ääääääääää", true}, // ten characters, twenty bytes
		{"äääääääää", false}, // nine characters, eighteen bytes
		{strings.Repeat("x", maxPasswordLen), true},
		{strings.Repeat("x", maxPasswordLen+1), false},
	}
	for _, tt := range tests {
		err := checkPassword(tt.password)
		if (err == nil) != tt.ok || (err != nil && !strings.Contains(err.Error(), ": use ")) {
			t.Errorf("checkPassword(%q) = %v; want ok %v, or advice", tt.password, err, tt.ok)
		}
	}
}

func FuzzNormalizeSetupCode(f *testing.F) {
	for _, s := range []string{"ABCD-EFGH-JKMN", "abcd efgh jkmn", "0O1I-L234-5678", "", "----", "ÀBCD-EFGH-JKMN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, typed string) {
		norm, ok := normalizeSetupCode(typed)
		if !ok {
			return
		}
		if len(norm) != setupCodeLen || strings.Trim(norm, setupCodeAlphabet) != "" {
			t.Fatalf("normalizeSetupCode(%q) = %q; want %d characters of the alphabet", typed, norm, setupCodeLen)
		}
		if again, ok := normalizeSetupCode(norm); !ok || again != norm {
			t.Fatalf("normalizeSetupCode(%q) = %q, %v; want it unchanged", norm, again, ok)
		}
	})
}

func FuzzParsePHC(f *testing.F) {
	f.Add("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")
	f.Add("$argon2id$v=19$m=1,t=1,p=1$$")
	f.Add("$$$$$")
	f.Fuzz(func(t *testing.T, phc string) {
		p, _, key, err := parsePHC(phc)
		if err != nil {
			return
		}
		if p.memory > 256*1024 || p.time > 16 || p.threads < 1 || int(p.keyLen) != len(key) {
			t.Fatalf("parsePHC(%q) accepted parameters %+v", phc, p)
		}
	})
}

// A hash's 19 MiB go back to the system when it is done: the heap then
// holds neither the dead buffer nor its freed pages.
func TestPasswordHashGivesItsMemoryBack(t *testing.T) {
	e := newTestEnv(t)
	if _, err := e.srv.hashPassword(context.Background(), testPassword); err != nil {
		t.Fatal(err)
	}
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/free:bytes"}}
	metrics.Read(samples)
	held := samples[0].Value.Uint64() + samples[1].Value.Uint64()
	if hash := uint64(defaultArgon().memory) * 1024; held >= hash {
		t.Errorf("after a hash the heap holds %d bytes in objects and unreturned free pages; want under the hash's %d", held, hash)
	}
}
