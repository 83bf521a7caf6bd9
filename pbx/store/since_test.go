package store

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// TestSinceTagsNameTheirMigration: a configuration table or column tagged
// since:"N" is named in migration N, so a document of schema N-1 imports
// with it added empty and one of schema N must carry it.
func TestSinceTagsNameTheirMigration(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	check := func(what, name, tag string) { // name: as the migration writes it
		if tag == "" {
			return
		}
		n, err := strconv.Atoi(tag)
		if err != nil || n < 1 || n > len(ms) {
			t.Errorf("%s %s: since:%q names no migration (1 to %d)", what, name, tag, len(ms))
			return
		}
		if !strings.Contains(ms[n-1].sql, name) {
			t.Errorf("%s %s: since:%q, but migration %04d_%s does not name it", what, name, tag, n, ms[n-1].name)
		}
	}
	cfg := reflect.TypeFor[Config]()
	for _, tb := range configTables() {
		f := cfg.Field(tb.index)
		check("table", tb.name, f.Tag.Get("since"))
		row := f.Type.Elem()
		for i := range row.NumField() {
			if col, ok := jsonName(row.Field(i)); ok {
				check("column of "+tb.name, col, row.Field(i).Tag.Get("since"))
			}
		}
	}
}
