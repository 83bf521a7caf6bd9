package sip

import "reflect"

// txCounts returns how many server and client transactions sipgo's
// transaction layer holds; sipgo does not export the count.
func txCounts(c *Channel) (server, client int) {
	v := reflect.ValueOf(c.txl).Elem()
	return v.FieldByName("serverTransactions").Elem().FieldByName("items").Len(),
		v.FieldByName("clientTransactions").Elem().FieldByName("items").Len()
}
