/**
 * ZenTao (禅道) in its newer layout: the top page is only a shell (menu, user menu) and the app
 * renders inside `iframe#appIframe-qa`; the bug page in that frame has the title in
 * `#mainMenu .page-title .text`, and `#legendBasicInfo` th/td rows with `span.status-bug.status-…`
 * and `span.label-pri`, as ZenTao renders them (see test/fixtures/generic/zentao-*.html). People are
 * plain cells ("李十 于 …"), so the assignee comes from the bug's JSON view (`zentaoBugJson`).
 */
import { document, text } from './html';

export type ZentaoBugStatus = 'active' | 'resolved' | 'closed';

/** What ZenTao shows for each status (zh-cn UI). */
export const ZENTAO_STATUS_TEXT: Record<ZentaoBugStatus, string> = { active: '激活', resolved: '已解决', closed: '已关闭' };

export interface ZentaoBug {
  id: number;
  title: string;
  status: ZentaoBugStatus;
  priority: 1 | 2 | 3 | 4;
  assignedTo: string;
  openedBy: string;
  /** ISO instant; shown the way ZenTao does, `YYYY-MM-DD HH:mm:ss`. */
  openedAt: string;
}

export const zentaoBugPath = (bug: Pick<ZentaoBug, 'id'>) => `/zentao/bug-view-${bug.id}.html`;

/** The app frame's name in ZenTao's shell: `qa` (测试) holds bugs. */
export const ZENTAO_APP_FRAME = '#appIframe-qa';

const zentaoDate = (iso: string) => iso.slice(0, 19).replace('T', ' ');

/** The bug page itself, as loaded into the shell's app frame. */
export function zentaoBugPage(bug: ZentaoBug): string {
  const status = ZENTAO_STATUS_TEXT[bug.status];
  return document({
    title: `BUG #${bug.id} ${bug.title} - 禅道`,
    head: `<style>body { font-family: sans-serif; margin: 16px; } .status-bug { padding: 2px 6px; border-radius: 3px; background: #e8f3ff; }</style>`,
    bodyAttributes: 'class="m-bug-view body-modal"',
    body: `<div id="mainMenu" class="clearfix">
      <div class="btn-toolbar pull-left">
        <div class="page-title"><span class="label label-id">${bug.id}</span> <span class="text" title="${text(bug.title)}">${text(bug.title)}</span></div>
      </div>
    </div>
    <div id="mainContent" class="main-row">
      <div class="side-col col-4">
        <div class="cell"><details class="detail" open><summary class="detail-title">基本信息</summary>
          <table class="table table-data" id="legendBasicInfo">
            <tr><th>Bug状态</th><td><span class="status-bug status-${bug.status}"><span class="label label-dot"></span> ${text(status)}</span></td></tr>
            <tr><th>优先级</th><td><span class="label-pri label-pri-${bug.priority}" title="${bug.priority}">${bug.priority}</span></td></tr>
            <tr><th>当前指派</th><td>${text(bug.assignedTo)} 于 ${text(zentaoDate(bug.openedAt))}</td></tr>
          </table>
        </details></div>
        <div class="cell"><details class="detail" open><summary class="detail-title">Bug的一生</summary>
          <table class="table table-data" id="legendLife">
            <tr><th>由谁创建</th><td>${text(bug.openedBy)} 于 ${text(zentaoDate(bug.openedAt))}</td></tr>
          </table>
        </details></div>
      </div>
    </div>`,
  });
}

/**
 * The same bug's JSON view (`bug-view-N.json`), as ZenTao's framework wraps a view's variables:
 * `{ status, data: "<JSON string>", md5 }`, people as accounts with a `users` map.
 */
export function zentaoBugJson(bug: ZentaoBug): string {
  const users = { lishi: bug.assignedTo, opener: bug.openedBy };
  const data = JSON.stringify({
    bug: { id: String(bug.id), title: bug.title, status: bug.status, pri: bug.priority, openedBy: 'opener', openedDate: zentaoDate(bug.openedAt), assignedTo: 'lishi' },
    users,
    actions: {},
  });
  return JSON.stringify({ status: 'success', data, md5: '' });
}

/** The top page: menu, the logged-in user, and the app frame showing `appPath`. */
export function zentaoShellPage(options: { appPath: string; viewer: string }): string {
  return document({
    title: '禅道',
    head: `<style>body { margin: 0; font-family: sans-serif; } #appIframe-qa { border: 0; width: 100%; height: 600px; }</style>`,
    bodyAttributes: 'class="m-index-index"',
    body: `<div id="menu"><nav id="menuNav"><ul class="nav"><li data-app="my"><a href="/zentao/my.html">地盘</a></li><li data-app="qa" class="active"><a href="/zentao/qa.html">测试</a></li></ul></nav></div>
    <header id="header"><div id="userNav"><span class="user-name">${text(options.viewer)}</span></div></header>
    <div id="apps"><div class="app-container" id="appContainer-qa">
      <iframe id="appIframe-qa" name="app-qa" frameborder="no" src="${text(options.appPath)}"></iframe>
    </div></div>`,
  });
}
