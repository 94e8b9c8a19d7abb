import { defineContentScript } from 'wxt/utils/define-content-script';
import { BUILT_IN_MATCHES } from '../../utils/built-in-matches';

export default defineContentScript({
  matches: BUILT_IN_MATCHES,
  runAt: 'document_idle',
  main() {},
});
