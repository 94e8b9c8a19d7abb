/** Every scenario, in the order they run. */
import type { Scenario } from '../harness/scenario';
import { customGitLab } from './custom-gitlab';
import { badgeLatency, mainThreadCost } from './figures';
import { harnessSmoke } from './harness-smoke';
import { jiraSlaBadge } from './jira-sla-badge';
import { spaNavigation } from './spa-navigation';

export const scenarios: Scenario[] = [harnessSmoke, jiraSlaBadge, spaNavigation, customGitLab, badgeLatency, mainThreadCost];
