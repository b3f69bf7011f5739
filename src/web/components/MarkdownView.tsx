/**
 * Shows a note written in Markdown (components/markdown.ts) as headings, lists and tables. Every piece of text is a
 * React text node: markup typed into a note is shown as typed, never interpreted.
 */
import { Fragment, type ReactNode } from 'react';
import { Code, Divider, List, Stack, Table, Text, Title, type TitleOrder } from '@mantine/core';
import { parseMarkdown, type Inline } from './markdown';

function renderInline(inlines: readonly Inline[]): ReactNode {
  return inlines.map((inline, i) => {
    switch (inline.kind) {
      case 'text':
        return <Fragment key={i}>{inline.text}</Fragment>;
      case 'strong':
        return <strong key={i}>{renderInline(inline.children)}</strong>;
      case 'em':
        return <em key={i}>{renderInline(inline.children)}</em>;
      case 'code':
        return <Code key={i}>{inline.text}</Code>;
    }
  });
}

/** `headingLevel` is the HTML level a note's `#` heading gets, so the note's outline fits under the page's. */
export function MarkdownView({ source, headingLevel = 3 }: { source: string; headingLevel?: 2 | 3 | 4 }) {
  const blocks = parseMarkdown(source);
  return (
    <Stack gap="xs">
      {blocks.map((block, i) => {
        switch (block.kind) {
          case 'heading': {
            const order = Math.min(6, headingLevel + block.level - 1) as TitleOrder;
            return (
              <Title key={i} order={order} size={order <= 3 ? 'h4' : 'h5'} mt={i === 0 ? 0 : 'xs'}>
                {renderInline(block.content)}
              </Title>
            );
          }
          case 'paragraph':
            return (
              <Text key={i} size="sm">
                {block.lines.map((line, l) => (
                  <Fragment key={l}>
                    {l > 0 ? <br /> : null}
                    {renderInline(line)}
                  </Fragment>
                ))}
              </Text>
            );
          case 'list':
            return (
              <List key={i} type={block.ordered ? 'ordered' : 'unordered'} size="sm" spacing={2}>
                {block.items.map((item, n) => (
                  <List.Item key={n}>{renderInline(item)}</List.Item>
                ))}
              </List>
            );
          case 'table':
            return (
              <Table.ScrollContainer key={i} minWidth={320}>
                <Table striped withTableBorder fz="sm">
                  <Table.Thead>
                    <Table.Tr>
                      {block.head.map((cell, c) => (
                        <Table.Th key={c} scope="col">
                          {renderInline(cell)}
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {block.rows.map((row, r) => (
                      <Table.Tr key={r}>
                        {row.map((cell, c) => (
                          <Table.Td key={c}>{renderInline(cell)}</Table.Td>
                        ))}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            );
          case 'rule':
            return <Divider key={i} />;
        }
      })}
    </Stack>
  );
}
