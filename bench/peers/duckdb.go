//go:build !noduckdb

package peers

import (
	"database/sql"
	"fmt"
	"os"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// DuckDBAvailable says whether this binary was built with DuckDB (it is
// left out with -tags noduckdb).
const DuckDBAvailable = true

// DuckDBVersion is the version of the linked DuckDB library.
func DuckDBVersion() string {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	defer db.Close()
	var v string
	if err := db.QueryRow("SELECT version()").Scan(&v); err != nil {
		return "unknown (" + err.Error() + ")"
	}
	return v
}

// DuckDBQuery is the SQL the DuckDB peer runs on path for kind; exported
// so that the README and RESULTS.md can show it.
func DuckDBQuery(path string, kind Kind) (string, error) {
	file := "'" + strings.ReplaceAll(path, "'", "''") + "'"
	// The arg_min/arg_max of a struct keep the label, count and median of
	// one and the same list; on ties DuckDB may pick any of them.
	const tail = `
SELECT count(med) AS lists, sum(n)::BIGINT AS vals,
       arg_min({'lab': lab, 'n': n, 'med': med}, med) AS mn,
       arg_max({'lab': lab, 'n': n, 'med': med}, med) AS mx
FROM r`
	switch kind {
	case Rows:
		st, err := os.Stat(path)
		if err != nil {
			return "", err
		}
		// Every line one VARCHAR (delimiter \x01, no quoting); a line may be
		// as long as the file. auto_detect=false: the sniffer is slow on
		// very long lines (2.7 s instead of 0.2 s on one 20 MB line).
		maxLine := max(st.Size()+16, 2<<20)
		return fmt.Sprintf(`
WITH l AS (
  SELECT string_split(line, ',') AS p
  FROM read_csv(%s, delim=chr(1), quote='', escape='', header=false,
                columns={'line': 'VARCHAR'}, auto_detect=false, max_line_size=%d)
), s AS (
  SELECT p[1] <> '' AND TRY_CAST(p[1] AS DOUBLE) IS NULL AS labelled, p FROM l
), v AS (
  SELECT CASE WHEN labelled THEN p[1] END AS lab,
         list_filter(CASE WHEN labelled THEN p[2:] ELSE p END, x -> x <> '')::DOUBLE[] AS vals
  FROM s
), r AS (
  SELECT lab, len(vals) AS n, list_median(vals) AS med FROM v
)`+tail, file, maxLine), nil
	case Groups:
		return fmt.Sprintf(`
WITH r AS (
  SELECT sensor AS lab, count(value) AS n, median(value) AS med
  FROM read_csv(%s, delim=',', header=true, auto_detect=false,
                columns={'sensor': 'VARCHAR', 'value': 'DOUBLE'})
  GROUP BY sensor
)`+tail, file), nil
	case Columns:
		// One row: the median of every column, then the count of every
		// column; min and max over the columns are taken in Go.
		return fmt.Sprintf(`SELECT median(COLUMNS(*)), count(COLUMNS(*)) FROM read_csv(%s, header=true)`, file), nil
	}
	return "", fmt.Errorf("duckdb: unknown kind %q", kind)
}

// DuckDB runs the query for kind on path in an in-memory DuckDB with
// threads=2.
func DuckDB(path string, kind Kind) (*Result, error) {
	q, err := DuckDBQuery(path, kind)
	if err != nil {
		return nil, err
	}
	conn, err := duckdb.NewConnector("", nil)
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(conn)
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec("SET threads=2"); err != nil {
		return nil, err
	}
	if kind == Columns {
		return duckColumns(db, q)
	}
	var lists sql.NullInt64
	var vals sql.NullInt64
	var mn, mx any
	if err := db.QueryRow(q).Scan(&lists, &vals, &mn, &mx); err != nil {
		return nil, err
	}
	res := &Result{Lists: int(lists.Int64), Values: vals.Int64}
	if res.Min, err = duckList(mn); err != nil {
		return nil, err
	}
	if res.Max, err = duckList(mx); err != nil {
		return nil, err
	}
	return res, nil
}

// duckList reads one {'lab','n','med'} struct. DuckDB does not tell where
// the list is in the file: Index is -1.
func duckList(v any) (*List, error) {
	if v == nil {
		return nil, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("duckdb: unexpected %T for a list", v)
	}
	l := &List{Index: -1}
	if s, ok := m["lab"].(string); ok {
		l.Label = s
	}
	if n, ok := m["n"].(int64); ok {
		l.Count = int(n)
	}
	med, ok := m["med"].(float64)
	if !ok {
		return nil, fmt.Errorf("duckdb: unexpected median %T", m["med"])
	}
	l.Median = Median(med)
	return l, nil
}

func duckColumns(db *sql.DB, q string) (*Result, error) {
	rows, err := db.Query(q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("duckdb: no result row")
	}
	n := len(names) / 2
	meds := make([]sql.NullFloat64, n)
	counts := make([]int64, n)
	ptrs := make([]any, 0, 2*n)
	for i := range meds {
		ptrs = append(ptrs, &meds[i])
	}
	for i := range counts {
		ptrs = append(ptrs, &counts[i])
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, err
	}
	var t tracker
	for i, m := range meds {
		if !m.Valid {
			continue
		}
		// The result column is named "median(c000)": the label is inside.
		label := strings.TrimSuffix(strings.TrimPrefix(names[i], "median("), ")")
		t.offer(List{Index: i, Label: label, Count: int(counts[i]), Median: Median(m.Float64)})
	}
	return &t.res, rows.Err()
}
