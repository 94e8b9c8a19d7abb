/**
 * A generic tracker's selectors come from its configuration (or a preset), one CSS selector per
 * fact. They are turned into one-entry chains so overrides and readers work as for built-ins.
 */
import type { CustomTracker } from '../../contracts/schema';
import type { SelectorChains } from '../dom';

export type GenericSelectorName = 'title' | 'status' | 'priority' | 'reporter' | 'assignee' | 'createdAt' | 'resolvedAt' | 'viewer' | 'resolved' | 'statusAnchor';

/** Until a tracker is configured there is nothing to read with. */
export const unconfiguredSelectors: SelectorChains<GenericSelectorName> = {
  title: [],
  status: [],
  priority: [],
  reporter: [],
  assignee: [],
  createdAt: [],
  resolvedAt: [],
  viewer: [],
  resolved: [],
  statusAnchor: [],
};

export function selectorsFrom(tracker: CustomTracker): SelectorChains<GenericSelectorName> {
  if (tracker.type !== 'generic') return unconfiguredSelectors;
  const rules = tracker.selectors;
  const chain = (selector: string | undefined) => (selector ? [selector] : []);
  return {
    title: chain(rules.title),
    status: chain(rules.status),
    priority: chain(rules.priority),
    reporter: chain(rules.reporter),
    assignee: chain(rules.assignee),
    createdAt: chain(rules.createdAt),
    resolvedAt: chain(rules.resolvedAt),
    viewer: chain(rules.viewer),
    resolved: chain(rules.resolved),
    statusAnchor: chain(rules.status),
  };
}
