#!/usr/bin/env bash
# Every image a compose file names is either built from this repo or pinned to a version (no "latest", no bare name).
set -euo pipefail
file="${1:-docker-compose.yml}"
bad=0
while read -r image; do
  [[ -z "$image" ]] && continue
  if [[ "$image" != *:* || "$image" == *:latest ]]; then
    echo "ci: image '$image' in $file is not pinned to a version" >&2
    bad=1
  fi
done < <(docker-compose -f "$file" config | awk '/^ *image:/ {print $2}')
exit $bad
