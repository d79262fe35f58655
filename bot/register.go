package main

import (
	"context"
	"errors"
)

// runRegister is being written (discord helper).
func runRegister(ctx context.Context, e *env, args []string) error {
	return errors.New("register: not built yet")
}
