"""Charts: specifications built from plain data, drawn by matplotlib on screen (and by the
packs' reportlab code on paper) so that screen and paper show the same thing. No Qt here."""
