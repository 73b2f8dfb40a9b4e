import type { ReactNode } from 'react';

/**
 * A wide table's frame: it scrolls sideways on a narrow screen instead of widening the page, and,
 * being a named region in the tab order, can be scrolled with the keyboard (axe's
 * scrollable-region-focusable; WCAG 2.1.1).
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take the keyboard's focus
    <section className="table-scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
