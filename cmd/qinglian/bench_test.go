package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildBinary compiles the real command once per benchmark.
func buildBinary(b *testing.B) string {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "qinglian")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runBinary runs the binary on file and returns the wall time and the peak
// resident memory of the process.
func runBinary(b *testing.B, bin, file string) (time.Duration, int64) {
	b.Helper()
	cmd := exec.Command(bin, "check", "--color", "never", file)
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() > 1) {
		b.Fatalf("%s: %v", file, err)
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return wall, ru.Maxrss * 1024 // Linux reports kilobytes
}

// BenchmarkColdCheckSeed is the whole process: start, load every
// dictionary, read and review the seed report, print, exit.
func BenchmarkColdCheckSeed(b *testing.B) {
	seed := "../../../shared/seeds/000_2f8bc095aa642456.txt"
	if _, err := os.Stat(seed); err != nil {
		seed = "../../testdata/example-report.txt"
	}
	bin := buildBinary(b)
	var peak int64
	b.ResetTimer()
	for b.Loop() {
		_, rss := runBinary(b, bin, seed)
		peak = max(peak, rss)
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MB")
}

// BenchmarkCheck10MB is the whole process on a 10 MB report: throughput and
// peak memory.
func BenchmarkCheck10MB(b *testing.B) {
	data, err := os.ReadFile("../../testdata/example-report.txt")
	if err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(b.TempDir(), "big.txt")
	big := strings.Repeat(string(data), (10<<20)/len(data)+1)
	if err := os.WriteFile(file, []byte(big), 0o644); err != nil {
		b.Fatal(err)
	}
	bin := buildBinary(b)
	var peak int64
	b.SetBytes(int64(len(big)))
	b.ResetTimer()
	for b.Loop() {
		_, rss := runBinary(b, bin, file)
		peak = max(peak, rss)
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MB")
}
