#!/bin/sh
# Add Infusion Planner to this user's application menu. Run it from the unpacked bundle folder
# (again after moving the folder): ./install-desktop-entry.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
share="${XDG_DATA_HOME:-$HOME/.local/share}"
mkdir -p "$share/applications" "$share/icons/hicolor/512x512/apps"
cp "$here/infusion-planner.png" "$share/icons/hicolor/512x512/apps/infusion-planner.png"
sed "s|^Exec=.*|Exec=\"$here/infusion-planner\"|" "$here/infusion-planner.desktop" \
  > "$share/applications/infusion-planner.desktop"
echo "added to the application menu: $share/applications/infusion-planner.desktop"
