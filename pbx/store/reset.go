package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"modernc.org/sqlite"
)

// keptOnReset are the tables that describe the database rather than the box.
var keptOnReset = map[string]bool{"schema_migrations": true, "config_revision": true}

// FactoryReset empties every table but the schema's own bookkeeping, in one
// transaction: the configuration, admins and their sessions, setup codes and
// call records are gone, and the config revision is bumped. Deleted rows are
// overwritten on disk (secure_delete, then a checkpoint that empties the
// write-ahead log), so a box passed on keeps no passwords. The caller issues
// a new setup code afterwards. It is safe for concurrent use.
func (s *Store) FactoryReset(ctx context.Context) error {
	err := s.write(ctx, true, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "PRAGMA secure_delete = ON"); err != nil {
			return fmt.Errorf("store: factory reset: %w", err)
		}
		all, err := tableNames(ctx, tx)
		if err != nil {
			return err
		}
		var tables []string
		for _, t := range all {
			if !keptOnReset[strings.ToLower(t)] {
				tables = append(tables, t)
			}
		}
		tables, err = dependencyOrder(ctx, tx, tables)
		if err != nil {
			return err
		}
		for i := len(tables) - 1; i >= 0; i-- {
			if _, err := tx.ExecContext(ctx, `DELETE FROM "`+tables[i]+`"`); err != nil {
				return fmt.Errorf("store: factory reset: clear %s: %w", tables[i], err)
			}
		}
		return nil
	})
	// The writer connection goes back to the default for later writes.
	if _, perr := s.w.ExecContext(context.WithoutCancel(ctx), "PRAGMA secure_delete = OFF"); err == nil && perr != nil {
		err = fmt.Errorf("store: factory reset: %w", perr)
	}
	if err != nil {
		return err
	}
	// The write-ahead log still holds the old versions of the pages: copy
	// the cleared pages into the database and empty the log.
	if _, err := s.w.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return fmt.Errorf("store: factory reset: checkpoint: %w", err)
	}
	return nil
}

// RestoreSnapshot replaces the whole database (configuration, admins and
// their sessions, setup codes and call records) by the SQLite database file
// at path, in place, through SQLite's online backup API on the writer
// connection: the Store stays open and everyone holding it sees the restored
// data. The file must have this firmware's schema (Open it first to migrate
// an older one) and no dangling references; it is left as it was.
//
// The copy is one transaction: on an error nothing has changed. Afterwards
// the config revision is above both the old one and the restored one, and
// subscribers are told. It is safe for concurrent use; writes wait for it.
func (s *Store) RestoreSnapshot(ctx context.Context, path string) error {
	src := "file:" + path + "?mode=ro"
	if err := checkSnapshot(ctx, src); err != nil {
		return fmt.Errorf("store: restore from %s: %w", path, err)
	}
	conn, err := s.w.Conn(ctx) // the one writer: writes wait until we are done
	if err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	defer conn.Close()
	var before int64
	if err := conn.QueryRowContext(ctx, "SELECT revision FROM config_revision WHERE id = 1").Scan(&before); err != nil {
		return fmt.Errorf("store: restore: read revision: %w", err)
	}
	err = conn.Raw(func(dc any) error {
		r, ok := dc.(interface {
			NewRestore(string) (*sqlite.Backup, error)
		})
		if !ok {
			return fmt.Errorf("driver connection %T has no online backup", dc)
		}
		b, err := r.NewRestore(src)
		if err != nil {
			return err
		}
		for more := true; more && err == nil; {
			more, err = b.Step(-1)
		}
		return errors.Join(err, b.Finish())
	})
	if err != nil {
		return fmt.Errorf("store: restore from %s: %w", path, err)
	}
	var rev int64
	// The bump goes through the same connection, so no write can come
	// between the restore and the new revision.
	if err := conn.QueryRowContext(context.WithoutCancel(ctx),
		"UPDATE config_revision SET revision = MAX(revision, ?) + 1 WHERE id = 1 RETURNING revision", before).Scan(&rev); err != nil {
		return fmt.Errorf("store: restore: bump revision: %w", err)
	}
	s.notify(rev)
	return nil
}

// checkSnapshot checks that the database at the URI src has this firmware's
// schema and no dangling references.
func checkSnapshot(ctx context.Context, src string) error {
	db, err := sql.Open("sqlite", src)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var exists int
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'").Scan(&exists); err != nil {
		return fmt.Errorf("not a database: %w", err)
	}
	if exists == 0 {
		return errors.New("not a Hookflash database: it has no schema_migrations table")
	}
	v, err := schemaVersionOf(ctx, db)
	if err != nil {
		return err
	}
	if v != SchemaVersion() {
		return fmt.Errorf("it has schema %d, not this firmware's %d: open it with store.Open first", v, SchemaVersion())
	}
	rows, err := db.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return fmt.Errorf("foreign key check: %w", err)
	}
	defer rows.Close()
	if rows.Next() {
		var table string
		var rowid sql.NullInt64
		var parent string
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return fmt.Errorf("foreign key check: %w", err)
		}
		return fmt.Errorf("%s row %d refers to a row of %s that does not exist", table, rowid.Int64, parent)
	}
	return rows.Err()
}
