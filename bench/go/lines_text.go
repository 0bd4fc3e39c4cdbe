// Every line of a file as a string: bufio.Scanner over one 64 KiB buffer (see scanBuffer) and
// Text(), which copies the line into a new string. Counts the lines and the bytes of their strings.
package main

import (
	"bufio"
	"os"
)

func main() { run(linesAsStrings) }

// kept holds the last line, so that each string is made on the heap as a program that keeps or
// passes on its lines makes it (a string that never escapes may be built on the stack, or not at
// all).
var kept string

func linesAsStrings(o options) (counts, error) {
	file, err := os.Open(o.file)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	scanner := bufio.NewScanner(file)
	scanner.Buffer(make([]byte, scanBuffer), bufio.MaxScanTokenSize)
	var records, recordBytes int64
	for scanner.Scan() {
		kept = scanner.Text()
		records++
		recordBytes += int64(len(kept))
	}
	if err := scanner.Err(); err != nil {
		return nil, err
	}
	return counts{"records": records, "recordBytes": recordBytes}, nil
}
