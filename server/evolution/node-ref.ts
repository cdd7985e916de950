/** A step as messages name it to people: its card name, with the id beside it when they differ. */
export function nodeRef(node: { id: string; name?: string }): string {
  const name = node.name?.trim();
  return name && name !== node.id ? `"${name}" (${node.id})` : `"${node.id}"`;
}
