package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"sync"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Store is the box's database. It is safe for concurrent use.
type Store struct {
	path string
	w    *sql.DB // the one writer connection
	r    *sql.DB // read-only pool

	mu   sync.Mutex
	subs map[chan int64]struct{}
}

// dsn returns the connection string for path with the pragmas every
// connection needs: WAL, synchronous=FULL (a returned commit is on disk),
// foreign keys and a busy timeout of 5 s.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(5000)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	}
	// The path is escaped: a # or ? in a directory name would otherwise end
	// the file name inside the URI.
	return (&url.URL{Scheme: "file", Opaque: url.PathEscape(path), RawQuery: q.Encode()}).String()
}

// Open opens or creates the database at path and applies any migrations it
// lacks.
func Open(ctx context.Context, path string) (*Store, error) {
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	s := &Store{path: path, w: w, subs: map[chan int64]struct{}{}}
	if err := s.migrate(ctx); err != nil {
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	s.r = r
	return s, nil
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Close closes the database. Pending writes have already been committed.
func (s *Store) Close() error {
	s.mu.Lock()
	for ch := range s.subs {
		close(ch)
		delete(s.subs, ch)
	}
	s.mu.Unlock()
	return errors.Join(s.r.Close(), s.w.Close())
}

// IntegrityCheck runs SQLite's integrity check and returns nil when it says ok.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	var res string
	if err := s.w.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return fmt.Errorf("store: integrity check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("store: integrity check: %s", res)
	}
	return nil
}

// write runs fn in a transaction on the writer connection. When config is
// true the config revision is bumped in the same transaction and subscribers
// are told after the commit.
func (s *Store) write(ctx context.Context, config bool, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	var rev int64
	if config {
		if err := tx.QueryRowContext(ctx,
			"UPDATE config_revision SET revision = revision + 1 WHERE id = 1 RETURNING revision").Scan(&rev); err != nil {
			return fmt.Errorf("store: bump revision: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	if config {
		s.notify(rev)
	}
	return nil
}
