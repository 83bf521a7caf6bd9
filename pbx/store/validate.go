package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Small checks that entity Validate methods share. Each returns nil or a
// *FieldError of kind ErrInvalid naming table and field.

func checkDigits(table, field, v string, min, max int) error {
	if len(v) < min || len(v) > max || strings.Trim(v, "0123456789") != "" {
		return Invalid(table, field, fmt.Sprintf("%q must be %d to %d digits", v, min, max))
	}
	return nil
}

// checkNumber accepts a phone number: digits with an optional leading +, or
// empty when optional.
func checkNumber(table, field, v string, optional bool) error {
	if v == "" && optional {
		return nil
	}
	d := strings.TrimPrefix(v, "+")
	if d == "" || len(d) > 20 || strings.Trim(d, "0123456789") != "" {
		return Invalid(table, field, fmt.Sprintf("%q is not a phone number (digits, optionally starting with +)", v))
	}
	return nil
}

func checkText(table, field, v string, min, max int) error {
	if n := len([]rune(v)); n < min || n > max {
		if min > 0 && n == 0 {
			return Invalid(table, field, "must not be empty")
		}
		return Invalid(table, field, fmt.Sprintf("must be %d to %d characters long", min, max))
	}
	return nil
}

func checkOneOf(table, field, v string, allowed ...string) error {
	if !slices.Contains(allowed, v) {
		return Invalid(table, field, fmt.Sprintf("%q is not one of %s", v, strings.Join(allowed, ", ")))
	}
	return nil
}

func checkRange(table, field string, v, min, max int) error {
	if v < min || v > max {
		return Invalid(table, field, fmt.Sprintf("%d is outside %d..%d", v, min, max))
	}
	return nil
}

func checkJSONObject(table, field string, v json.RawMessage) error {
	var m map[string]any
	if err := json.Unmarshal(v, &m); err != nil || m == nil {
		return Invalid(table, field, "must be a JSON object")
	}
	return nil
}

// firstError returns the first non-nil error.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
