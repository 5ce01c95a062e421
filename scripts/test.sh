#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian machine with the .NET SDK: installs the packages
# the tests use (once), builds, runs every test, and checks that the code is `dotnet format` clean.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$here/scripts/setup.sh" --tests
cd "$here"
dotnet test Candor.slnx -c Release --nologo -v q --logger "console;verbosity=minimal" "$@"
echo "format: dotnet format --verify-no-changes"
dotnet format Candor.slnx --verify-no-changes -v q
