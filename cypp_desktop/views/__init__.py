"""Everything Qt: the main window, pages, item models, delegates and dialogs."""
