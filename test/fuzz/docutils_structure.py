"""Block structure of reStructuredText snippets as docutils' parser builds it (no transforms), for
test/fuzz/structureDiff.mjs.

Reads a JSON list of texts on stdin and writes a JSON list of structures, each a list of [kind, children]:
lists hold one body per item, a block quote, footnote or citation one body, a table one body per cell; a
section is a marker followed by its content (the language server's tree is flat there); titles and system
messages are left out, and inline nodes unless STRUCTURE_INLINE=1."""
import json
import os
import sys
import docutils.frontend, docutils.utils
from docutils.parsers.rst import Parser
from docutils import nodes

parser = Parser()
settings = docutils.frontend.get_default_settings(Parser) if hasattr(docutils.frontend, 'get_default_settings') else docutils.frontend.OptionParser(components=(Parser,)).get_default_values()
settings.report_level = 5
settings.halt_level = 5
settings.warning_stream = open(os.devnull, 'w')
settings.file_insertion_enabled = False
settings.raw_enabled = False

KINDS = {
    'paragraph': 'paragraph', 'bullet_list': 'bulletList', 'enumerated_list': 'enumList', 'definition_list': 'definitionList',
    'field_list': 'fieldList', 'option_list': 'optionList', 'literal_block': 'literal', 'line_block': 'lineBlock',
    'block_quote': 'blockQuote', 'doctest_block': 'doctest', 'table': 'table', 'transition': 'transition',
    'comment': 'comment', 'target': 'target', 'footnote': 'footnote', 'citation': 'citation',
}
ITEMS = {'list_item', 'definition_list_item', 'field', 'option_list_item'}
BODY_OF_ITEM = {'definition', 'field_body', 'description'}

def body(node):
    out = []
    for c in node.children:
        name = c.tagname
        if name == 'system_message' or name == 'title' or (isinstance(c, nodes.Inline) and name != 'target') or isinstance(c, nodes.Text):
            continue
        if name == 'section':
            out.append(['section', []])
            out.extend(body(c))
            continue
        if name in ('attribution', 'label'):
            continue
        kind = KINDS.get(name)
        if kind is None:
            out.append(['?' + name, []])
            continue
        if kind in ('bulletList', 'enumList', 'definitionList', 'fieldList', 'optionList'):
            items = []
            for item in c.children:
                if item.tagname not in ITEMS:
                    continue
                if item.tagname == 'list_item':
                    items.append(body(item))
                else:
                    b = [x for x in item.children if x.tagname in BODY_OF_ITEM]
                    items.append(body(b[0]) if b else [])
            out.append([kind, items])
        elif kind in ('blockQuote', 'footnote', 'citation'):
            out.append([kind, [body(c)]])
        elif kind == 'table':
            out.append([kind, [body(e) for e in c.findall(nodes.entry)]])
        elif kind == 'paragraph' and INLINE:
            out.append([kind, inline(c)])
        else:
            out.append([kind, []])
    return out


# With --inline (STRUCTURE_INLINE=1): a paragraph's inline nodes too, by kind, runs of text as one.
INLINE = os.environ.get('STRUCTURE_INLINE') == '1'
INLINE_KINDS = {
    'emphasis': 'emphasis', 'strong': 'strong', 'literal': 'literal', 'reference': 'reference', 'target': 'inlineTarget',
    'substitution_reference': 'substitutionRef', 'footnote_reference': 'footnoteRef', 'citation_reference': 'citationRef',
    'title_reference': 'interpreted',
}


def inline(node):
    out = []
    for c in node.children:
        kind = 'text' if isinstance(c, nodes.Text) or c.tagname == 'problematic' else INLINE_KINDS.get(c.tagname, '?' + c.tagname)
        if kind == 'text' and out and out[-1] == 'text':
            continue
        if kind == 'inlineTarget' and out and out[-1] == 'reference':
            continue  # the target that an embedded URI (`text <uri>`_) defines
        out.append(kind)
    return out

texts = json.load(sys.stdin)
result = []
for t in texts:
    doc = docutils.utils.new_document('<snippet>', settings)
    try:
        parser.parse(t, doc)
        result.append(body(doc))
    except Exception as e:
        result.append(['!error', str(e)])
json.dump(result, sys.stdout)
