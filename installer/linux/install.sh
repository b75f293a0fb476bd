#!/bin/sh
# Install CYPP Desktop from this unpacked bundle, with its menu entry, icon and .cypp file type.
#
#   ./install.sh               for you: ~/.local/opt/cypp-desktop, ~/.local/bin, ~/.local/share
#   sudo ./install.sh --system for everyone: /opt/cypp-desktop, /usr/local/bin, /usr/local/share
#   ./install.sh --uninstall   (with --system too, as root) takes it all away again
#
# Nothing here needs a network or Python: the bundle carries both Python and Qt.
set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
scope=user
action=install
for argument in "$@"; do
    case $argument in
        --system) scope=system ;;
        --uninstall) action=uninstall ;;
        -h | --help)
            sed -n '2,8s/^# \{0,1\}//p' "$0"
            exit 0
            ;;
        *)
            echo "install.sh: unknown option $argument (try --help)" >&2
            exit 2
            ;;
    esac
done

if [ "$scope" = system ]; then
    app=/opt/cypp-desktop
    bin=/usr/local/bin
    data=/usr/local/share
else
    app=$HOME/.local/opt/cypp-desktop
    bin=$HOME/.local/bin
    data=${XDG_DATA_HOME:-$HOME/.local/share}
fi
desktop=$data/applications/cypp-desktop.desktop
mime=$data/mime/packages/cypp-desktop.xml

refresh() {
    # The desktop's caches, where the tools exist; a desktop without them reads the files.
    if command -v update-mime-database >/dev/null 2>&1; then
        update-mime-database "$data/mime" >/dev/null 2>&1 || true
    fi
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$data/applications" 2>/dev/null || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$data/icons/hicolor/index.theme" ]; then
        gtk-update-icon-cache -q -t "$data/icons/hicolor" 2>/dev/null || true
    fi
}

icons() {
    # Every icon file the bundle carries, as paths under share/icons/hicolor/.
    (cd "$here/share/icons/hicolor" && find . -type f -name '*.png' | sed 's|^\./||')
}

if [ "$action" = uninstall ]; then
    if [ -f "$app/install.sh" ]; then
        rm -rf "$app"
    fi
    if [ -L "$bin/cypp-desktop" ]; then
        rm -f "$bin/cypp-desktop"
    fi
    rm -f "$desktop" "$mime"
    icons | while read -r icon; do rm -f "$data/icons/hicolor/$icon"; done
    refresh
    echo "CYPP Desktop removed. Plans, backups and settings are kept (see the user guide)."
    exit 0
fi

if [ ! -x "$here/cypp-desktop" ] || [ ! -d "$here/_internal" ]; then
    echo "install.sh: run me from the unpacked CYPP Desktop folder (cypp-desktop and _internal beside me)." >&2
    exit 1
fi
if [ -e "$app" ] && [ ! -f "$app/install.sh" ]; then
    echo "install.sh: $app exists and is not a CYPP Desktop installation; not touching it." >&2
    exit 1
fi

if [ "$here" != "$app" ]; then
    # Copied in beside the old one, then swapped, so an interrupted copy leaves the old app.
    mkdir -p "$(dirname "$app")"
    rm -rf "$app.new"
    cp -R "$here" "$app.new"
    rm -rf "$app"
    mv "$app.new" "$app"
fi

mkdir -p "$bin" "$data/applications" "$data/mime/packages"
ln -sf "$app/cypp-desktop" "$bin/cypp-desktop"
sed -e "s|^Exec=cypp-desktop|Exec=\"$app/cypp-desktop\"|" \
    -e "s|^TryExec=cypp-desktop|TryExec=$app/cypp-desktop|" \
    "$app/share/applications/cypp-desktop.desktop" >"$desktop"
cp "$app/share/mime/packages/cypp-desktop.xml" "$mime"
icons | while read -r icon; do
    mkdir -p "$(dirname "$data/icons/hicolor/$icon")"
    cp "$app/share/icons/hicolor/$icon" "$data/icons/hicolor/$icon"
done
refresh
if [ "$scope" = user ] && command -v xdg-mime >/dev/null 2>&1; then
    xdg-mime default cypp-desktop.desktop application/x-cypp-plan 2>/dev/null || true
fi

echo "CYPP Desktop installed in $app"
echo "  menu entry: $desktop"
echo "  command:    $bin/cypp-desktop"
case ":$PATH:" in
    *":$bin:"*) ;;
    *) echo "  ($bin is not on your PATH; the menu entry works without it)" ;;
esac
