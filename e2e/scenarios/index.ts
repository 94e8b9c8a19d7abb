/** Every scenario, in the order they run. */
import type { Scenario } from '../harness/scenario';
import { harnessSmoke } from './harness-smoke';

export const scenarios: Scenario[] = [harnessSmoke];
