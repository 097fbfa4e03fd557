#!/usr/bin/env bash
# Cargo's runner for x86_64-pc-windows-gnu: runs a Windows program under Wine.
#
#   CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=scripts/wine/run.sh \
#     cargo test --target x86_64-pc-windows-gnu --test cli
#
# Wine 8 lacks bcryptprimitives.dll's ProcessPrng, which Rust's std calls at start-up, so this
# builds a stub of it (bcryptprimitives.c, with mingw-w64) once and puts it beside the program
# and beside roadmap-tui.exe, which the command-line tests start. Wine runs in a prefix of its
# own, <target>/x86_64-pc-windows-gnu/wine/prefix, made on first use, and says nothing unless the
# program does.
# Needs: wine64 (Debian's package puts it in /usr/lib/wine) and x86_64-w64-mingw32-gcc.
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 PROGRAM.exe [ARGS...]" >&2
  exit 2
fi
exe=$1
shift
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

wine=$(command -v wine64 || true)
if [ -z "$wine" ] && [ -x /usr/lib/wine/wine64 ]; then
  wine=/usr/lib/wine/wine64
fi
if [ -z "$wine" ]; then
  echo "$0: wine64 not found (Debian: apt-get install wine64)" >&2
  exit 127
fi

# The program lives in <target>/x86_64-pc-windows-gnu/<profile>[/deps]; the profile folder holds
# roadmap-tui.exe.
exe_dir=$(cd "$(dirname "$exe")" && pwd)
profile_dir=$exe_dir
if [ "$(basename "$exe_dir")" = deps ]; then
  profile_dir=$(dirname "$exe_dir")
fi
cache=$(dirname "$profile_dir")/wine
mkdir -p "$cache"

# One runner at a time builds the stub and makes the prefix.
exec 9>"$cache/.lock"
flock 9

dll=$cache/bcryptprimitives.dll
if [ ! -f "$dll" ] || [ "$here/bcryptprimitives.c" -nt "$dll" ]; then
  x86_64-w64-mingw32-gcc -shared -O2 -s -o "$dll.tmp" "$here/bcryptprimitives.c" -ladvapi32
  mv "$dll.tmp" "$dll"
fi
for dir in "$exe_dir" "$profile_dir"; do
  cmp -s "$dll" "$dir/bcryptprimitives.dll" || cp "$dll" "$dir/bcryptprimitives.dll"
done

export WINEPREFIX=$cache/prefix
export WINEDEBUG=-all
# No Mono or Gecko (nothing here needs .NET or HTML, and Wine would offer to download them),
# and no menu entries or file associations made for the prefix.
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
wineserver=$(dirname "$wine")/wineserver
[ -x "$wineserver" ] || wineserver=$(command -v wineserver)
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  "$wine" wineboot --init >/dev/null 2>&1 9>&-
  "$wineserver" -w 9>&-
fi
# One server for a whole test run: it stays 5 seconds after its last program ends, so the next
# test binary finds it running, and then it ends by itself (`wineserver -k` ends it at once).
# Starting it fails quietly when one is running already.
"$wineserver" -p5 >/dev/null 2>&1 9>&- || true
flock -u 9
exec 9>&-

# assert_cmd wraps the binaries it starts in this runner when the variable is set; inside Wine
# they are Windows programs that Wine starts itself.
unset CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER
exec "$wine" "$exe" "$@"
