package main

import (
	"context"
	"errors"
)

// runServe is being written (lead).
func runServe(ctx context.Context, e *env, args []string) error {
	return errors.New("serve: not built yet")
}
