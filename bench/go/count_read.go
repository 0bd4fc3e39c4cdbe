// Counting the newlines of a file on one core: File.Read into one 1 MiB buffer, then bytes.Count
// (vectorised) over what each read gave.
package main

import (
	"bytes"
	"io"
	"os"
)

func main() { run(countByReading) }

var newline = []byte{'\n'}

func countByReading(o options) (counts, error) {
	file, err := os.Open(o.file)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	buffer := make([]byte, 1<<20)
	var newlines, total int64
	for {
		n, err := file.Read(buffer)
		newlines += int64(bytes.Count(buffer[:n], newline))
		total += int64(n)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	return counts{"newlines": newlines, "bytes": total}, nil
}
