// Package store keeps the box's configuration and call records in one SQLite
// database (modernc.org/sqlite, no cgo).
//
// The database runs in WAL mode with synchronous=FULL, so a commit that
// returned is on disk and survives a power cut. Writes go through one
// connection; reads use a separate read-only pool. Every write to a
// configuration table bumps the config revision and notifies subscribers, so
// running parts pick up a change without a restart.
//
// Typed repositories (Store.Extensions, Store.SIPTrunks, ...) share one
// generic implementation, Table. Constraint violations come back as
// *FieldError naming the table and the field, and match ErrDuplicate,
// ErrMissingReference, ErrInUse or ErrInvalid with errors.Is.
//
// Every save of a scenario also records it as the scenario's next version,
// in the same transaction (ScenarioVersions); the last KeptScenarioVersions
// are kept. WithEdit says who saves and why.
package store
