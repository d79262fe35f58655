package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"guidance"
	"guidance/answer"
	"guidance/bot/term"
)

// maxLineBytes bounds one line of standard input in batch mode; the rest of
// a longer line is skipped (the answerer reads far less than this anyway).
const maxLineBytes = 64 * 1024

func runAsk(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "ask", "[--json] [--limit N] [--content DIR] [--base-url URL] QUESTION... | -")
	asJSON := fs.Bool("json", false, "print one JSON object per question")
	limit := fs.Int("limit", guidance.DefaultResults, fmt.Sprintf("results per question (1-%d)", guidance.MaxResults))
	dir := fs.String("content", "", "content directory (default $CONTENT_DIR or ./content)")
	baseURL := fs.String("base-url", e.getenv("BASE_URL"), "site URL that makes links absolute (default $BASE_URL, else the address in content/publisher.yaml)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *limit < 1 || *limit > guidance.MaxResults {
		return usageError{fmt.Sprintf("ask: --limit must be between 1 and %d", guidance.MaxResults)}
	}
	words := fs.Args()
	if len(words) == 0 {
		return usageError{"ask: type a question (or - to read one question per line from standard input)"}
	}
	batch := len(words) == 1 && words[0] == "-"
	if !batch && !*asJSON && !guidance.HasWord(guidance.Normalise(strings.Join(words, " "))) {
		return usageError{"ask: the question is empty"}
	}

	snap, err := buildSnapshot(os.DirFS(contentDir(e, *dir)), answer.Options{Limit: *limit, Logger: e.logger}, *baseURL, e.now())
	if err != nil {
		return fmt.Errorf("ask: %w", err)
	}
	defer snap.Closer.Close()
	a := snap.Asker

	if batch {
		return askLines(ctx, e, a, *asJSON)
	}
	ans, err := a.Ask(ctx, guidance.Question{Text: strings.Join(words, " ")})
	if *asJSON {
		return writeJSON(e.stdout, ans, err)
	}
	if err != nil {
		return fmt.Errorf("ask: %w", err)
	}
	term.WriteAnswer(e.stdout, ans)
	return nil
}

// jsonAnswer is an answer with the reason it is empty, if any.
type jsonAnswer struct {
	guidance.Answer
	Error string `json:"error,omitempty"`
}

// writeJSON prints one answer as one line. A question that could not be
// answered still gets its line, with "error" set, so batch output stays in
// step with its input.
func writeJSON(w io.Writer, ans guidance.Answer, askErr error) error {
	out := jsonAnswer{Answer: ans}
	if askErr != nil {
		out.Error = askErr.Error()
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("ask: write: %w", err)
	}
	return nil
}

// askLines answers one question per line of standard input, in order.
func askLines(ctx context.Context, e *env, a guidance.Asker, asJSON bool) error {
	r := bufio.NewReaderSize(e.stdin, 64*1024)
	w := bufio.NewWriter(e.stdout)
	defer w.Flush()
	for {
		line, err := readLine(r)
		if errors.Is(err, io.EOF) && line == "" {
			return w.Flush()
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("ask: read: %w", err)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		ans, askErr := a.Ask(ctx, guidance.Question{Text: line})
		if asJSON {
			if err := writeJSON(w, ans, askErr); err != nil {
				return err
			}
		} else {
			if askErr != nil {
				fmt.Fprintf(w, "(%v)\n", askErr)
			} else {
				term.WriteAnswer(w, ans)
			}
			fmt.Fprintln(w, strings.Repeat("─", 40))
		}
		// Flush per answer so a caller reading line by line is not kept waiting.
		if err := w.Flush(); err != nil {
			return fmt.Errorf("ask: write: %w", err)
		}
	}
}

// readLine reads one line without its newline, keeping at most
// maxLineBytes of it.
func readLine(r *bufio.Reader) (string, error) {
	var b []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if len(b) < maxLineBytes {
			b = append(b, chunk[:min(len(chunk), maxLineBytes-len(b))]...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		s := strings.TrimRight(string(b), "\r\n")
		if err != nil && len(b) > 0 && errors.Is(err, io.EOF) {
			return s, nil // last line without a newline
		}
		return s, err
	}
}
