"""Stage 2, render: a Project and one Department -> that handbook's page sources and HTML blocks.

The guide's Jinja pages become Markdown with the department's people and
numbers; forms and cards become HTML blocks kept apart from the Markdown
(blocks.py), and print documents (the cards) become standalone HTML for pdf/.
How links and a few theme classes are written is given by the engine as a
`PageStyle` (links.py); nothing here imports engine/ or pdf/.
"""
