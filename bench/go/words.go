// Every word of a file: bufio.Scanner over one 64 KiB buffer (see scanBuffer) split by
// bufio.ScanWords (runs of bytes between Unicode white space), Bytes() for each. Counts the words
// and their bytes.
package main

import (
	"bufio"
	"os"
)

func main() { run(countWords) }

func countWords(o options) (counts, error) {
	file, err := os.Open(o.file)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	scanner := bufio.NewScanner(file)
	scanner.Buffer(make([]byte, scanBuffer), bufio.MaxScanTokenSize)
	scanner.Split(bufio.ScanWords)
	var records, recordBytes int64
	for scanner.Scan() {
		records++
		recordBytes += int64(len(scanner.Bytes()))
	}
	if err := scanner.Err(); err != nil {
		return nil, err
	}
	return counts{"records": records, "recordBytes": recordBytes}, nil
}
