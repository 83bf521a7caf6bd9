package store

import (
	"path"
	"strings"
)

// Prompt is an audio file that scenarios play: greetings, menus, music. The
// file lives under the data directory's prompts folder.
type Prompt struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	File       string `json:"file"` // name inside the prompts folder
	DurationMS int    `json:"duration_ms"`
}

// Validate checks the name and that File is a plain file name.
func (p *Prompt) Validate() error {
	if err := checkText("prompts", "name", p.Name, 1, 80); err != nil {
		return err
	}
	if p.File == "" || p.File != path.Base(p.File) || strings.HasPrefix(p.File, ".") || strings.ContainsAny(p.File, `/\`) {
		return Invalid("prompts", "file", "must be a plain file name inside the prompts folder")
	}
	return checkRange("prompts", "duration_ms", p.DurationMS, 0, 24*3600*1000)
}
