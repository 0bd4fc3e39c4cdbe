// Every line of a file as bytes, the way Go hands them out: bufio.Scanner over one 64 KiB buffer
// (see scanBuffer) and Bytes(), a slice of that buffer valid until the next Scan(). Counts the
// lines, their bytes, and the lines starting with the byte -first.
package main

import (
	"bufio"
	"os"
)

func main() { run(linesAsBytes) }

func linesAsBytes(o options) (counts, error) {
	file, err := os.Open(o.file)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	scanner := bufio.NewScanner(file)
	scanner.Buffer(make([]byte, scanBuffer), bufio.MaxScanTokenSize)
	var records, recordBytes, startingWith int64
	for scanner.Scan() {
		line := scanner.Bytes()
		records++
		recordBytes += int64(len(line))
		if len(line) > 0 && int(line[0]) == o.first {
			startingWith++
		}
	}
	if err := scanner.Err(); err != nil {
		return nil, err
	}
	return counts{"records": records, "recordBytes": recordBytes, "startingWith": startingWith}, nil
}
