package store

// NumberList is a black or white list of caller numbers.
type NumberList struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Kind string `json:"kind"` // black or white
}

// Validate checks the fields a user enters.
func (l *NumberList) Validate() error {
	return firstError(
		checkText("number_lists", "name", l.Name, 1, 80),
		checkOneOf("number_lists", "kind", l.Kind, "black", "white"),
	)
}

// NumberListEntry is one number, or one prefix, in a list.
type NumberListEntry struct {
	ID      int64  `json:"id"`
	ListID  int64  `json:"list_id"`
	Pattern string `json:"pattern"`
	Prefix  bool   `json:"prefix"` // Pattern matches every number that starts with it
	Comment string `json:"comment"`
}

// Validate checks the fields a user enters.
func (e *NumberListEntry) Validate() error {
	return firstError(
		checkNumber("number_list_entries", "pattern", e.Pattern, false),
		checkText("number_list_entries", "comment", e.Comment, 0, 200),
	)
}
