/** `text` with LIKE's wildcards (`%`, `_`) and its escape character made literal, for a pattern built around it. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
