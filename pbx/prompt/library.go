package prompt

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/store"
)

// Prompts looks prompts up by store ID. (*store.Store).Prompts() is one; it
// returns an error matching store.ErrNotFound for an unknown ID.
type Prompts interface {
	Get(ctx context.Context, id int64) (store.Prompt, error)
}

// Library plays prompts from the prompts folder. It is safe for concurrent
// use.
type Library struct {
	dir     string
	prompts Prompts
}

// NewLibrary returns a library of the prompts that p knows, whose files are
// in dir, the data directory's prompts folder.
func NewLibrary(dir string, p Prompts) *Library {
	return &Library{dir: dir, prompts: p}
}

// Open returns prompt id as a call.FrameSource streaming its file (a
// *Source: close it with Close when playback stops before the end). The
// error wraps store.ErrNotFound when there is no such prompt.
func (l *Library) Open(ctx context.Context, id int64) (call.FrameSource, error) {
	p, err := l.prompts.Get(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("prompt: prompt %d: %w", id, err)
	}
	if p.File == "" || p.File != filepath.Base(p.File) || p.File[0] == '.' {
		return nil, fmt.Errorf("prompt: prompt %d has an invalid file name %q", id, p.File)
	}
	f, err := os.Open(filepath.Join(l.dir, p.File))
	if err != nil {
		return nil, fmt.Errorf("prompt: prompt %d %q: %w", id, p.Name, err)
	}
	s, err := NewSource(f)
	if err != nil {
		return nil, fmt.Errorf("%w (prompt %d %q)", err, id, p.Name)
	}
	return s, nil
}
