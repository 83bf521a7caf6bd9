package store

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
)

// addFieldsNewerThan adds, to each row of the document root, the fields
// that a schema newer than schema added to its table (a row type's field
// tagged since:"N", N being the migration that added its column) and the
// row lacks, with their zero value: a document from an older firmware
// imports with those columns unset, and a document of a schema that has
// them must still name them.
func addFieldsNewerThan(root *jsonNode, schema int) {
	rowTypes := map[string]reflect.Type{}
	cfg := reflect.TypeFor[Config]()
	for _, t := range configTables() {
		rowTypes[t.name] = cfg.Field(t.index).Type.Elem()
	}
	for i, name := range root.names {
		rt, ok := rowTypes[name]
		if !ok || root.elems[i].kind != jsonArray {
			continue
		}
		var newer []reflect.StructField
		for j := range rt.NumField() {
			if since, _ := strconv.Atoi(rt.Field(j).Tag.Get("since")); since > schema {
				newer = append(newer, rt.Field(j))
			}
		}
		for _, row := range root.elems[i].elems {
			if row.kind != jsonObject {
				continue // fill says what is wrong with it
			}
			for _, f := range newer {
				field, ok := jsonName(f)
				if !ok || slices.Contains(row.names, field) {
					continue
				}
				zero, err := json.Marshal(reflect.Zero(f.Type).Interface())
				if err != nil {
					continue // fill reports the field missing
				}
				node, ierr := parseJSON(zero)
				if ierr != nil {
					continue
				}
				row.names = append(row.names, field)
				row.elems = append(row.elems, node)
			}
		}
	}
}
