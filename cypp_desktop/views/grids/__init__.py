"""The editable grids: the officer's spreadsheet-like work surface."""
