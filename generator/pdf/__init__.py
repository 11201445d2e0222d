"""Stage 4, pdf: a department's print documents with WeasyPrint, from the Department and the form definitions.

Every form definition (content/forms/NAME.yml) gives pdf/NAME.pdf, fillable,
with the department's defaults filled in; documents that are pages (the
support cards) arrive as HTML rendered by render/, handed over by commands/.
Nothing here imports render/ or engine/.
"""
