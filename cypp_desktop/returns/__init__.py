"""Excel returns: one workbook per lead out, validated import back, nothing half-applied.

``make`` writes the workbooks; ``reader`` opens a returned file without trusting it (sizes
checked before anything is inflated, XML through defusedxml, rows bounded, formulas never
evaluated); ``validate`` reads every cell as a typed value or a precise error; ``diff``
compares with the plan; ``apply`` writes one file in one transaction through
store/edits.py. No Qt here: the CLI, the GUI's worker and the tests all use these modules.
"""
