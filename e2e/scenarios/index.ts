/** Every scenario, in the order they run. */
import type { Scenario } from '../harness/scenario';
import { accessibilityAudit, keyboardOnly } from './accessibility';
import { backendOutage } from './backend-outage';
import { browserRestart } from './browser-restart';
import { customGitLab } from './custom-gitlab';
import { detectionHealth } from './detection-health';
import { badgeLatency, mainThreadCost } from './figures';
import { githubRating } from './github-rating';
import { hostilePage } from './hostile-page';
import { jiraSlaBadge } from './jira-sla-badge';
import { liveSettings } from './live-settings';
import { managedPolicy } from './managed-policy';
import { popupPending } from './popup-pending';
import { replyLoop } from './reply-loop';
import { signIn } from './sign-in';
import { spaNavigation } from './spa-navigation';
import { zentaoIframe } from './zentao-iframe';

export const scenarios: Scenario[] = [
  githubRating,
  jiraSlaBadge,
  spaNavigation,
  backendOutage,
  customGitLab,
  hostilePage,
  popupPending,
  browserRestart,
  zentaoIframe,
  liveSettings,
  managedPolicy,
  replyLoop,
  signIn,
  detectionHealth,
  badgeLatency,
  mainThreadCost,
  accessibilityAudit,
  keyboardOnly,
];
