//go:build noduckdb

package peers

import (
	"errors"
	"fmt"
)

// DuckDBAvailable says whether this binary was built with DuckDB (it is
// left out with -tags noduckdb).
const DuckDBAvailable = false

var errNoDuckDB = errors.New("DuckDB is not built into this binary (-tags noduckdb)")

// DuckDBVersion is the version of the linked DuckDB library.
func DuckDBVersion() string { return "not built in (-tags noduckdb)" }

// DuckDBQuery is the SQL the DuckDB peer would run.
func DuckDBQuery(path string, kind Kind) (string, error) {
	return "", fmt.Errorf("%w", errNoDuckDB)
}

// DuckDB reports that DuckDB is not built in.
func DuckDB(path string, kind Kind) (*Result, error) { return nil, errNoDuckDB }
