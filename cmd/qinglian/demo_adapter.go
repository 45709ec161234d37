package main

// ADAPTER — temporary. Package qinglian/demo (Load) is being written
// alongside the server; until it lands, --demo says so. Replace loadDemo's
// body with a call to demo.Load and delete this comment when it does.

import (
	"context"
	"errors"
	"time"

	"qinglian/store"
)

// demoLogin is one printed login of the demonstration.
type demoLogin struct {
	role, login, password string
}

func loadDemo(ctx context.Context, st *store.Store, now time.Time) ([]demoLogin, error) {
	return nil, errors.New("演示数据尚未就绪 the demonstration loader is not built yet")
}
