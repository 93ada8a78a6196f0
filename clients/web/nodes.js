// Render the API's rich-text `nodes` (docs/api.md) with DOM calls only.
//
// Every element is created by name from a fixed list and every text goes in as a text
// node, so no markup in the content can ever become an element or an attribute here.
// The only attribute set is a link's href, and only for http, https and mailto URLs.

const LINK_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

export function renderNodes(nodes, doc = document) {
  const fragment = doc.createDocumentFragment();
  for (const node of Array.isArray(nodes) ? nodes : []) {
    const rendered = renderNode(node, doc);
    if (rendered) fragment.append(rendered);
  }
  return fragment;
}

function renderNode(node, doc) {
  if (!node || typeof node !== "object") return null;
  switch (node.type) {
    case "text":
      return renderText(node, doc);
    case "break":
      return doc.createElement("br");
    case "paragraph":
      return withChildren(doc.createElement("p"), node, doc);
    case "list":
      return withChildren(doc.createElement(node.ordered ? "ol" : "ul"), node, doc);
    case "list-item":
      return withChildren(doc.createElement("li"), node, doc);
    case "link":
      return renderLink(node, doc);
    default: // a node type from a newer API: keep whatever text it holds
      return Array.isArray(node.children) ? renderNodes(node.children, doc) : null;
  }
}

function withChildren(element, node, doc) {
  element.append(renderNodes(node.children, doc));
  return element;
}

function renderText(node, doc) {
  let out = doc.createTextNode(typeof node.text === "string" ? node.text : "");
  const marks = Array.isArray(node.marks) ? node.marks : [];
  if (marks.includes("italic")) out = wrap(doc.createElement("em"), out);
  if (marks.includes("bold")) out = wrap(doc.createElement("strong"), out);
  return out;
}

function wrap(element, child) {
  element.append(child);
  return element;
}

function renderLink(node, doc) {
  const href = safeHref(node.href);
  if (!href) return renderNodes(node.children, doc); // keep the words, drop the link
  const link = withChildren(doc.createElement("a"), node, doc);
  link.setAttribute("href", href);
  link.setAttribute("rel", "noopener noreferrer");
  return link;
}

export function safeHref(href) {
  if (typeof href !== "string") return null;
  try {
    const url = new URL(href);
    return LINK_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null; // relative or malformed: the API only sends absolute URLs
  }
}
