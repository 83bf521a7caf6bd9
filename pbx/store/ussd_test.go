package store

import (
	"context"
	"testing"
	"time"
)

func TestUSSDRequests(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	now := time.UnixMilli(time.Now().UnixMilli()).UTC()
	checkCRUD(t, s.USSDRequests(), USSDRequest{Module: "GSM 1", Code: "*100#", Reply: "Balance 10", CreatedAt: now},
		func(u *USSDRequest) { u.Reply, u.Error = "", "no reply" })
	for _, u := range []USSDRequest{
		{Module: "GSM 1", Code: "*100#", Reply: "Balance 10", CreatedAt: now},
		{Module: "GSM 2", Code: "*102#", Reply: "5 GB", CreatedAt: now},
		{Module: "GSM 1", Code: "*105#", Error: "gsm: timeout", CreatedAt: now},
	} {
		if err := s.USSDRequests().Create(ctx, &u); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.RecentUSSD(ctx, "GSM 1", 10)
	if err != nil || len(got) != 2 || got[0].Code != "*105#" || got[1].Code != "*100#" {
		t.Errorf("RecentUSSD(GSM 1) = %+v, %v; want *105#, *100#", got, err)
	}
	if all, _ := s.RecentUSSD(ctx, "", 2); len(all) != 2 || all[0].Module != "GSM 1" || all[1].Module != "GSM 2" {
		t.Errorf("RecentUSSD(all, 2) = %+v; want the newest two", all)
	}
	bad := USSDRequest{Code: "*100#"}
	checkFieldError(t, bad.Validate(), "module")
}
