// The part every Go program of the benchmark shares: its options, the timing loop and the result
// line. Each program is this file and one job file, built together by bench/run.mjs
// (bench/harness/_go.mjs) once per run:
//
//	go build -o lines_bytes measure.go lines_bytes.go
//
// The loop mirrors the runtimes' (bench/harness/_case.ts, `measure`): a garbage collection before
// each pass, `warmup` untimed passes, then up to `reps` timed ones (never fewer than `min-reps`, and
// no more once `budget-ms` of timed passes are spent). A pass opens the file, does the job and closes
// it, timed inside the process with time.Now(), as bench/harness/_limit.c times C. Every pass must
// compute the same counts. The program prints two lines the driver reads, as the runtimes' worker
// does: a header, then the result (times, CPU times, counts, memory figures from /proc).
//
//	lines_bytes -file F -warmup 1 -reps 7 -min-reps 3 -budget-ms 8000 -first 97
//
// Standard library only, nothing that needs cgo, Go 1.16 or later.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"runtime"
	"strconv"
	"syscall"
	"time"
)

// scanBuffer is the buffer the Scanner programs give bufio.Scanner: 64 KiB, its largest line
// (bufio.MaxScanTokenSize). Left alone, a Scanner starts with 4 KiB and grows only for a line that
// does not fit, so on short lines it reads 4 KiB at a time: lines_bytes over the benchmark's 1 GiB
// file ran at about 2.2 GB/s that way against about 3 GB/s with 64 KiB, side by side. The benchmark
// measures Go at its better.
const scanBuffer = 64 << 10

// resultPrefix marks the lines the driver parses (harness/_worker.ts prints the same).
const resultPrefix = "@@result "

// counts is what one pass computed; the driver compares it with what the file must give.
type counts map[string]int64

// options are the case's parameters, from the command line.
type options struct {
	file     string
	warmup   int
	reps     int
	minReps  int
	budgetMs float64
	// first: lines_bytes counts the lines that start with this byte.
	first int
	// workers: count_mmap's goroutines.
	workers int
}

func parseOptions() options {
	var o options
	flag.StringVar(&o.file, "file", "", "the file to read")
	flag.IntVar(&o.warmup, "warmup", 0, "untimed passes first")
	flag.IntVar(&o.reps, "reps", 1, "the most timed passes")
	flag.IntVar(&o.minReps, "min-reps", -1, "the fewest timed passes (default: reps)")
	flag.Float64Var(&o.budgetMs, "budget-ms", 0, "stop once timed passes took this long (0: never)")
	flag.IntVar(&o.first, "first", -1, "lines_bytes: count the lines starting with this byte")
	flag.IntVar(&o.workers, "workers", 2, "count_mmap: goroutines")
	flag.Parse()
	if o.minReps < 0 {
		o.minReps = o.reps
	}
	return o
}

// memory are the process's figures from /proc/self/status, in bytes (zeros without /proc).
type memory struct {
	PeakRss int64 `json:"peakRss"`
	Anon    int64 `json:"anon"`
	File    int64 `json:"file"`
}

var statusLine = regexp.MustCompile(`(?m)^(VmHWM|RssAnon|RssFile):\s+(\d+) kB`)

func memoryStatus() memory {
	var m memory
	text, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return m
	}
	for _, match := range statusLine.FindAllStringSubmatch(string(text), -1) {
		kib, _ := strconv.ParseInt(match[2], 10, 64)
		switch match[1] {
		case "VmHWM":
			m.PeakRss = kib * 1024
		case "RssAnon":
			m.Anon = kib * 1024
		case "RssFile":
			m.File = kib * 1024
		}
	}
	return m
}

// cpuMs is the CPU time of the process so far (user + system, every thread), in milliseconds.
func cpuMs() float64 {
	var usage syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &usage) != nil {
		return 0
	}
	ms := func(t syscall.Timeval) float64 { return float64(t.Sec)*1e3 + float64(t.Usec)/1e3 }
	return ms(usage.Utime) + ms(usage.Stime)
}

// result has the shape of harness/_case.ts's CaseResult.
type result struct {
	Ok            bool      `json:"ok"`
	Error         string    `json:"error,omitempty"`
	Times         []float64 `json:"times"`
	CPUTimes      []float64 `json:"cpuTimes"`
	Bytes         int64     `json:"bytes"`
	Check         counts    `json:"check,omitempty"`
	MemoryAtStart memory    `json:"memoryAtStart"`
	MemoryAtEnd   memory    `json:"memoryAtEnd"`
}

func measure(o options, job func(options) (counts, error), r *result) error {
	info, err := os.Stat(o.file)
	if err != nil {
		return err
	}
	r.Bytes = info.Size()
	spent := 0.0
	for i := 0; len(r.Times) < o.reps; i++ {
		if len(r.Times) >= o.minReps && o.budgetMs > 0 && spent >= o.budgetMs {
			break
		}
		runtime.GC()
		cpuStarted := cpuMs()
		started := time.Now()
		check, err := job(o)
		elapsed := float64(time.Since(started).Nanoseconds()) / 1e6
		cpu := cpuMs() - cpuStarted
		if err != nil {
			return err
		}
		if i >= o.warmup {
			r.Times = append(r.Times, elapsed)
			r.CPUTimes = append(r.CPUTimes, cpu)
			spent += elapsed
		}
		if r.Check == nil {
			r.Check = check
		} else if !reflect.DeepEqual(r.Check, check) {
			return fmt.Errorf("pass %d computed %v, pass 0 %v", i, check, r.Check)
		}
	}
	return nil
}

// run measures `job` with the command line's options and prints the result; exits 1 on an error.
func run(job func(options) (counts, error)) {
	o := parseOptions()
	r := result{MemoryAtStart: memoryStatus(), Times: []float64{}, CPUTimes: []float64{}}
	header, _ := json.Marshal(map[string]string{"runtime": "go", "version": runtime.Version()})
	fmt.Printf("%s%s\n", resultPrefix, header)
	err := measure(o, job, &r)
	r.Ok = err == nil
	if err != nil {
		r.Error = err.Error()
	}
	r.MemoryAtEnd = memoryStatus()
	line, _ := json.Marshal(r)
	fmt.Printf("%s%s\n", resultPrefix, line)
	if err != nil {
		os.Exit(1)
	}
}
