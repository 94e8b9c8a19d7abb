import { defineBackground } from 'wxt/utils/define-background';
import { registerTrackerAccessListeners } from '../../platform/tracker-access';
import { registerFeedbackListeners } from './feedback';

export default defineBackground({
  type: 'module',
  main() {
    // Both register synchronously: MV3 may start the worker just to deliver one event.
    registerTrackerAccessListeners();
    registerFeedbackListeners();
  },
});
