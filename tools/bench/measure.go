package main

import (
	"bytes"
	"fmt"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
)

// result is one measurement of a command: wall and CPU time (user and
// system, the command's threads and children), and peak memory (the
// largest resident size of the command or one of its children).
type result struct {
	wall, cpu time.Duration
	peak      int64 // bytes
}

// measure runs the command cmd makes runs times and returns the median
// of each figure.
func measure(runs int, cmd func() (*exec.Cmd, error)) (result, error) {
	var walls, cpus []time.Duration
	var peaks []int64
	for range runs {
		c, err := cmd()
		if err != nil {
			return result{}, err
		}
		var stderr bytes.Buffer
		c.Stderr = &stderr
		start := time.Now()
		err = c.Run()
		wall := time.Since(start)
		if err != nil {
			return result{}, fmt.Errorf("%v\n%s", err, lastLines(stderr.String(), 10))
		}
		ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage)
		if !ok {
			return result{}, fmt.Errorf("no resource usage on this system")
		}
		walls = append(walls, wall)
		cpus = append(cpus, time.Duration(ru.Utime.Nano()+ru.Stime.Nano()))
		peaks = append(peaks, ru.Maxrss<<10) // kilobytes on Linux
	}
	return result{wall: median(walls), cpu: median(cpus), peak: median(peaks)}, nil
}

func median[T int64 | time.Duration](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// cpuTime is the CPU time this process has used, all threads.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func numCPU() int { return runtime.NumCPU() }

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f s", d.Seconds()) }

func megabytes(b int64) string { return fmt.Sprintf("%.0f MB", float64(b)/1e6) }

// table prints aligned columns.
type table struct {
	rows [][]string
}

func newTable(header ...string) *table { return &table{rows: [][]string{header}} }

func (t *table) row(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) print() {
	widths := map[int]int{}
	for _, r := range t.rows {
		for i, c := range r {
			widths[i] = max(widths[i], len([]rune(c)))
		}
	}
	for _, r := range t.rows {
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-len([]rune(c)))
			if i == 0 {
				b.WriteString("  " + c + pad)
			} else {
				b.WriteString("  " + pad + c)
			}
		}
		fmt.Println(strings.TrimRight(b.String(), " "))
	}
}
