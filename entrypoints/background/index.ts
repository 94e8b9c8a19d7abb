import { defineBackground } from 'wxt/utils/define-background';
import { registerTrackerAccessListeners } from '../../utils/tracker-access';

export default defineBackground({
  type: 'module',
  main() {
    registerTrackerAccessListeners();
  },
});
