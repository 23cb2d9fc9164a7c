"""A small HTML tree (stdlib html.parser) for tests that look at a page as a browser would: a form's fields,
the error element a field points at (aria-describedby), what a field would show (its value)."""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
CONTROLS = {"input", "select", "textarea"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: "Node | None") -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def get(self, name: str, default=None):
        return self.attrs.get(name, default)

    @property
    def classes(self) -> set[str]:
        return set((self.get("class") or "").split())

    def walk(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.walk()

    def find_all(self, test) -> list["Node"]:
        return [n for n in self.walk() if test(n)]

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def contains(self, other: "Node") -> bool:
        return any(a is self for a in other.ancestors())

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.open = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: (v if v is not None else "") for k, v in attrs}, self.open)
        self.open.children.append(node)
        if tag not in VOID:
            self.open = node

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.open = self.open.parent

    def handle_endtag(self, tag):
        node = self.open
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:       # an unmatched end tag is ignored
            self.open = node.parent

    def handle_data(self, data):
        self.open.children.append(data)


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def by_id(root: Node, element_id: str) -> Node | None:
    found = root.find_all(lambda n: n.get("id") == element_id)
    assert len(found) <= 1, f"id {element_id!r} is used {len(found)} times"
    return found[0] if found else None


def form(root: Node, action: str) -> Node:
    forms = root.find_all(lambda n: n.tag == "form" and n.get("action") == action)
    assert len(forms) == 1, f"{len(forms)} forms post to {action}"
    return forms[0]


def controls(form_node: Node, name: str) -> list[Node]:
    return form_node.find_all(lambda n: n.tag in CONTROLS and n.get("name") == name)


def shown_value(form_node: Node, name: str):
    """What a field shows: an input's value, a textarea's text, a select's chosen option, the ticked boxes."""
    found = controls(form_node, name)
    assert found, f"no field {name!r} in the form"
    first = found[0]
    if first.tag == "textarea":
        return first.text().removeprefix("\n")
    if first.tag == "select":
        chosen = [o for o in first.find_all(lambda n: n.tag == "option") if "selected" in o.attrs]
        return chosen[0].get("value", chosen[0].text()) if chosen else None
    if first.get("type") in ("checkbox", "radio"):
        return [c.get("value") for c in found if "checked" in c.attrs]
    return first.get("value", "")
