#!/usr/bin/env bash
# Imports a tenant's ticket history from the command line, with a progress bar: the same as `scripts/sift import`.
# Example: scripts/import.sh --tenant acme --file tickets.csv --map 'subject=Short description,body=Description'
exec "$(dirname "${BASH_SOURCE[0]}")/sift" import "$@"
