package main

import (
	"context"
	"errors"
)

// runAsk is being written (index helper).
func runAsk(ctx context.Context, e *env, args []string) error {
	return errors.New("ask: not built yet")
}
