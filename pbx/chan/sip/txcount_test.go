package sip

import (
	"reflect"
	"sync"
	"unsafe"
)

// txCounts returns how many server and client transactions sipgo's
// transaction layer holds. sipgo exports no count, so it reads the length
// of each store's map under the store's own lock (fields items and mu of
// sipgo's transactionStore); a change of those fields fails here first.
func txCounts(c *Channel) (server, client int) {
	v := reflect.ValueOf(c.txl).Elem()
	count := func(field string) int {
		store := v.FieldByName(field).Elem()
		mu := (*sync.RWMutex)(unsafe.Pointer(store.FieldByName("mu").UnsafeAddr()))
		mu.RLock()
		defer mu.RUnlock()
		return store.FieldByName("items").Len()
	}
	return count("serverTransactions"), count("clientTransactions")
}
