package main

import (
	"fmt"
	"strings"

	"medianscope/bench/peers"
)

// role is what a contender is measured for.
type role int

const (
	roleMedianscope role = iota
	rolePeer             // counts for "× faster than the best peer"
	roleProbe            // the anchor of the parse+select core
)

// contender is one program measured on every shape.
type contender struct {
	key, name string
	role      role
	// unavailable, when set, is why the contender is not run at all.
	unavailable string
	// tiesAnyOrder: on equal medians it may name another list than
	// Medianscope (which takes the first in file order), so a different
	// list with the same median is a tie, not a disagreement.
	tiesAnyOrder bool
	// args is the command line for shape s on path (args[0] the program).
	args func(env runEnv, s shape, path string) []string
}

func medianscope(workers int) func(env runEnv, s shape, path string) []string {
	return func(env runEnv, s shape, path string) []string {
		a := []string{env.bin, "-headless", "-workers", fmt.Sprint(workers)}
		return append(append(a, s.flags...), path)
	}
}

func selfPeer(name string) func(env runEnv, s shape, path string) []string {
	return func(env runEnv, s shape, path string) []string {
		if _, err := pickShapes(s.name); err != nil {
			return []string{env.self, "-peer", name, "-kind", string(s.kind), path}
		}
		return []string{env.self, "-peer", name, "-shape", s.name, path}
	}
}

var contenders = []*contender{
	{key: "ms2", name: "medianscope -workers 2", role: roleMedianscope, args: medianscope(2)},
	{key: "ms1", name: "medianscope -workers 1", role: roleMedianscope, args: medianscope(1)},
	{key: "duckdb", name: "DuckDB", role: rolePeer, args: selfPeer("duckdb"), tiesAnyOrder: true,
		unavailable: duckdbUnavailable()},
	{key: "polars", name: "polars", role: rolePeer,
		unavailable: "not available on this machine (no PyPI: polars cannot be installed)"},
	{key: "obvious", name: "obvious Go", role: rolePeer, args: selfPeer("obvious")},
	{key: "probe", name: "probe", role: roleProbe, args: selfPeer("probe")},
}

func duckdbUnavailable() string {
	if peers.DuckDBAvailable {
		return ""
	}
	return "not built into this bench binary (-tags noduckdb)"
}

func contenderKeys() []string {
	var keys []string
	for _, c := range contenders {
		keys = append(keys, c.key)
	}
	return keys
}

func pickContenders(list string) ([]*contender, error) {
	if list == "" || list == "all" {
		return contenders, nil
	}
	var out []*contender
	for _, key := range strings.Split(list, ",") {
		key = strings.TrimSpace(key)
		found := false
		for _, c := range contenders {
			if c.key == key {
				out = append(out, c)
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown contender %q (want some of %s)", key, strings.Join(contenderKeys(), ","))
		}
	}
	return out, nil
}
