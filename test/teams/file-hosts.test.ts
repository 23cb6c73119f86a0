import { test } from 'node:test';
import assert from 'node:assert/strict';
import { refusalOf } from '../../src/teams/file-download.ts';

// Which downloadUrl hosts are fetched: OneDrive for Business / SharePoint (public and national
// clouds) and consumer OneDrive over https; this machine only in unauthenticated local testing.

const allowed = (url: string, allowLoopback = false) => refusalOf(new URL(url), { allowLoopback }) === null;

test('SharePoint and OneDrive hosts over https are fetched', () => {
  for (const url of [
    'https://corp-my.sharepoint.com/personal/helen/_layouts/15/download.aspx?UniqueId=abc',
    'https://corp.sharepoint.com/sites/x/a.csv',
    'https://agency-my.sharepoint.us/a.csv',
    'https://corp.sharepoint.de/a.csv',
    'https://corp.sharepoint.cn/a.csv',
    'https://onedrive.live.com/download?cid=1',
    'https://public.am.files.1drv.com/y4m/a.csv',
  ]) assert.ok(allowed(url), url);
});

test('other hosts, plain http and loopback (when authenticated) are refused', () => {
  for (const url of ['https://evil.example/a.csv', 'https://sharepoint.com.evil.example/a.csv', 'https://evilsharepoint.com/a.csv', 'http://corp.sharepoint.com/a.csv', 'http://127.0.0.1:8080/a.csv', 'https://localhost/a.csv', 'file:///etc/passwd']) {
    assert.ok(!allowed(url), url);
  }
});

test('unauthenticated local testing may fetch from this machine', () => {
  assert.ok(allowed('http://127.0.0.1:8080/files/a.csv', true));
  assert.ok(allowed('http://[::1]:8080/files/a.csv', true));
  assert.ok(!allowed('http://10.0.0.1/files/a.csv', true));
});
