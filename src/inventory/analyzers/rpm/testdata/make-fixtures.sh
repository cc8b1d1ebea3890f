#!/bin/sh
# Builds the rpm testdata with Debian's real rpm 4.18 (apt-get install rpm db5.3-util gnupg):
# four tiny noarch packages, installed with --justdb into a SQLite rpmdb (rpm's default
# backend), one gpg-pubkey imported, then the same header blobs loaded into Berkeley DB hash
# files with db5.3_load (the format of var/lib/rpm/Packages) and read back with rpm's own
# bdb_ro backend. Expected answers are rpm -qa output, recorded beside the databases.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
TOP="$W/build"
mkdir -p "$TOP/SPECS"

spec() { # name epoch version release license vendor files-count
  {
    echo "Name: $1"
    [ "$2" = "-" ] || echo "Epoch: $2"
    echo "Version: $3"
    echo "Release: $4"
    echo "License: $5"
    echo "Vendor: $6"
    echo "Summary: Bulwark rpm test fixture $1"
    echo "BuildArch: noarch"
    echo "%description"
    echo "Test fixture for Bulwark's rpm analyzer."
    echo "%install"
    echo "mkdir -p %{buildroot}/usr/share/$1 %{buildroot}/etc"
    echo "echo $1 > %{buildroot}/etc/$1.conf"
    echo "for i in \$(seq 1 $7); do echo \$i > %{buildroot}/usr/share/$1/file-with-a-rather-long-name-\$i.txt; done"
    echo "%files"
    echo "%config /etc/$1.conf"
    echo "/usr/share/$1"
  } > "$TOP/SPECS/$1.spec"
  rpmbuild --quiet --define "_topdir $TOP" -bb "$TOP/SPECS/$1.spec"
}

spec bulwark-hello - 1.0 1 MIT "Bulwark Tests" 2
spec bulwark-epoch 2 3.4.5 6.el9 "GPL-2.0-or-later AND MIT" "Bulwark Tests" 1
spec bulwark-many - 0.9 1.fc39 Apache-2.0 "Bulwark Tests" 300
spec bulwark-tilde - 1.0~rc1 0 BSD-3-Clause "Bulwark Tests" 1

export GNUPGHOME="$W/gnupg"
mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key 'Bulwark Test <test@example.invalid>' rsa2048 sign never
gpg --batch --armor --export > "$W/key.asc"

SQL="$W/sqlite"
mkdir -p "$SQL"
rpm --dbpath "$SQL" --initdb
rpm --dbpath "$SQL" --import "$W/key.asc"
rpm --dbpath "$SQL" --justdb --nodeps --noscripts --force-debian -i "$TOP"/RPMS/noarch/*.rpm
sqlite3 "$SQL/rpmdb.sqlite" 'PRAGMA wal_checkpoint(TRUNCATE);' > /dev/null

out() { # dir
  mkdir -p "$1"
}
out "$HERE/sqlite/var/lib/rpm"
cp "$SQL/rpmdb.sqlite" "$HERE/sqlite/var/lib/rpm/rpmdb.sqlite"
QF='%{NAME}\t%{EPOCHNUM}\t%{VERSION}\t%{RELEASE}\t%{ARCH}\t%{LICENSE}\t%{SOURCERPM}\t%{VENDOR}\t[%{FILENAMES} ]\n'
rpm --dbpath "$SQL" -qa --qf "$QF" | sort > "$HERE/sqlite/rpm-qa.tsv"

# Berkeley DB hash databases holding the same headers, keyed by the header number as rpm's
# bdb backend stores them (native-endian uint32; key 0 holds the next header number).
dump() { # pagesize
  echo 'VERSION=3'
  echo 'format=bytevalue'
  echo 'type=hash'
  echo "db_pagesize=$1"
  echo 'HEADER=END'
  next=$(sqlite3 "$SQL/rpmdb.sqlite" 'SELECT max(hnum) + 1 FROM Packages')
  printf ' 00000000\n %s\n' "$(printf '%08x' "$next" | sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/')"
  sqlite3 -separator ' ' "$SQL/rpmdb.sqlite" 'SELECT hnum, lower(hex(blob)) FROM Packages ORDER BY hnum' |
    while read -r hnum blob; do
      printf ' %s\n %s\n' "$(printf '%08x' "$hnum" | sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/')" "$blob"
    done
  echo 'DATA=END'
}
for ps in 4096 512; do
  d="$HERE/bdb-$ps/var/lib/rpm"
  mkdir -p "$d"
  rm -f "$d/Packages"
  dump "$ps" | db5.3_load "$d/Packages"
  rpm --dbpath "$d" --define '_db_backend bdb_ro' -qa --qf "$QF" | sort > "$HERE/bdb-$ps/rpm-qa.tsv"
done
# NDB (SUSE's Packages.db): Debian's rpm is built without the ndb backend, so rpm's own
# writer, lib/backend/ndb/rpmpkg.c from the rpm source package (apt-get source rpm, with a
# deb-src entry), is compiled with ndb-tool/ and fed the same header blobs, plus a sixth
# blob that is then deleted (a freed slot). RPM_SRC is the unpacked source tree.
if [ -n "${RPM_SRC:-}" ]; then
  NDB="$RPM_SRC/lib/backend/ndb"
  gcc -O1 -I"$HERE/ndb-tool/stub" -I"$NDB" -o "$W/ndbput" "$HERE/ndb-tool/ndbput.c" "$NDB/rpmpkg.c"
  d="$HERE/ndb/var/lib/rpm"
  mkdir -p "$d"
  rm -f "$d/Packages.db"
  sqlite3 "$SQL/rpmdb.sqlite" 'SELECT lower(hex(blob)) FROM Packages ORDER BY hnum' > "$W/blobs.hex"
  next=$(($(wc -l < "$W/blobs.hex") + 1))
  { cat "$W/blobs.hex"; head -n 1 "$W/blobs.hex"; } | "$W/ndbput" "$d/Packages.db" "$next"
  "$W/ndbput" "$d/Packages.db" --dump | cmp - "$W/blobs.hex"
  cp "$HERE/sqlite/rpm-qa.tsv" "$HERE/ndb/rpm-qa.tsv"
fi
ls -l "$HERE"/*/var/lib/rpm/*
