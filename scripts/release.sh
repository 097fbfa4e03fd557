#!/usr/bin/env bash
# Builds a release on this machine into dist/: a static Linux binary (x86_64-unknown-linux-musl)
# and a Windows .exe (x86_64-pc-windows-gnu), each in an archive with README.md, LICENSE, shell
# completions (bash, zsh, fish, PowerShell) and the man page, and SHA256SUMS over the archives.
#
#   scripts/release.sh 0.2.0                                      # VERSION: Cargo.toml's version
#   TARGETS=x86_64-unknown-linux-musl scripts/release.sh 0.2.0    # the Linux archive only
#
# Every archive is built before any is written, so dist/ never holds half a release. The
# completions and the man page are made by the Linux binary just built, so the build machine is
# x86_64 Linux. Run as root, it installs the Debian packages it lacks; otherwise it names them.
# Where wine is installed the .exe is also run once (--version), through scripts/wine/run.sh.
# Archives are reproducible: every file is dated SOURCE_DATE_EPOCH, by default the last commit.
set -euo pipefail
cd "$(dirname "$0")/.."

linux=x86_64-unknown-linux-musl
windows=x86_64-pc-windows-gnu

die() {
  echo "release: $*" >&2
  exit 1
}
note() { echo "release: $*" >&2; }
human() { numfmt --to=iec-i --suffix=B --format=%.1f "$1"; }
size_of() { stat -c %s "$1"; }

# --- what to build ------------------------------------------------------------------------------

[ $# -eq 1 ] || die "usage: scripts/release.sh VERSION (Cargo.toml's version, e.g. 0.1.0)"
version=$1
if [[ $version == v[0-9]* ]]; then
  die "VERSION is written without the v: scripts/release.sh ${version#v}"
fi
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] ||
  die "VERSION '$version' is not a version such as 0.1.0 or 1.0.0-rc.1"

read -r -a targets <<<"${TARGETS:-$linux $windows}"
[ ${#targets[@]} -gt 0 ] || die "TARGETS is empty"
for t in "${targets[@]}"; do
  [ "$t" = "$linux" ] || [ "$t" = "$windows" ] ||
    die "unknown target '$t' in TARGETS (known: $linux $windows)"
done
wants() {
  local t
  for t in "${targets[@]}"; do [ "$t" = "$1" ] && return 0; done
  return 1
}

# --- tools ----------------------------------------------------------------------------------------

command -v cargo >/dev/null 2>&1 || die "cargo is missing: install Rust with rustup (https://rustup.rs)"

# command, then the Debian package that provides it
needs=(cc gcc musl-gcc musl-tools readelf binutils tar tar gzip gzip sha256sum coreutils
  numfmt coreutils)
if wants "$windows"; then
  needs+=(x86_64-w64-mingw32-gcc gcc-mingw-w64-x86-64
    x86_64-w64-mingw32-objdump binutils-mingw-w64-x86-64)
fi
root=false
[ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && root=true
missing=()
packages=()
for ((i = 0; i < ${#needs[@]}; i += 2)); do
  if ! command -v "${needs[i]}" >/dev/null 2>&1; then
    missing+=("${needs[i]}")
    packages+=("${needs[i + 1]}")
  fi
done
# zip from Debian if there is (or can be) one, else Python's zipfile.
if wants "$windows" && ! command -v zip >/dev/null 2>&1; then
  if $root; then
    packages+=(zip)
  elif ! command -v python3 >/dev/null 2>&1; then
    missing+=("zip (or python3)")
    packages+=(zip)
  fi
fi
if [ ${#packages[@]} -gt 0 ]; then
  mapfile -t packages < <(printf '%s\n' "${packages[@]}" | sort -u)
  if $root; then
    note "installing ${packages[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${packages[@]}" >/dev/null
  elif [ ${#missing[@]} -gt 0 ]; then
    die "missing ${missing[*]}; install them with: sudo apt-get install ${packages[*]}"
  fi
fi

if command -v rustup >/dev/null 2>&1; then
  installed=$(rustup target list --installed)
  for t in "$linux" "${targets[@]}"; do
    grep -qx "$t" <<<"$installed" || {
      note "adding the Rust target $t"
      rustup target add "$t"
      installed+=$'\n'"$t"
    }
  done
fi

# The linker rustc calls for the Windows target. Set here rather than in a committed
# .cargo/config.toml so that no other build (a native Windows one included) is affected; a value
# already in the environment wins.
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER="${CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER:-x86_64-w64-mingw32-gcc}"

# --- the version ----------------------------------------------------------------------------------

pkgid=$(cargo pkgid --locked)
crate_version=${pkgid##*[#@]}
[ "$version" = "$crate_version" ] ||
  die "VERSION $version is not Cargo.toml's version $crate_version: set version = \"$version\" in Cargo.toml (and commit Cargo.toml and Cargo.lock) first"
if command -v git >/dev/null 2>&1 && [ -n "$(git status --porcelain 2>/dev/null)" ]; then
  note "warning: the working tree has uncommitted changes, so this release is not of one commit"
fi
target_dir=$(cargo metadata --no-deps --format-version 1 --locked |
  sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
[ -n "$target_dir" ] || die "cargo metadata did not name the target directory"
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

# --- build ----------------------------------------------------------------------------------------

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# The Linux binary is built even when only Windows is asked for: it makes the completions and
# the man page.
builds=("$linux")
wants "$windows" && builds+=("$windows")
declare -A bin
for t in "${builds[@]}"; do
  note "building $t"
  start=$SECONDS
  cargo build --release --locked --target "$t" || die "cargo could not build $t (above); dist/ is as it was"
  note "built $t in $((SECONDS - start)) s"
  exe=roadmap-tui
  [ "$t" = "$windows" ] && exe=roadmap-tui.exe
  bin[$t]=$target_dir/$t/release/$exe
  [ -f "${bin[$t]}" ] || die "cargo built no ${bin[$t]}"
done

linux_bin=${bin[$linux]}
# Static: no program interpreter, no shared libraries.
if readelf -lW "$linux_bin" | grep -q 'program interpreter' ||
  readelf -dW "$linux_bin" | grep -q '(NEEDED)'; then
  die "$linux_bin is dynamically linked"
fi
said=$("$linux_bin" --version) || die "$linux_bin --version failed"
[ "$said" = "roadmap-tui $version" ] || die "$linux_bin --version says '$said'"

extras=$stage/extras
mkdir -p "$extras/completions" "$extras/man"
"$linux_bin" completions bash >"$extras/completions/roadmap-tui.bash"
"$linux_bin" completions zsh >"$extras/completions/_roadmap-tui"
"$linux_bin" completions fish >"$extras/completions/roadmap-tui.fish"
"$linux_bin" completions powershell >"$extras/completions/_roadmap-tui.ps1"
"$linux_bin" man >"$extras/man/roadmap-tui.1"
grep -q '^\.TH roadmap-tui 1 ' "$extras/man/roadmap-tui.1" || die "the man page has no title line"

if wants "$windows"; then
  exe=${bin[$windows]}
  # The zip ships no DLLs: the .exe may only use those every Windows has.
  dlls=$(x86_64-w64-mingw32-objdump -p "$exe" | sed -n 's/^[[:space:]]*DLL Name: //p' | sort -fu)
  if grep -iE '^(libgcc|libwinpthread|libstdc\+\+)' <<<"$dlls"; then
    die "$exe needs the MinGW DLLs above, which the archive does not ship"
  fi
  note "$exe uses $(tr '\n' ' ' <<<"$dlls")"
  if ! command -v wine64 >/dev/null 2>&1 && [ ! -x /usr/lib/wine/wine64 ]; then
    note "wine is not installed: the .exe is not run"
  else
    # Through the tests' runner, which gives Wine 8 the ProcessPrng stub Rust's std needs and a
    # prefix of its own under the target dir. A wrong answer stops the release.
    said=$(timeout 120 scripts/wine/run.sh "$exe" --version 2>"$stage/wine.log" | tr -d '\r') ||
      said=
    if [ -z "$said" ]; then
      note "warning: wine could not run $exe, so it is untested:"
      head -n 3 "$stage/wine.log" >&2 || true
    elif [ "$said" = "roadmap-tui $version" ]; then
      note "$exe --version under wine: $said"
    else
      die "$exe --version says '$said' under wine"
    fi
  fi
fi

# --- package --------------------------------------------------------------------------------------

# A zip of the folder $1 (relative to the current directory) into $2, entries in name order.
zip_folder() {
  if command -v zip >/dev/null 2>&1; then
    find "$1" | LC_ALL=C sort | TZ=UTC zip -X -q -9 -@ "$2"
  else
    python3 - "$1" "$2" <<'EOF'
import os, sys, time, zipfile

folder, out = sys.argv[1], sys.argv[2]
paths = []
for parent, dirs, files in os.walk(folder):
    paths.append(parent)
    paths += [os.path.join(parent, f) for f in files]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
    for path in sorted(paths):
        st = os.stat(path)
        is_dir = os.path.isdir(path)
        info = zipfile.ZipInfo(path + ("/" if is_dir else ""), time.gmtime(st.st_mtime)[:6])
        info.create_system = 3  # Unix, so that the modes below are read
        info.external_attr = (st.st_mode & 0xFFFF) << 16 | (0x10 if is_dir else 0)
        info.compress_type = zipfile.ZIP_DEFLATED
        if is_dir:
            archive.writestr(info, b"")
        else:
            with open(path, "rb") as f:
                archive.writestr(info, f.read())
EOF
  fi
}

mkdir -p dist
rm -f dist/SHA256SUMS dist/roadmap-tui-"$version"-*
archives=()
for t in "${targets[@]}"; do
  name=roadmap-tui-$version-$t
  folder=$stage/$name
  mkdir "$folder"
  install -m 755 "${bin[$t]}" "$folder/"
  install -m 644 README.md LICENSE "$folder/"
  cp -R "$extras/completions" "$extras/man" "$folder/"
  chmod -R u=rwX,go=rX "$folder"
  find "$folder" -exec touch -h -d "@$epoch" {} +
  if [ "$t" = "$windows" ]; then
    archive=$name.zip
    (cd "$stage" && zip_folder "$name" "$stage/$archive")
  else
    archive=$name.tar.gz
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" \
      -C "$stage" -cf - "$name" | gzip -9n >"$stage/$archive"
  fi
  mv "$stage/$archive" dist/
  archives+=("$archive")
done
(cd dist && sha256sum -- "${archives[@]}" >SHA256SUMS && sha256sum --quiet -c SHA256SUMS)

echo "roadmap-tui $version in dist/:"
for t in "${targets[@]}"; do
  archive=roadmap-tui-$version-$t.tar.gz
  [ "$t" = "$windows" ] && archive=roadmap-tui-$version-$t.zip
  printf '  %-58s %9s  (%s %s)\n' "$archive" "$(human "$(size_of "dist/$archive")")" \
    "${bin[$t]##*/}" "$(human "$(size_of "${bin[$t]}")")"
done
printf '  %-58s %9s\n' SHA256SUMS "$(human "$(size_of dist/SHA256SUMS)")"
