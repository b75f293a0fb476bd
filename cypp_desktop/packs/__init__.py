"""Board packs: the documents a board reads before its meeting, as PDF and as Excel.

A pack is built in two steps so that the slow part can run in a worker thread: a plain-data
snapshot of everything the pack shows is read from the store in one read session
(``snapshot.take_snapshot``), then the builders (``pdf.build_pdf``, ``xlsx.build_xlsx``) turn
the snapshot into files, reporting progress and stopping cleanly when the callback raises.
No Qt here.
"""
