// tsdav (cal.com's CalDAV client, npm `tsdav`) against caldavd.
//
// Environment: CALDAV_BASE (server root, no trailing slash), CALDAV_USER, CALDAV_PASSWORD.
// Prints one line per check and closes with "N passed, M failed"; exits 1 on any failure.
//
// Every HTTP exchange tsdav makes goes through globalThis.fetch, which is wrapped (before tsdav
// is imported: it binds fetch at load time) to record method, path and status, so the checks
// can look at the server's own answers and not only at what the library makes of them.
import { randomUUID } from 'node:crypto';

const BASE = (process.env.CALDAV_BASE ?? 'http://127.0.0.1:5232').replace(/\/$/, '');
const USER = process.env.CALDAV_USER ?? 'alice';
const PASSWORD = process.env.CALDAV_PASSWORD ?? 'secret';

let passed = 0;
let failed = 0;
const failures = [];
function check(name, cond, detail = '') {
  if (cond) {
    passed++;
    console.log(`tsdav: ok   ${name}`);
  } else {
    failed++;
    failures.push(name);
    console.log(`tsdav: FAIL ${name}`);
    for (const l of String(detail).split('\n').slice(0, 40)) if (l) console.log(`tsdav:      ${l}`);
  }
  return Boolean(cond);
}
async function step(name, fn) {
  try {
    return await fn();
  } catch (e) {
    check(name, false, `${e?.stack ?? e}`);
    return undefined;
  }
}
function finish() {
  if (failures.length) console.log(`tsdav: failed checks: ${failures.join('; ')}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed || !passed ? 1 : 0);
}

// ------------------------------------------------------------------ request log
const log = [];
const realFetch = globalThis.fetch.bind(globalThis);
globalThis.fetch = async (input, init = {}) => {
  const url = typeof input === 'string' ? input : input.url;
  const method = init.method ?? 'GET';
  const res = await realFetch(input, { ...init, signal: init.signal ?? AbortSignal.timeout(20000) });
  let body = '';
  try { body = await res.clone().text(); } catch { /* ignore */ }
  log.push({ method, path: new URL(url).pathname, status: res.status, body, reqBody: init.body });
  return res;
};
const mark = () => log.length;
const since = (m, method) => log.slice(m).filter((e) => !method || e.method === method);
const show = (entries) => entries.map((e) => `${e.method} ${e.path} -> ${e.status}`).join('\n');
const pathOf = (u) => new URL(u, BASE).pathname;

const { DAVClient } = await import('tsdav');

const homePath = `/calendars/${USER}/`;
const principalPath = `/principals/users/${USER}/`;
const defaultCal = `/calendars/${USER}/calendar/`;

function ics(uid, summary, start, end, { rrule, overrides = [] } = {}) {
  const l = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//caldavd conformance//tsdav//EN',
    'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20240101T000000Z', `DTSTART:${start}`, `DTEND:${end}`,
    `SUMMARY:${summary}`];
  if (rrule) l.push(`RRULE:${rrule}`);
  l.push('END:VEVENT');
  for (const [rid, s, e, sum] of overrides) {
    l.push('BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20240101T000000Z', `RECURRENCE-ID:${rid}`,
      `DTSTART:${s}`, `DTEND:${e}`, `SUMMARY:${sum}`, 'END:VEVENT');
  }
  l.push('END:VCALENDAR');
  return l.join('\r\n') + '\r\n';
}
const uidOf = (o) => /(?:^|\n)UID:([^\r\n]+)/.exec(o?.data ?? '')?.[1];
const uidSet = (objs) => new Set((objs ?? []).map(uidOf));
const sameSet = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));
const fmt = (s) => JSON.stringify([...s]);

// ------------------------------------------------------------------ login (discovery)
for (const serverUrl of [BASE + '/', BASE + `/calendars/${USER}/`]) {
  const c = new DAVClient({
    serverUrl, credentials: { username: USER, password: PASSWORD },
    authMethod: 'Basic', defaultAccountType: 'caldav',
  });
  const m = mark();
  const ok = await step(`login() with serverUrl ${serverUrl}`, async () => { await c.login(); return true; });
  if (!ok) continue;
  const wk = since(m).find((e) => e.path === '/.well-known/caldav');
  check(`login(${pathOf(serverUrl)}): /.well-known/caldav answered 301`, wk?.status === 301, show(since(m)));
  check(`login(${pathOf(serverUrl)}): principalUrl is ${principalPath}`,
    pathOf(c.account?.principalUrl ?? '') === principalPath, `got ${c.account?.principalUrl}\n${show(since(m))}`);
  check(`login(${pathOf(serverUrl)}): homeUrl is ${homePath}`,
    pathOf(c.account?.homeUrl ?? '') === homePath, `got ${c.account?.homeUrl}\n${show(since(m))}`);
}

const client = new DAVClient({
  serverUrl: BASE, credentials: { username: USER, password: PASSWORD },
  authMethod: 'Basic', defaultAccountType: 'caldav',
});
if (!(await step('login()', async () => { await client.login(); return true; }))) finish();

// ------------------------------------------------------------------ calendars
let cals = (await step('fetchCalendars()', () => client.fetchCalendars())) ?? [];
const def = cals.find((c) => pathOf(c.url) === defaultCal);
check('fetchCalendars lists the default calendar', def, JSON.stringify(cals.map((c) => c.url)));
if (def) {
  check('default calendar supports VEVENT', def.components?.includes('VEVENT'), JSON.stringify(def.components));
  check('default calendar has a ctag and a sync-token', def.ctag && def.syncToken, JSON.stringify(def));
  check('supported-report-set lists sync-collection, calendar-query, calendar-multiget',
    ['syncCollection', 'calendarQuery', 'calendarMultiget'].every((r) => def.reports?.includes(r)),
    JSON.stringify(def.reports));
}

const calPath = `${homePath}tsdav-${randomUUID().slice(0, 8)}/`;
let m = mark();
await step('makeCalendar()', () => client.makeCalendar({
  url: BASE + calPath,
  props: { 'd:displayname': 'Conformance tsdav', 'c:calendar-description': 'made by tsdav' },
}));
check('MKCALENDAR answered 201', since(m, 'MKCALENDAR').map((e) => e.status).join() === '201', show(since(m)));
cals = (await step('fetchCalendars() after makeCalendar', () => client.fetchCalendars())) ?? [];
let cal = cals.find((c) => pathOf(c.url) === calPath);
check('fetchCalendars lists the new calendar', cal, JSON.stringify(cals.map((c) => c.url)));
if (!cal) finish();
check('new calendar has its displayname', cal.displayName === 'Conformance tsdav', JSON.stringify(cal.displayName));
check('new calendar has its description', cal.description === 'made by tsdav', JSON.stringify(cal.description));
// makeCalendar sends no supported-calendar-component-set: the calendar takes every component type
check('new calendar (no component set sent) lists VEVENT, VTODO and VJOURNAL (RFC 4791 §5.2.3)',
  ['VEVENT', 'VTODO', 'VJOURNAL'].every((c) => cal.components?.includes(c)), JSON.stringify(cal.components));

// ------------------------------------------------------------------ create
const uSingle = `single-${randomUUID()}`;
const uRec = `recur-${randomUUID()}`;
const uFeb = `feb-${randomUUID()}`;
const objs = {
  single: [`${uSingle}.ics`, ics(uSingle, 'Single', '20300108T090000Z', '20300108T100000Z')],
  rec: [`${uRec}.ics`, ics(uRec, 'Weekly', '20300107T100000Z', '20300107T110000Z', {
    rrule: 'FREQ=WEEKLY;COUNT=5',
    overrides: [['20300114T100000Z', '20300114T150000Z', '20300114T160000Z', 'Weekly moved']],
  })],
  feb: [`${uFeb}.ics`, ics(uFeb, 'February', '20300220T090000Z', '20300220T100000Z')],
};
for (const [k, [filename, data]] of Object.entries(objs)) {
  const r = await step(`createCalendarObject ${k}`, () => client.createCalendarObject({ calendar: cal, filename, iCalString: data }));
  check(`createCalendarObject ${k}: 201 with an ETag`, r?.status === 201 && r.headers.get('etag'),
    `status ${r?.status} etag ${r?.headers.get('etag')} ${log.at(-1)?.body?.slice(0, 500)}`);
}
m = mark();
const dup = await step('createCalendarObject again (If-None-Match: *)', () => client.createCalendarObject({
  calendar: cal, filename: objs.single[0], iCalString: objs.single[1] }));
check('creating an existing object with If-None-Match: * answers 412', dup?.status === 412, show(since(m)));

// ------------------------------------------------------------------ fetch
let all = (await step('fetchCalendarObjects() all', () => client.fetchCalendarObjects({ calendar: cal }))) ?? [];
check('fetchCalendarObjects returns the 3 objects', sameSet(uidSet(all), new Set([uSingle, uRec, uFeb])), fmt(uidSet(all)));
check('every fetched object has an etag and data', all.length && all.every((o) => o.etag && o.data?.includes('BEGIN:VCALENDAR')),
  JSON.stringify(all.map((o) => [o.url, o.etag])));

const jan = (await step('fetchCalendarObjects timeRange', () => client.fetchCalendarObjects({
  calendar: cal, timeRange: { start: '2030-01-01T00:00:00Z', end: '2030-01-10T00:00:00Z' } }))) ?? [];
check('timeRange 2030-01-01..10 finds single + recurring, not february',
  sameSet(uidSet(jan), new Set([uSingle, uRec])), fmt(uidSet(jan)));
const q = since(m, 'REPORT').find((e) => /calendar-query/.test(String(e.reqBody)));
check('calendar-query answered 207', !q || q.status === 207, show(since(m, 'REPORT')));

const feb = (await step('fetchCalendarObjects timeRange February', () => client.fetchCalendarObjects({
  calendar: cal, timeRange: { start: '2030-02-01T00:00:00Z', end: '2030-03-01T00:00:00Z' } }))) ?? [];
check('timeRange 2030-02 finds february + recurring (instance 02-04)',
  sameSet(uidSet(feb), new Set([uFeb, uRec])), fmt(uidSet(feb)));
const none = (await step('fetchCalendarObjects timeRange empty', () => client.fetchCalendarObjects({
  calendar: cal, timeRange: { start: '2031-01-01T00:00:00Z', end: '2031-02-01T00:00:00Z' } }))) ?? ['?'];
check('timeRange 2031-01 finds nothing', none.length === 0, JSON.stringify(none.map((o) => o.url)));

m = mark();
const exp = (await step('fetchCalendarObjects timeRange + expand', () => client.fetchCalendarObjects({
  calendar: cal, expand: true, timeRange: { start: '2030-01-13T00:00:00Z', end: '2030-01-22T00:00:00Z' } }))) ?? [];
check('expand 2030-01-13..22 returns only the recurring object', sameSet(uidSet(exp), new Set([uRec])), fmt(uidSet(exp)));
const ed = exp[0]?.data ?? '';
const dtstarts = [...ed.matchAll(/\nDTSTART[^:\r\n]*:([^\r\n]+)/g)].map((x) => x[1]).sort();
const rids = [...ed.matchAll(/\nRECURRENCE-ID[^:\r\n]*:([^\r\n]+)/g)].map((x) => x[1]).sort();
check('expanded data has no RRULE', exp.length === 1 && !/\nRRULE/.test(ed), ed);
check('expanded data has exactly the instances 01-14 (moved to 15:00) and 01-21 10:00',
  JSON.stringify(dtstarts) === JSON.stringify(['20300114T150000Z', '20300121T100000Z']), `DTSTART ${dtstarts}\n${ed}`);
check('expanded instances carry RECURRENCE-ID 01-14 10:00 and 01-21 10:00',
  JSON.stringify(rids) === JSON.stringify(['20300114T100000Z', '20300121T100000Z']), `RECURRENCE-ID ${rids}\n${ed}`);
check('expanded override keeps its summary', /SUMMARY:Weekly moved/.test(ed), ed);

const byUrl = (await step('fetchCalendarObjects objectUrls (multiget)', () => client.fetchCalendarObjects({
  calendar: cal, objectUrls: [BASE + calPath + objs.feb[0]] }))) ?? [];
check('multiget of one URL returns that object', byUrl.length === 1 && uidOf(byUrl[0]) === uFeb,
  JSON.stringify(byUrl.map((o) => o.url)));

// ------------------------------------------------------------------ sync baseline
cals = (await step('fetchCalendars() for sync baseline', () => client.fetchCalendars())) ?? [];
cal = cals.find((c) => pathOf(c.url) === calPath) ?? cal;
all = (await step('fetchCalendarObjects() baseline', () => client.fetchCalendarObjects({ calendar: cal }))) ?? [];
const local = { ...cal, objects: all };
const tokenBefore = cal.syncToken;
const ctagBefore = cal.ctag;

// ------------------------------------------------------------------ update
const single = all.find((o) => uidOf(o) === uSingle);
m = mark();
const upd = await step('updateCalendarObject', () => client.updateCalendarObject({
  calendarObject: { ...single, data: single.data.replace('SUMMARY:Single', 'SUMMARY:Single updated') } }));
check('updateCalendarObject (If-Match) answers 204 (never 200)', upd?.status === 204, show(since(m)));
const newEtag = upd?.headers.get('etag');
const stale = await step('updateCalendarObject with the old etag', () => client.updateCalendarObject({
  calendarObject: { ...single, data: single.data.replace('SUMMARY:Single', 'SUMMARY:Stale') } }));
check('update with a stale If-Match answers 412', stale?.status === 412, `status ${stale?.status}`);

// ------------------------------------------------------------------ delete + create after baseline
const febObj = all.find((o) => uidOf(o) === uFeb);
m = mark();
const del = await step('deleteCalendarObject', () => client.deleteCalendarObject({ calendarObject: febObj }));
check('deleteCalendarObject answers 204', del?.status === 204, show(since(m)));
const uNew = `new-${randomUUID()}`;
await step('createCalendarObject after baseline', () => client.createCalendarObject({
  calendar: cal, filename: `${uNew}.ics`, iCalString: ics(uNew, 'New', '20300301T090000Z', '20300301T100000Z') }));

// ------------------------------------------------------------------ syncCalendars
m = mark();
const synced = await step('syncCalendars detailed', () => client.syncCalendars({ oldCalendars: [local], detailedResult: true }));
if (synced) {
  const u = synced.updated.find((c) => pathOf(c.url) === calPath);
  check('syncCalendars reports the calendar as updated', u, JSON.stringify(synced.updated.map((c) => c.url)));
  check('sync-token and ctag changed', u && u.syncToken !== tokenBefore && u.ctag !== ctagBefore,
    `${tokenBefore} -> ${u?.syncToken}; ${ctagBefore} -> ${u?.ctag}`);
  const sc = since(m, 'REPORT').filter((e) => /sync-collection/.test(String(e.reqBody)));
  check('syncCalendars used sync-collection (207)', sc.length === 1 && sc[0].status === 207, show(since(m)));
  if (sc.length) {
    check('sync-collection answer lists the deleted object with 404',
      new RegExp(`${objs.feb[0]}</[^>]*href>\\s*<[^>]*status>HTTP/1.1 404`).test(sc[0].body), sc[0].body.slice(0, 3000));
  }
  if (u) {
    const got = uidSet(u.objects);
    check('after sync the calendar holds single (updated), recurring and new; not the deleted one',
      sameSet(got, new Set([uSingle, uRec, uNew])), fmt(got));
    const s2 = u.objects.find((o) => uidOf(o) === uSingle);
    check('synced single object has the new data and etag', s2?.data?.includes('SUMMARY:Single updated') && s2.etag === newEtag,
      `${s2?.etag} vs ${newEtag}`);
  }
}

// smartCollectionSync (webdav method) from the same baseline, detailed
const account = client.account;
const det = await step('smartCollectionSync webdav', () => client.smartCollectionSync({
  collection: { ...local, objectMultiGet: client.calendarMultiGet.bind(client) }, method: 'webdav', account, detailedResult: true }));
if (det) {
  const { created, updated, deleted } = det.objects;
  check('smartCollectionSync: created = {new}', sameSet(uidSet(created), new Set([uNew])), fmt(uidSet(created)));
  check('smartCollectionSync: updated = {single}', sameSet(uidSet(updated), new Set([uSingle])), fmt(uidSet(updated)));
  check('smartCollectionSync: deleted = {february}',
    deleted.length === 1 && pathOf(deleted[0].url) === calPath + objs.feb[0], JSON.stringify(deleted));
  check('smartCollectionSync: new sync token differs', det.syncToken && det.syncToken !== tokenBefore, `${det.syncToken}`);
  const again = await step('smartCollectionSync with the new token', () => client.smartCollectionSync({
    collection: { ...det, objects: [], objectMultiGet: client.calendarMultiGet.bind(client) }, method: 'webdav', account, detailedResult: true }));
  if (again) {
    const n = again.objects.created.length + again.objects.updated.length + again.objects.deleted.length;
    check('sync with the new token reports no changes', n === 0, JSON.stringify(again.objects));
  }
}

// ------------------------------------------------------------------ free-busy
const fb = await step('freeBusyQuery', () => client.freeBusyQuery({
  url: BASE + calPath, timeRange: { start: '2030-01-07T00:00:00Z', end: '2030-01-09T00:00:00Z' }, depth: '0' }));
if (fb) {
  const raw = log.at(-1)?.body ?? '';
  check('free-busy-query answers 200 text/calendar with the busy periods',
    fb.status === 200 && /VFREEBUSY/.test(raw) && /20300107T100000Z/.test(raw) && /20300108T090000Z/.test(raw),
    `status ${fb.status}\n${raw.slice(0, 1500)}`);
}

// ------------------------------------------------------------------ to-dos, queries, multiget
const ETAG_DATA = { 'd:getetag': {}, 'c:calendar-data': {} };
const compFilter = (name, inner = {}) => ({ 'comp-filter': { _attributes: { name: 'VCALENDAR' },
  'comp-filter': { _attributes: { name }, ...inner } } });
const uTodo = `todo-${randomUUID()}`;
const todoIcs = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//caldavd conformance//tsdav//EN', 'BEGIN:VTODO',
  `UID:${uTodo}`, 'DTSTAMP:20240101T000000Z', 'DUE:20300110T120000Z', 'SUMMARY:File the report',
  'STATUS:NEEDS-ACTION', 'END:VTODO', 'END:VCALENDAR'].join('\r\n') + '\r\n';
m = mark();
const rt = await step('createCalendarObject VTODO', () => client.createCalendarObject({
  calendar: cal, filename: `${uTodo}.ics`, iCalString: todoIcs }));
check('a VTODO in the calendar made by makeCalendar: 201', rt?.status === 201, `${show(since(m))}\n${log.at(-1)?.body?.slice(0, 600)}`);
m = mark();
const tq = (await step('calendarQuery with a VTODO comp-filter', () => client.calendarQuery({
  url: BASE + calPath, props: ETAG_DATA, filters: compFilter('VTODO'), depth: '1' }))) ?? [];
check('calendarQuery VCALENDAR > VTODO returns the to-do only',
  tq.length === 1 && pathOf(tq[0].href ?? '/') === `${calPath}${uTodo}.ics`,
  `${JSON.stringify(tq.map((r) => [r.href, r.status]))}\n${show(since(m))}`);

// (tsdav's collectionQuery throws on a 404 member, so no missing href here: discovery.py checks that)
m = mark();
const mg = (await step('calendarMultiGet of two objects', () => client.calendarMultiGet({
  url: BASE + calPath, props: ETAG_DATA, depth: '1', objectUrls: [calPath + objs.single[0], calPath + objs.rec[0]] }))) ?? [];
const mgRaw = since(m, 'REPORT')[0]?.body ?? '';
check('calendarMultiGet answers 207 with both objects\' calendar-data',
  since(m, 'REPORT')[0]?.status === 207 && mgRaw.includes(`UID:${uSingle}`) && mgRaw.includes(`UID:${uRec}`),
  mgRaw.slice(0, 2000));
check('calendarMultiGet: two responses, both 200', mg.length === 2 && mg.every((r) => r.ok),
  JSON.stringify(mg.map((r) => [r.href, r.status])));

const dirty = await step('isCollectionDirty with the ctag from before the changes', () => client.isCollectionDirty({
  collection: { ...cal, ctag: ctagBefore } }));
check('isCollectionDirty: dirty, with a new ctag', dirty?.isDirty === true && dirty.newCtag && dirty.newCtag !== ctagBefore,
  JSON.stringify(dirty));
if (dirty?.newCtag) {
  const clean = await step('isCollectionDirty with the current ctag', () => client.isCollectionDirty({
    collection: { ...cal, ctag: dirty.newCtag } }));
  check('isCollectionDirty with the current ctag: clean', clean?.isDirty === false, JSON.stringify(clean));
}

// RFC 6578 §3.2: every changed member gets a propstat (or a 404 status), also for an empty <prop/>
m = mark();
await step('syncCollection with an empty prop', () => client.syncCollection({
  url: BASE + calPath, props: {}, syncLevel: 1, syncToken: tokenBefore }));
const sEmpty = since(m, 'REPORT')[0];
const sResponses = [...(sEmpty?.body ?? '').matchAll(/<(?:\w+:)?response\b[^>]*>([\s\S]*?)<\/(?:\w+:)?response>/g)].map((x) => x[1]);
check('sync-collection with <prop/> empty answers 207 listing the changes',
  sEmpty?.status === 207 && sResponses.length >= 4, `${sEmpty?.status}\n${(sEmpty?.body ?? '').slice(0, 2000)}`);
check('... each response has a propstat or a 404 status',
  sResponses.length > 0 && sResponses.every((r) => /<(?:\w+:)?propstat>/.test(r) || /HTTP\/1\.1 404/.test(r)),
  `request body: ${String(sEmpty?.reqBody ?? '').replace(/\s+/g, ' ')}\nanswer body: ${(sEmpty?.body ?? '').slice(0, 2000)}`);

// Issue 10 item 2: calendar-query and free-busy-query on the calendar home search its calendars
m = mark();
const hq = (await step('calendarQuery on the calendar home, Depth 1', () => client.calendarQuery({
  url: BASE + homePath, props: { 'd:getetag': {} }, depth: '1',
  filters: compFilter('VEVENT', { 'time-range': { _attributes: { start: '20300107T000000Z', end: '20300109T000000Z' } } }) }))) ?? [];
check('calendarQuery on the home (Depth 1) finds the events of its calendars',
  hq.some((r) => pathOf(r.href ?? '/') === calPath + objs.single[0]) && hq.some((r) => pathOf(r.href ?? '/') === calPath + objs.rec[0]),
  `${JSON.stringify(hq.map((r) => [r.href, r.status]))}\n${show(since(m))}\n${(since(m, 'REPORT')[0]?.body ?? '').slice(0, 800)}`);
m = mark();
// (tsdav throws on a refusal; the check below reads the answer itself)
await client.freeBusyQuery({ url: BASE + homePath, depth: '1',
  timeRange: { start: '2030-01-07T00:00:00Z', end: '2030-01-09T00:00:00Z' } }).catch(() => undefined);
const fbHomeRaw = since(m, 'REPORT')[0]?.body ?? '';
check('free-busy-query on the home (Depth 1) covers its calendars',
  since(m, 'REPORT')[0]?.status === 200 && /20300108T090000Z/.test(fbHomeRaw), `${show(since(m))}\n${fbHomeRaw.slice(0, 1200)}`);

const staleDel = await step('deleteCalendarObject with a stale etag', () => client.deleteCalendarObject({ calendarObject: single }));
check('delete with a stale If-Match answers 412', staleDel?.status === 412, `status ${staleDel?.status}`);
const todoObj = { url: BASE + calPath + `${uTodo}.ics`, etag: rt?.headers.get('etag') };
const dt = await step('deleteCalendarObject VTODO', () => client.deleteCalendarObject({ calendarObject: todoObj }));
check('delete of the to-do answers 204', dt?.status === 204, `status ${dt?.status}`);

// ------------------------------------------------------------------ cleanup
const left = (await step('fetchCalendarObjects() before cleanup', () => client.fetchCalendarObjects({ calendar: cal }))) ?? [];
for (const o of left) {
  const r = await step(`deleteCalendarObject ${o.url}`, () => client.deleteCalendarObject({ calendarObject: o }));
  check(`delete ${pathOf(o.url)} answers 204`, r?.status === 204, `status ${r?.status}`);
}
const empty = (await step('fetchCalendarObjects() after cleanup', () => client.fetchCalendarObjects({ calendar: cal }))) ?? ['?'];
check('calendar is empty after deleting everything', empty.length === 0, JSON.stringify(empty));
m = mark();
const rm = await step('DELETE calendar', () => client.deleteObject({ url: BASE + calPath }));
check('DELETE of the calendar answers 204', rm?.status === 204, show(since(m)));
cals = (await step('fetchCalendars() after delete', () => client.fetchCalendars())) ?? [];
check('deleted calendar is gone, default calendar still listed',
  !cals.some((c) => pathOf(c.url) === calPath) && cals.some((c) => pathOf(c.url) === defaultCal),
  JSON.stringify(cals.map((c) => c.url)));

finish();
