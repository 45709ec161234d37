package main

import (
	"bytes"
	"context"
	"database/sql"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a buffer the server goroutine writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var listening = regexp.MustCompile(`listening on (http://[0-9.:]+)`)

// startServe runs `qinglian serve` with args until the returned stop is
// called; it returns the server's URL and its standard output so far.
func startServe(t *testing.T, args ...string) (base string, out *syncBuffer, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out = &syncBuffer{}
	var errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), strings.NewReader(""), out, &errOut)
	}()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := listening.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
			break
		}
		select {
		case code := <-done:
			cancel()
			t.Fatalf("serve exited with %d before listening\nstdout: %s\nstderr: %s", code, out, errOut.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("serve did not start\nstdout: %s\nstderr: %s", out, errOut.String())
	}
	return base, out, func() int {
		cancel()
		select {
		case code := <-done:
			return code
		case <-time.After(15 * time.Second):
			t.Fatal("serve did not stop")
			return -1
		}
	}
}

// The first start prints the administrator's one-time password, serves,
// and stops cleanly when its context ends; a restart prints no password.
// --data comes from the environment here, as on a server.
func TestServeFirstStartAndRestart(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("QINGLIAN_DATA", dir)
	base, out, stop := startServe(t)
	if !strings.Contains(out.String(), "一次性密码 one-time password") {
		t.Errorf("first start did not print the one-time password:\n%s", out)
	}
	for _, path := range []string{"/healthz", "/readyz", "/login"} {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", path, res.StatusCode)
		}
	}
	if code := stop(); code != 0 {
		t.Fatalf("serve exit %d after shutdown", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "qinglian.db")); err != nil {
		t.Fatalf("database not in --data: %v", err)
	}
	_, out, stop = startServe(t)
	if strings.Contains(out.String(), "一次性密码") {
		t.Error("restart printed a password again")
	}
	stop()
}

// --demo loads the demonstration once and prints its logins.
func TestServeDemo(t *testing.T) {
	dir := t.TempDir()
	base, out, stop := startServe(t, "--data", dir, "--demo")
	for _, want := range []string{"admin1", "organiser1", "reviewer1", "cadre1", "member1"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo logins lack %s:\n%s", want, out)
		}
	}
	res, err := http.Get(base + "/public")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	stop()
	_, out, stop = startServe(t, "--data", dir, "--demo")
	if !strings.Contains(out.String(), "未重复载入") {
		t.Errorf("second --demo should say the demo is there:\n%s", out)
	}
	stop()
}

// backup copies the live database; audit verify passes on it and names the
// first entry of a tampered chain.
func TestBackupAndAuditVerify(t *testing.T) {
	dir := t.TempDir()
	_, _, stop := startServe(t, "--data", dir)
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	code, out, errOut := runCLI(t, "", "backup", "--data", dir, copyPath)
	stop()
	if code != 0 || !strings.Contains(out, copyPath) {
		t.Fatalf("backup: exit %d, out %q, err %q", code, out, errOut)
	}
	if code, _, _ := runCLI(t, "", "backup", "--data", dir, copyPath); code != 2 {
		t.Errorf("backup onto an existing file: exit %d, want 2", code)
	}
	if code, _, _ := runCLI(t, "", "backup", "--data", dir); code != 2 {
		t.Errorf("backup without FILE: exit %d, want 2", code)
	}
	code, out, _ = runCLI(t, "", "audit", "verify", "--db", "sqlite:"+copyPath)
	if code != 0 || !strings.HasPrefix(out, "OK") || !regexp.MustCompile(`head [0-9a-f]{64}`).MatchString(out) {
		t.Fatalf("audit verify on the copy: exit %d, %q", code, out)
	}
	// Hostile: someone edits the first entry of the live database.
	db, err := sql.Open("sqlite", filepath.Join(dir, "qinglian.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("UPDATE audit_log SET detail = 'edited' WHERE seq = 1"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	code, out, _ = runCLI(t, "", "audit", "verify", "--data", dir)
	if code != 1 || !strings.Contains(out, "BROKEN") || !strings.Contains(out, "第 1 条") {
		t.Errorf("audit verify on a tampered chain: exit %d, %q", code, out)
	}
	if code, _, _ := runCLI(t, "", "audit"); code != 2 {
		t.Errorf("audit without verify: exit %d, want 2", code)
	}
}

func TestPlatformHelp(t *testing.T) {
	for _, args := range [][]string{{"serve", "-h"}, {"backup", "-h"}, {"audit", "-h"}, {"audit", "verify", "-h"}, {"help", "serve"}} {
		code, out, errOut := runCLI(t, "", args...)
		if code != 0 || !strings.Contains(out+errOut, "用法 usage") {
			t.Errorf("%v: exit %d, %q", args, code, out+errOut)
		}
	}
	if _, out, _ := runCLI(t, "", "help"); !strings.Contains(out, "qinglian serve") || !strings.Contains(out, "qinglian audit verify") {
		t.Error("main help lacks the platform commands")
	}
}
