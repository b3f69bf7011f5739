import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, canonicalJson, chainHash, verifyChain, type ChainLink } from './hash-chain.js';

function buildChain(contents: Array<Record<string, string | number>>): ChainLink[] {
  const links: ChainLink[] = [];
  let previous = GENESIS_HASH;
  contents.forEach((content, i) => {
    const hash = chainHash(previous, content);
    links.push({ id: i + 1, previousHash: previous, hash, content });
    previous = hash;
  });
  return links;
}

describe('hash chain', () => {
  it('serialises objects canonically whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'] })).toBe('{"a":[true,null,"x"],"b":1}');
    expect(canonicalJson({ a: [true, null, 'x'], b: 1 })).toBe(canonicalJson({ b: 1, a: [true, null, 'x'] }));
  });

  it('reports an intact chain and how many links it checked', () => {
    const links = buildChain([{ action: 'read' }, { action: 'create' }, { action: 'update' }]);
    expect(verifyChain(links)).toEqual({ intact: true, checked: 3, lastHash: links[2]!.hash });
  });

  it('names the link whose content was altered', () => {
    const links = buildChain([{ action: 'read' }, { action: 'create' }, { action: 'update' }]);
    links[1] = { ...links[1]!, content: { action: 'delete' } };
    expect(verifyChain(links)).toEqual({ intact: false, checked: 1, brokenAt: 2, reason: 'content-hash-mismatch' });
  });

  it('names the link after a removed one', () => {
    const links = buildChain([{ n: 1 }, { n: 2 }, { n: 3 }]);
    links.splice(1, 1);
    expect(verifyChain(links)).toMatchObject({ intact: false, brokenAt: 3, reason: 'previous-hash-mismatch' });
  });
});
