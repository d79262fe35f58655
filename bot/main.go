// Command bot is the guidance product's one program: it checks content,
// answers questions on the command line, and serves the site, the ask API
// and the Discord bot.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // contact hours are Europe/London wherever the host is
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	var usage usageError
	switch {
	case errors.As(err, &usage):
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// env is what every command may use; nothing is read from globals.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	logger *slog.Logger
	now    func() time.Time
	// executable is this program, for `bot serve` to run `bot gateway`.
	executable func() (string, error)
}

type command struct {
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// usageError is a mistake in how the program was called (exit status 2).
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func commands() map[string]command {
	return map[string]command{
		"check":    {"validate content/ (add --release before publishing)", runCheck},
		"ask":      {"answer a question from the guidance (--json for machines)", runAsk},
		"serve":    {"serve the site, the ask API and the Discord bot", runServe},
		"register": {"register the bot's slash commands with Discord", runRegister},
		"gateway":  {"the Discord gateway alone (bot serve runs and restarts it)", runGateway},
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := &env{
		getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr,
		logger:     newLogger(getenv, stderr),
		now:        time.Now,
		executable: os.Executable,
	}
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		return usageError{usageText(cmds)}
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		return usageError{fmt.Sprintf("unknown command %q\n\n%s", args[0], usageText(cmds))}
	}
	err := cmd.run(ctx, e, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

func usageText(cmds map[string]command) string {
	names := make([]string, 0, len(cmds))
	for name := range cmds {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("usage: bot <command> [flags]\n\ncommands:\n")
	for _, name := range names {
		fmt.Fprintf(&b, "  %-8s %s\n", name, cmds[name].summary)
	}
	b.WriteString("\nRun 'bot <command> -h' for a command's flags.")
	return b.String()
}

// newLogger logs JSON to stderr. LOG_LEVEL=debug shows more.
func newLogger(getenv func(string) string, w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	if strings.EqualFold(getenv("LOG_LEVEL"), "debug") {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}

// newFlagSet makes a command's flag set; parse errors become usage errors.
func newFlagSet(e *env, name, args string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: bot %s %s\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

// contentDir is where content/ is: the flag, else CONTENT_DIR, else ./content.
func contentDir(e *env, flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if d := e.getenv("CONTENT_DIR"); d != "" {
		return d
	}
	return "content"
}
