import type { ComponentChildren } from 'preact';

export interface EmptyStateProps {
  title: string;
  /** The heading level that fits where the empty state sits in the page's outline. */
  level?: 2 | 3;
  children?: ComponentChildren;
}

/** Says plainly that there is nothing to show, and what the reader can do next. */
export function EmptyState({ title, level = 2, children }: EmptyStateProps) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <div class="empty-state">
      <Heading>{title}</Heading>
      {children}
    </div>
  );
}
