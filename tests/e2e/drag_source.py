#!/usr/bin/python3
"""A small GTK3 window that offers the files named on its command line for drag and drop,
as a file manager does: the end-to-end tests press on it with xdotool and release over the
app, so the app receives a real OS drop. Prints "ready" once it is on screen.
Run with the system python (/usr/bin/python3), which has the GTK bindings."""
import sys

import gi

gi.require_version("Gdk", "3.0")
gi.require_version("Gtk", "3.0")
from gi.repository import Gdk, Gio, GLib, Gtk  # noqa: E402

x, y, paths = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
uris = [Gio.File.new_for_path(p).get_uri() for p in paths]

window = Gtk.Window(title="s3desk drag source")
window.set_default_size(160, 120)
window.move(x, y)
source = Gtk.Button(label="drag me")
source.drag_source_set(Gdk.ModifierType.BUTTON1_MASK, [], Gdk.DragAction.COPY)
source.drag_source_add_uri_targets()
source.connect("drag-data-get", lambda _w, _ctx, data, _info, _time: data.set_uris(uris))
window.add(source)
window.connect("destroy", Gtk.main_quit)
window.show_all()
GLib.timeout_add(300, lambda: print("ready", flush=True) and False)
Gtk.main()
