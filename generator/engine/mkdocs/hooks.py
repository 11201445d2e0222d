"""MkDocs hooks that go with every handbook, also into an ejected project (as hooks.py).

Forms and cards repeat the guide's own words (six agendas alike would crowd
every search), so they are taken out of a page before Material's search
indexes it and put back after. Of the theme's own folder only assets/ is
published, as in a generator build (`on_files`; the batch build's
write_theme_assets asks `published` too). This file runs inside plain
`mkdocs build`: it imports nothing from the generator, and nothing from MkDocs
either.
"""

import os
import re

# The generator wraps every form and card block in exactly this frame (`framed`).
BLOCK = re.compile(r'<div class="hb-block" markdown="0">\n.*?\n<!-- /hb-block -->\n</div>', re.S)


def framed(html: str) -> str:
    """A block as it stands in a page's Markdown: passed through by md_in_html, found by BLOCK."""
    return '<div class="hb-block" markdown="0">\n' + html + "\n<!-- /hb-block -->\n</div>"


# md_in_html passes a block marked markdown="0" through as it is, attribute and all; the attribute
# is no HTML (the Nu HTML Checker refuses it), so it is taken out of every start tag after Markdown.
_START_TAG = re.compile(r"""<[a-zA-Z][a-zA-Z0-9-]*(?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>""")
_MARKDOWN_ATTRIBUTE = re.compile(r"""\s+markdown(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?(?=[\s/>])""")
_ATTRIBUTE_VALUES = re.compile(r""""[^"]*"|'[^']*'""")


def unmarked(html):
    """The page without markdown="..." attributes: in start tags only, never in text or in another
    attribute's value (a title or a department's name that says markdown="0" stays as written)."""
    def strip(match):
        values = []

        def hide(value):
            values.append(value.group())
            return f'"\x00{len(values) - 1}"'

        tag = _MARKDOWN_ATTRIBUTE.sub("", _ATTRIBUTE_VALUES.sub(hide, match.group()))
        return re.sub(r'"\x00([0-9]+)"', lambda found: values[int(found.group(1))], tag)

    return _START_TAG.sub(strip, html) if "markdown" in html else html


def placeholder(number: int) -> str:
    return f'<div data-hb-block="{number}"></div>'


# Of the theme's own folder (custom_dir) only assets/ is published, as Material publishes only its own assets/:
# the rest are templates (main.html, 404.html, partials/, portal/), read and never published. MkDocs would
# publish any other file of the folder at the site's root.
PUBLISHED_THEME_FOLDER = "assets/"


def published(file, config) -> bool:
    """Whether a file MkDocs lists for the site is published: anything but a file of the theme's own folder
    outside assets/."""
    custom = config.theme.custom_dir
    from_theme = bool(custom and file.src_dir) and os.path.normpath(file.src_dir) == os.path.normpath(custom)
    return not from_theme or file.src_uri.startswith(PUBLISHED_THEME_FOLDER)


def on_files(files, config):
    for file in [file for file in files if not published(file, config)]:
        files.remove(file)
    return files


def on_page_content(html, page, config, files):
    blocks = []

    def take(match):
        blocks.append(match.group())
        return placeholder(len(blocks) - 1)

    html = BLOCK.sub(take, html)
    # Kept on the page itself until on_page_context, after the search plugin has indexed it.
    page.hb_blocks = blocks
    return html


def on_page_context(context, page, config, nav):
    put_back(page, getattr(page, "hb_blocks", []))
    page.content = unmarked(page.content)
    return context


def put_back(page, blocks) -> None:
    for number, block in enumerate(blocks):
        page.content = page.content.replace(placeholder(number), block, 1)


# What mkdocs.plugins.event_priority(-100) would set: run after the search plugin has indexed the page.
on_page_context.mkdocs_priority = -100  # type: ignore[attr-defined]


def valid(html):
    """Material marks a menu group's label (navigation.sections) tabindex="", which is no HTML (the Nu HTML
    Checker refuses it); an empty tabindex means what none does, so it is left out. Department text cannot
    hold the attribute: its quotes are escaped."""
    return html.replace(' tabindex=""', "")


# A heading that is wholly a department's text in another language than the page's (the generator marks it
# <span lang="da">), and the table of contents' link to it, which MkDocs writes as plain text.
_FOREIGN_HEADING = re.compile(r'<h[1-6] id="([^"]+)"><span lang="([a-zA-Z-]+)">[^<]*</span><a class="headerlink"')


def toc_languages(html):
    """The table of contents' links to a heading in another language, marked with it as the heading is: a
    screen reader reads the menu entry in the heading's voice."""
    for anchor, language in _FOREIGN_HEADING.findall(html):
        html = html.replace(f'<a href="#{anchor}" class="md-nav__link">',
                            f'<a href="#{anchor}" class="md-nav__link" lang="{language}">')
    return html


def on_post_page(output, page, config):
    return toc_languages(valid(output))


def on_post_template(output_content, template_name, config):
    return valid(output_content)   # 404.html, which has the menu too
