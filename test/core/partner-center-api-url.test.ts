import { describe, expect, test } from 'vitest';
import { partnerCenterApiUrl } from '../../src/core/partner-center-urls.ts';

describe("partnerCenterApiUrl: only ever the REST API's /v1/", () => {
  test.each([
    ['/v1/customers?size=100', 'https://api.partnercenter.microsoft.com/v1/customers?size=100'],
    ['/v1/customers/0c3f7a1e-5b2d-4e8f-9a61-2d7c4b9e8f10/users/u1/licenseupdates', 'https://api.partnercenter.microsoft.com/v1/customers/0c3f7a1e-5b2d-4e8f-9a61-2d7c4b9e8f10/users/u1/licenseupdates'],
    ['/v1/customers?size=100&seekOperation=next', 'https://api.partnercenter.microsoft.com/v1/customers?size=100&seekOperation=next'],
  ])('%s', (path, url) => {
    expect(partnerCenterApiUrl(path)).toBe(url);
  });

  test.each([
    'https://evil.example/v1/customers',
    '//evil.example/v1/customers',
    '/\\evil.example/v1/',
    'v1/customers',
    '/v2/customers',
    '/customers',
    '/v1/../login',
    '/v1/%2e%2e/login',
    '/v1/customers%2f..%2f..%2flogin',
    '/v1/customers @evil.example',
    '/v1/customers\n',
    '',
  ])('%s is refused', (path) => {
    expect(partnerCenterApiUrl(path)).toBeNull();
  });
});
